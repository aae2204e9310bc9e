from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alongside.reflections import importers
from alongside.reflections.services import import_comments
from alongside.videos.models import VideoPage

READERS = {"disqus": importers.read_disqus, "wxr": importers.read_wxr}
FORMAT_NAMES = {"disqus": "a Disqus export", "wxr": "a WordPress export (WXR)"}


class Command(BaseCommand):
    help = (
        "Import comments from a Disqus XML export or a WordPress WXR export as reflections, "
        "matching each thread's URL to a video (by path, then by its last segment). "
        "Running it again imports nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=sorted(READERS), required=True)

    def handle(self, *args, file, format, **options):
        videos = list(VideoPage.objects.all())
        videos_by_path = {video.slug: video for video in videos}
        videos_by_path |= {video.url: video for video in videos if video.url}
        try:
            comments = list(READERS[format](file))
        except (OSError, SyntaxError) as error:  # defusedxml's ParseError is a SyntaxError
            raise CommandError(f"Could not read {file}: {error}") from error
        if not comments:
            # Most often the wrong --format: saying "Imported 0" would look like success.
            raise CommandError(
                f"Found no comments in {file}. Is it {FORMAT_NAMES[format]}? "
                "If not, choose its format with --format."
            )
        self.stdout.write(f"Read {len(comments)} comments from {file}.")

        def progress(number, summary):
            self.stdout.write(f"  {number}/{len(comments)}: {summary.imported} imported so far")

        with transaction.atomic():
            summary = import_comments(comments, videos_by_path=videos_by_path, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.imported}, skipped {summary.skipped} "
                f"(already imported or empty), unmatched {summary.unmatched} "
                "(no video at their URL)."
            )
        )
