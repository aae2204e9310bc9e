"""Every change to a video suggestion: a reader suggests, Akismet checks, a curator publishes.

A suggestion for a video we already have is recognised by its provider and id, however its
link is written, and the reader is told so instead of adding a second one.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.core.guard import akismet_says_spam, is_blocked
from alongside.core.mail import (
    absolute_page_url,
    absolute_url,
    normalise_email,
    send_templated_email,
)
from alongside.videos.models import VideoPage
from alongside.videos.providers import parse_video_url
from alongside.videos.selectors import public_videos

from ..models import VideoSuggestion


class Outcome(StrEnum):
    NEW = "new"  # in the curators' queue now
    SUGGESTED = "suggested"  # suggested before, or the curators have it already
    PUBLISHED = "published"  # a live, public video page has it


@dataclass(frozen=True)
class SuggestionResult:
    outcome: Outcome
    video: VideoPage | None = None


def _existing_page(source) -> VideoPage | None:
    return (
        VideoPage.objects.filter(provider=source.provider, provider_video_id=source.video_id)
        .order_by("-live", "pk")
        .first()
    )


@transaction.atomic
def suggest_video(
    *,
    source_url: str,
    reason: str,
    name: str = "",
    email: str = "",
    ip: str = "",
    now: datetime | None = None,
) -> SuggestionResult:
    """Add a reader's suggestion to the queue, or say we have that video already."""
    source = parse_video_url(source_url)
    page = _existing_page(source)
    if page is not None:
        if public_videos().filter(pk=page.pk).exists():
            return SuggestionResult(Outcome.PUBLISHED, page)
        return SuggestionResult(Outcome.SUGGESTED)  # a draft or private page: in hand
    same_video = VideoSuggestion.objects.filter(
        provider=source.provider, provider_video_id=source.video_id
    ).exclude(status=VideoSuggestion.Status.SPAM)
    if same_video.exists():
        return SuggestionResult(Outcome.SUGGESTED)
    email = normalise_email(email) if email else ""
    blocked = is_blocked(email=email, ip=ip, text=f"{name}\n{reason}")
    suggestion = VideoSuggestion(
        source_url=source_url,
        provider=source.provider,
        provider_video_id=source.video_id,
        reason=reason,
        name=name,
        email=email,
        ip_address=ip or None,
        status=VideoSuggestion.Status.SPAM if blocked else VideoSuggestion.Status.NEW,
        created_at=now or timezone.now(),
    )
    suggestion.full_clean()
    try:
        with transaction.atomic():
            suggestion.save()
    except IntegrityError:  # the same video suggested by someone else in the same instant
        return SuggestionResult(Outcome.SUGGESTED)
    if not blocked and settings.AKISMET_API_KEY:
        from .tasks import check_suggestion

        suggestion_id = suggestion.pk
        # Robust: the suggestion is committed; a queue failing now must not answer 500.
        transaction.on_commit(
            lambda: check_suggestion.enqueue(suggestion_id=suggestion_id), robust=True
        )
    return SuggestionResult(Outcome.NEW)


def check_with_akismet(*, suggestion_id: int) -> None:
    """Mark a new suggestion as spam when Akismet says so. Safe to run twice."""
    suggestion = VideoSuggestion.objects.filter(
        pk=suggestion_id, status=VideoSuggestion.Status.NEW
    ).first()
    if suggestion is None:
        return
    if akismet_says_spam(
        ip=suggestion.ip_address or "",
        user_agent="",
        permalink=absolute_url("/suggest/"),
        name=suggestion.name,
        email=suggestion.email,
        text=suggestion.reason,
        kind="contact-form",
    ):
        VideoSuggestion.objects.filter(pk=suggestion_id, status=VideoSuggestion.Status.NEW).update(
            status=VideoSuggestion.Status.SPAM, email=""
        )


@transaction.atomic
def video_published(*, video: VideoPage, now: datetime | None = None) -> int:
    """A video page went live: its suggestions are accepted, and each suggester who asked is
    emailed, once. Returns how many emails were queued."""
    if not video.provider:
        return 0
    now = now or timezone.now()
    suggestions = VideoSuggestion.objects.filter(
        provider=video.provider, provider_video_id=video.provider_video_id
    ).exclude(status=VideoSuggestion.Status.SPAM)
    # Published means accepted, even after a curator first declined it.
    suggestions.exclude(status=VideoSuggestion.Status.ACCEPTED).update(
        status=VideoSuggestion.Status.ACCEPTED
    )
    suggestions.filter(video__isnull=True).update(video=video)
    to_tell = list(
        suggestions.exclude(email="")
        .filter(notify_queued_at__isnull=True)
        .values_list("pk", flat=True)
    )
    # Claimed here, under the same filter, so publishing twice queues one email.
    suggestions.filter(pk__in=to_tell, notify_queued_at__isnull=True).update(notify_queued_at=now)
    if to_tell:
        from .tasks import tell_suggester

        # Robust: a queue failing must not fail the curator's publishing, which is committed.
        transaction.on_commit(
            lambda: [tell_suggester.enqueue(suggestion_id=pk) for pk in to_tell], robust=True
        )
    return len(to_tell)


def tell_suggester(*, suggestion_id: int) -> str:
    """Email the suggester that their video is published, once, then forget the address.
    Raises on SMTP failure (the task retries)."""
    suggestion = (
        VideoSuggestion.objects.select_related("video")
        .filter(pk=suggestion_id, notified_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if suggestion is None:
        return "nothing to send"
    video = suggestion.video
    if video is None or not public_videos().filter(pk=video.pk).exists():
        return "video not public"
    send_templated_email(
        key=f"discovery.suggestion-published:{suggestion.pk}",
        to=suggestion.email,
        template="discovery/suggestions/email/published",
        context={
            "name": suggestion.name,
            "video_title": video.title,
            "video_url": absolute_page_url(video),
            "suggested_on": suggestion.created_at,
        },
    )
    VideoSuggestion.objects.filter(pk=suggestion_id).update(notified_at=timezone.now(), email="")
    return "sent"
