"""Loads the demo topics and videos from demo_content.py; running it twice adds nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page, Site

from alongside.core.sites import agree_default_site_with_site_url

from .demo_content import TOPICS, VIDEOS
from .models import Topic, VideoIndexPage, VideoPage
from .thumbnails import draw_placeholder, save_thumbnail


@transaction.atomic
def load(*, stdout=None) -> None:
    from alongside.discovery.models import HomePage

    home = _home_page(HomePage)
    index = VideoIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=VideoIndexPage(
                title="All videos",
                slug="videos",
                intro="Every video we have shared, newest first. Pick one and take your time.",
            )
        )
        index.save_revision().publish()
    topics = {
        item["slug"]: Topic.objects.get_or_create(slug=item["slug"], defaults=item)[0]
        for item in TOPICS
    }
    existing = set(VideoPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for item in VIDEOS:
        if item["slug"] not in existing:
            _create_video(index, item, topics)
            created += 1
    if stdout is not None:
        stdout.write(f"Demo videos: {created} created, {len(VIDEOS) - created} already there.")


def demo_videos():
    """The demo's own video pages, found by the slugs `load` gives them: never a curator's."""
    return VideoPage.objects.filter(slug__in=[item["slug"] for item in VIDEOS])


def _home_page(home_model):
    home = home_model.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=home_model(
            title="Alongside",
            slug="alongside-home",
            tagline="One short video a week, the story behind it, and one small thing to do today.",
        )
    )
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    welcome_page_id = site.root_page_id if site else None
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Alongside", "root_page": home},
    )
    agree_default_site_with_site_url()
    # Wagtail's own "Welcome to your new Wagtail site!" page has no place in Alongside.
    if welcome_page_id and welcome_page_id != home.pk:
        Page.objects.filter(pk=welcome_page_id, depth=2).exclude(pk=home.pk).delete()
    return home


def _create_video(index, item, topics) -> VideoPage:
    thumbnail = save_thumbnail(
        title=f"{item['title']} (thumbnail)",
        data=draw_placeholder(item["title"], item["colour"]),
        filename=f"{slugify(item['slug'])}.jpg",
    )
    story = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in item["story"])
    page = VideoPage(
        title=item["title"],
        slug=item["slug"],
        summary=item["summary"],
        source_url=item["source_url"],
        alternate_url=item["alternate_url"],
        alternate_label=item["alternate_label"],
        credit=item["credit"],
        duration=timedelta(seconds=item["duration_seconds"]),
        thumbnail=thumbnail,
        story=story,
        read_text=item["read_text"],
        read_url=item["read_url"],
        learn_text=item["learn_text"],
        learn_url=item["learn_url"],
        act_title=item["act_title"],
        act_explanation=item["act_explanation"],
    )
    page.topics.set([topics[slug] for slug in item["topics"]])
    index.add_child(instance=page)
    page.save_revision().publish()
    published = timezone.now() - timedelta(days=item["days_ago"])
    VideoPage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    return page
