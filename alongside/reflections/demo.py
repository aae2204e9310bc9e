"""Loads the demo reflections from demo_content.py onto the demo's own videos; videos that have
reflections already are skipped, so a second run writes nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alongside.core.models import ModerationMode
from alongside.videos.demo import demo_videos

from .demo_content import REFLECTIONS
from .models import Reflection
from .services import post_reflection


@transaction.atomic
def load(*, stdout=None) -> None:
    written = 0
    for video in demo_videos().filter(slug__in=REFLECTIONS):
        if Reflection.objects.filter(video=video).exists():
            continue
        items = REFLECTIONS[video.slug]
        start = _conversation_start(video, items)
        for number, item in enumerate(items):
            parent = _write(video, item, start, key=f"{video.slug}-{number}")
            written += 1
            for reply_number, reply in enumerate(item.get("replies", [])):
                key = f"{video.slug}-{number}-{reply_number}"
                _write(video, reply, start, key=key, parent=parent)
                written += 1
    if stdout is not None:
        stdout.write(f"Demo reflections: {written} written.")


def _conversation_start(video, items):
    """When the first hour of conversation began: the video's publication, or early enough
    that this week's video has no reflections from the future."""
    last_hour = max(
        [item["hours_after"] for item in items]
        + [reply["hours_after"] for item in items for reply in item.get("replies", [])]
    )
    return min(video.first_published_at, timezone.now() - timedelta(hours=last_hour + 1))


def _write(video, item, start, *, key, parent=None) -> Reflection:
    return post_reflection(
        video=video,
        name=item["name"],
        email=f"demo-{key}@example.org",
        text=item["text"],
        idempotency_key=f"demo-{key}",
        mode=ModerationMode.OPEN,
        parent=parent,
        now=start + timedelta(hours=item["hours_after"]),
    ).reflection
