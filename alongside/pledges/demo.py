"""Loads demo pledges (some anonymous, some with notes, some kept with stories).

Pledges are written directly, confirmed and in the past, with no emails sent, on the demo's own
videos only. A video that has pledges already is left alone, so a second run writes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alongside.core.moderation import ModerationStatus
from alongside.videos.demo import demo_videos
from alongside.videos.models import VideoPage

from .demo_content import PLEDGERS
from .models import KeptStory, Pledge

# For each demo video, newest first: how many of the pledgers pledge, and the video's goal.
PLEDGES_AND_GOALS = ((18, 25), (11, None), (7, 10), (4, None), (2, None))


@transaction.atomic
def load(*, stdout=None) -> None:
    videos = demo_videos().live().order_by("-first_published_at", "-pk")
    written = 0
    for video, (count, goal) in zip(videos, PLEDGES_AND_GOALS, strict=False):
        if Pledge.objects.filter(video=video).exists():
            continue  # loaded before, or real pledges came in: either way not ours to touch
        if goal and video.pledge_goal is None:
            VideoPage.objects.filter(pk=video.pk).update(pledge_goal=goal)
        # Spread the pledges between the video's publication and now, kept ones half way on.
        start, now = video.first_published_at, timezone.now()
        step = (now - start) / (count + 1)
        for number, (name, show_name, note, kept, story) in enumerate(PLEDGERS[:count]):
            confirmed_at = start + step * (number + 1)
            pledge = Pledge.objects.create(
                video=video,
                name=name,
                email=f"demo-pledger-{number}@example.org",
                show_name=show_name,
                note=note,
                status=ModerationStatus.PUBLISHED,
                created_at=confirmed_at - timedelta(minutes=12),
                confirmed_at=confirmed_at,
                kept_at=confirmed_at + (now - confirmed_at) / 2 if kept else None,
                follow_ups_sent=1,
            )
            if kept and story:
                KeptStory.objects.create(
                    pledge=pledge,
                    text=story,
                    status=ModerationStatus.PUBLISHED,
                    created_at=pledge.kept_at,
                )
            written += 1
    if stdout is not None:
        stdout.write(f"Demo pledges: {written} written.")
