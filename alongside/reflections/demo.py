"""Loads the demo reflections from demo_content.py; videos that have reflections are skipped."""

from datetime import timedelta

from django.db import transaction

from alongside.core.models import ModerationMode
from alongside.videos.models import VideoPage

from .demo_content import REFLECTIONS
from .models import Reflection
from .services import post_reflection


@transaction.atomic
def load(*, stdout=None) -> None:
    written = 0
    for video in VideoPage.objects.filter(slug__in=REFLECTIONS):
        if Reflection.objects.filter(video=video).exists():
            continue
        for number, item in enumerate(REFLECTIONS[video.slug]):
            parent = _write(video, item, key=f"{video.slug}-{number}")
            written += 1
            for reply_number, reply in enumerate(item.get("replies", [])):
                _write(video, reply, key=f"{video.slug}-{number}-{reply_number}", parent=parent)
                written += 1
    if stdout is not None:
        stdout.write(f"Demo reflections: {written} written.")


def _write(video, item, *, key, parent=None) -> Reflection:
    return post_reflection(
        video=video,
        name=item["name"],
        email=f"demo-{key}@example.org",
        text=item["text"],
        idempotency_key=f"demo-{key}",
        mode=ModerationMode.OPEN,
        parent=parent,
        now=video.first_published_at + timedelta(hours=item["hours_after"]),
    ).reflection
