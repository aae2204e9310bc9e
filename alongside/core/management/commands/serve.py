import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site on 127.0.0.1:$PORT with the background task worker; Ctrl-C stops both."

    def handle(self, *args, **options):
        # runserver's autoreloader re-runs this command in a child process (RUN_MAIN=true);
        # only the outer process starts the worker, so there is exactly one.
        worker = None
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"])
        try:
            call_command("runserver", f"127.0.0.1:{settings.PORT}")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
