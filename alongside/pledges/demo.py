"""Loads demo pledges (some anonymous, some with notes, some kept with stories).

Pledges are written directly, confirmed and in the past, with no emails sent. Running it twice
adds nothing: a demo pledger's address is unique per video.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alongside.core.moderation import ModerationStatus
from alongside.videos.models import VideoPage

from .demo_content import PLEDGERS
from .models import KeptStory, Pledge

# How many of the pledgers pledge on each video, newest video first.
PER_VIDEO = (18, 11, 7, 4, 2)
GOALS = (25, None, 10)


@transaction.atomic
def load(*, stdout=None) -> None:
    videos = list(VideoPage.objects.live().order_by("-first_published_at", "-pk")[: len(PER_VIDEO)])
    written = 0
    for video_number, (video, count) in enumerate(zip(videos, PER_VIDEO, strict=False)):
        if video_number < len(GOALS) and video.pledge_goal is None and GOALS[video_number]:
            VideoPage.objects.filter(pk=video.pk).update(pledge_goal=GOALS[video_number])
        existing = set(Pledge.objects.filter(video=video).values_list("email", flat=True))
        # Spread the pledges between the video's publication and now, kept ones half way on.
        start, now = video.first_published_at, timezone.now()
        step = (now - start) / (count + 1)
        for number, (name, show_name, note, kept, story) in enumerate(PLEDGERS[:count]):
            email = f"demo-pledger-{number}@example.org"
            if email in existing:
                continue
            confirmed_at = start + step * (number + 1)
            pledge = Pledge.objects.create(
                video=video,
                name=name,
                email=email,
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
