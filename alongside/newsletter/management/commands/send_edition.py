"""manage.py send_edition VIDEO_SLUG [--now]: send that video's weekly email."""

from django.core.management.base import BaseCommand, CommandError

from alongside.newsletter import editions, sending
from alongside.newsletter.models import Edition
from alongside.videos.selectors import public_videos


class Command(BaseCommand):
    help = (
        "Send a video's weekly email to every confirmed subscriber: queued for the task "
        "worker, or with --now sent from here, printing progress. Sending resumes where it "
        "stopped, and nobody gets it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("video_slug")
        parser.add_argument(
            "--now", action="store_true", help="Send from this command instead of the worker."
        )

    def handle(self, *args, video_slug, now, **options):
        video = public_videos().filter(slug=video_slug).first()
        if video is None:
            raise CommandError(f"No live video has the slug {video_slug!r}.")
        edition = editions.edition_for(video)
        if not sending.start_sending(edition=edition, queue=not now):
            raise CommandError(
                f"This edition is {edition.get_status_display().lower()}: "
                "only a draft, scheduled or paused edition can be sent."
            )
        total = edition.deliveries.count()
        if not now:
            self.stdout.write(f"Queued “{edition.subject}” for {total} subscribers.")
            return
        self.stdout.write(f"Sending “{edition.subject}” to {total} subscribers.")

        def progress(counts):
            self.stdout.write(
                f"  sent {counts['sent']} of {total}, failed {counts['failed']}, "
                f"bounced {counts['bounced']}"
            )

        status = sending.send(edition.pk, progress=progress)
        counts = sending.counts(edition.pk)
        label = dict(Edition.Status.choices).get(status, status)
        self.stdout.write(
            f"{label}: {counts['sent']} sent, {counts['failed']} failed, "
            f"{counts['bounced']} bounced, {counts['queued']} waiting for a retry."
        )
