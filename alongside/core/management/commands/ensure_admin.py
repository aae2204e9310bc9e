import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the 'admin' superuser if it does not exist, with ADMIN_PASSWORD or a generated "
        "password printed once."
    )

    def handle(self, *args, **options):
        users = get_user_model().objects
        if users.filter(username="admin").exists():
            return
        password = settings.ADMIN_PASSWORD or secrets.token_urlsafe(12)
        users.create_superuser("admin", email="", password=password)
        if settings.ADMIN_PASSWORD:
            self.stdout.write("Created the admin user 'admin' with the password in ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created the admin user 'admin' with the password {password}\n"
                    "It is shown only this once: write it down, or change it in the admin."
                )
            )
