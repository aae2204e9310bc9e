from django.core.management.base import BaseCommand

from alongside.pledges.services import expire_unconfirmed_pledges


class Command(BaseCommand):
    help = (
        "Delete pledges left unconfirmed for 7 days. Each pledge also schedules its own expiry "
        "task, and the periodic jobs run this sweep hourly; run it by hand to sweep at once."
    )

    def handle(self, *args, **options):
        removed = expire_unconfirmed_pledges()
        if options["verbosity"]:
            self.stdout.write(f"Expired unconfirmed pledges: {removed}.")
