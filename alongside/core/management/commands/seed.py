"""Fill a database quickly with synthetic videos, reflections and pledges (benchmarks, load).

Pages are inserted in bulk rather than through Wagtail's page API (which costs several queries
and a revision per page): the rows are what Wagtail itself would write for a published page.
"""

import time
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from alongside.core.mail import avatar_seed
from alongside.core.models import ModerationStatus
from alongside.discovery.search.indexing import index_videos
from alongside.pledges.models import KeptStory, Pledge
from alongside.reflections.models import Reflection
from alongside.reflections.text import render_text
from alongside.videos.models import Topic, VideoIndexPage, VideoPage

BATCH = 2000
STORY = "<p>A synthetic story, long enough to look like one. " * 6 + "</p>"


class Command(BaseCommand):
    help = "Add N synthetic videos with M reflections and P pledges each (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--videos", type=int, default=10)
        parser.add_argument("--reflections-per-video", type=int, default=50)
        parser.add_argument("--pledges-per-video", type=int, default=200)

    def handle(self, *args, videos, reflections_per_video, pledges_per_video, **options):
        index = VideoIndexPage.objects.first()
        if index is None:
            raise CommandError("No video index page: run `manage.py load_demo` first.")
        started = time.monotonic()
        with transaction.atomic():
            pages = insert_video_pages(index, videos)
            reflections = insert_reflections(pages, reflections_per_video)
            pledges = insert_pledges(pages, pledges_per_video)
            # Bulk inserts skip Wagtail's indexing task: the new videos are indexed here.
            index_videos(VideoPage.objects.filter(pk__in=[page.pk for page in pages]))
        self.stdout.write(
            f"Seeded {len(pages)} videos, {reflections} reflections and {pledges} pledges "
            f"in {time.monotonic() - started:.1f}s."
        )


def insert_video_pages(index, count) -> list[VideoPage]:
    index = Page.objects.get(pk=index.pk)  # fresh numchild
    content_type = ContentType.objects.get_for_model(VideoPage)
    locale = Locale.get_default()
    topics = list(Topic.objects.all())
    now = timezone.now()
    run = uuid.uuid4().hex[:6]
    pages = []
    for number in range(count):
        slug = f"seeded-{run}-{number}"
        published = now - timedelta(hours=number + 1)
        pages.append(
            VideoPage(
                title=f"Seeded video {number}",
                draft_title=f"Seeded video {number}",
                slug=slug,
                content_type=content_type,
                locale=locale,
                path=index._get_path(index.path, index.depth + 1, index.numchild + number + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                translation_key=uuid.uuid4(),
                summary=f"A synthetic video, number {number}, for measuring the site.",
                source_url="https://www.youtube.com/watch?v=kZlXWp6vFdE",
                provider="youtube",
                provider_video_id="kZlXWp6vFdE",
                duration=timedelta(minutes=3),
                story=STORY,
                read_text="Read about it",
                read_url="https://en.wikipedia.org/wiki/Derek_Redmond",
                learn_text="Learn about it",
                learn_url="https://en.wikipedia.org/wiki/Psychological_resilience",
                act_title="Stand by someone today",
                act_explanation="Tell one person who is struggling that you are with them.",
            )
        )
    # Django cannot bulk-insert multi-table models: insert the Page rows in bulk, then each
    # VideoPage row alone (raw, as fixtures are loaded), which is still one cheap INSERT each.
    base_rows = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(p, f.attname) for f in Page._meta.concrete_fields})
            for p in pages
        ]
    )
    for page, base in zip(pages, base_rows, strict=True):
        page.pk = page.page_ptr_id = base.pk
        page.save_base(raw=True)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    if topics:
        through = VideoPage.topics.through
        through.objects.bulk_create(
            through(videopage_id=page.pk, topic_id=topics[number % len(topics)].pk)
            for number, page in enumerate(pages)
        )
    return pages


def insert_reflections(pages, per_video) -> int:
    now = timezone.now()
    rows = []
    for page in pages:
        for number in range(per_video):
            text = f"Seeded reflection {number} on {page.slug}.\n\nIt has two paragraphs."
            email = f"reader{number}@example.org"
            rows.append(
                Reflection(
                    video_id=page.pk,
                    name=f"Reader {number}",
                    email=email,
                    text=text,
                    text_html=render_text(text),
                    avatar_seed=avatar_seed(email),
                    submission_key=uuid.uuid4().hex,
                    content_hash=uuid.uuid4().hex,
                    status=ModerationStatus.PUBLISHED,
                    created_at=now - timedelta(minutes=per_video - number),
                )
            )
    Reflection.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def insert_pledges(pages, per_video) -> int:
    now = timezone.now()
    rows = []
    for page in pages:
        for number in range(per_video):
            rows.append(
                Pledge(
                    video_id=page.pk,
                    name=f"Pledger {number}",
                    email=f"pledger{number}@example.org",
                    show_name=number % 3 != 0,
                    note="I will." if number % 4 == 0 else "",
                    status=ModerationStatus.PUBLISHED,
                    created_at=now - timedelta(minutes=number + 5),
                    confirmed_at=now - timedelta(minutes=number),
                    kept_at=now if number % 5 == 0 else None,
                )
            )
    Pledge.objects.bulk_create(rows, batch_size=BATCH)
    kept = Pledge.objects.filter(video_id__in=[p.pk for p in pages], kept_at__isnull=False)
    KeptStory.objects.bulk_create(
        [
            KeptStory(
                pledge=pledge,
                text="It went well.",
                status=ModerationStatus.PUBLISHED,
                created_at=now,
            )
            for pledge in kept[: 5 * len(pages)]
        ],
        batch_size=BATCH,
    )
    return len(rows)
