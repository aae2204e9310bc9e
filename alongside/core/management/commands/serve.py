import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# What runs beside the web server, as in production: the task worker and the periodic jobs.
BACKGROUND_COMMANDS = (["db_worker"], ["run_periodic_jobs"])


class Command(BaseCommand):
    help = (
        "Serve the site on 127.0.0.1:$PORT with the background task worker and the periodic "
        "jobs; Ctrl-C stops all three."
    )

    def handle(self, *args, **options):
        # runserver's autoreloader re-runs this command in a child process (RUN_MAIN=true);
        # only the outer process starts the others, so there is exactly one of each.
        background = []
        if os.environ.get("RUN_MAIN") != "true":
            background = [
                subprocess.Popen([sys.executable, "manage.py", *command])
                for command in BACKGROUND_COMMANDS
            ]
        try:
            call_command("runserver", f"127.0.0.1:{settings.PORT}")
        finally:
            for process in background:
                process.terminate()
            for process in background:
                process.wait(timeout=15)
