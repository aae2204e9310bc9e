import signal

from django.core.management.base import BaseCommand

from alongside.core.periodic import PERIODIC_JOBS, ROUND_SECONDS, PeriodicJobRunner


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (scheduled publishing, pledge expiry, digests, requeueing tasks "
        "whose worker died, pruning finished tasks) when they are due, until stopped. Run one "
        "per site, beside the task workers; a second one is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs that are due once, then exit."
        )
        parser.add_argument(
            "--round-seconds",
            type=float,
            default=ROUND_SECONDS,
            help=f"Seconds between two checks for due jobs (default {ROUND_SECONDS}).",
        )

    def handle(self, *args, **options):
        runner = PeriodicJobRunner()
        if options["once"]:
            for name in runner.run_round():
                self.stdout.write(f"Ran: {name}.")
            return

        def stop(signum, frame):
            runner.stopping = True  # finish the round in progress, then exit

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        names = ", ".join(job.name for job in PERIODIC_JOBS)
        self.stdout.write(f"Periodic jobs ({names}): checking every {options['round_seconds']} s.")
        runner.run_forever(round_seconds=options["round_seconds"])
