"""Every change to a pledge: start, confirm, keep, ask again, stop emails, withdraw, expire.

Each service is one transaction; emails and other slow work are enqueued on commit.
"""

import uuid
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.cache import invalidate_page
from alongside.core.guard import is_blocked
from alongside.core.mail import normalise_email
from alongside.core.moderation import ModerationMode, ModerationStatus
from alongside.core.tasks import kwargs_with_runs

from .models import (
    ASK_AGAIN_AFTER,
    CONFIRM_WITHIN,
    DOUBLE_SUBMIT_WINDOW,
    PLEDGE_LISTS,
    PUBLIC_STATUSES,
    KeptStory,
    Pledge,
    PledgeEmail,
    PledgeSettings,
)


class PledgesClosed(ValidationError):
    """The curator closed pledges on this video."""

    def __init__(self):
        super().__init__(_("Pledges on this video are closed."), code="closed")


class NotConfirmed(Exception):
    """A follow-up action on a pledge that was never confirmed."""


def _enqueue_email(*, pledge: Pledge, kind: str, key: str, run_after: datetime | None = None):
    from .tasks import send_pledge_email

    task = send_pledge_email.using(run_after=run_after) if run_after else send_pledge_email
    # In the service's transaction: the queue is a table of the same database, so the email is
    # queued if and only if the change commits (docs/decisions/0053).
    task.enqueue(pledge_id=pledge.pk, kind=kind, key=key)


def _enqueue_spam_check(*, model: str, pk: int, then_confirm: str = "") -> bool:
    """Ask Akismet in a task, when configured; `then_confirm` is the key of the confirmation
    email to send once the note is found clean. Returns False when there is no one to ask."""
    if not settings.AKISMET_API_KEY:
        return False
    from .tasks import check_for_spam

    check_for_spam.enqueue(model=model, pk=pk, then_confirm=then_confirm)  # as _enqueue_email
    return True


def _email_key(kind: str, pledge: Pledge) -> str:
    """Names one email to send (a task run twice sends it once); new for each request."""
    return f"{kind}:{pledge.key}:{uuid.uuid4().hex}"


def _send_confirmation(*, pledge: Pledge) -> None:
    """Email the confirmation link; a note is checked for spam first (Akismet, if set up)."""
    key = _email_key("confirm", pledge)
    if not (pledge.note and _enqueue_spam_check(model="pledge", pk=pledge.pk, then_confirm=key)):
        _enqueue_email(pledge=pledge, kind=PledgeEmail.Kind.CONFIRM, key=key)
    _schedule_expiry(pledge=pledge)


def _refresh_video_page(pledge: Pledge) -> None:
    """The video page shows counts and pledges: the cached copy is stale after this commit."""
    # Inside the transaction: update() sends no signal.
    invalidate_page(pledge.video_id, section=PLEDGE_LISTS)


def _initial_status(*, mode: str, text: str, blocked: bool) -> str:
    if blocked:
        return ModerationStatus.SPAM
    if text and mode == ModerationMode.HOLD:
        return ModerationStatus.PENDING
    return ModerationStatus.PUBLISHED


@transaction.atomic
def start_pledge(
    *,
    video,
    name: str,
    email: str,
    note: str = "",
    show_name: bool = True,
    ip: str = "",
    request_key: str = "",
    now: datetime | None = None,
) -> Pledge:
    """Record a pledge and email its confirmation link.

    Pledging again with the same address never makes a second pledge: an unconfirmed one is
    updated and its link sent again, a confirmed one gets an email saying so. The caller shows
    the same thank-you in every case, so the page never tells whether an address pledged.
    Only the same sending of the form (`request_key`, see core.guard.submission_key) arriving
    again within seconds is a double submit, answered without a second email.
    Blocked senders get a pledge kept as spam and no email.
    """
    if not video.pledges_open:
        raise PledgesClosed
    now = now or timezone.now()
    email = normalise_email(email)
    request_key = request_key or uuid.uuid4().hex
    blocked = is_blocked(email=email, ip=ip, text=f"{name}\n{note}")
    pledge_again = partial(
        _pledge_again,
        name=name,
        note=note,
        show_name=show_name,
        request_key=request_key,
        blocked=blocked,
        now=now,
    )
    existing = Pledge.objects.select_for_update().filter(video=video, email=email).first()
    if existing is not None:
        return pledge_again(pledge=existing)
    pledge = Pledge(
        video=video,
        name=name,
        email=email,
        note=note,
        show_name=show_name,
        ip_address=ip or None,
        request_key=request_key,
        requested_at=now,
        created_at=now,
        expires_at=now + CONFIRM_WITHIN,
        status=ModerationStatus.SPAM if blocked else ModerationStatus.PENDING,
    )
    pledge.full_clean()
    try:
        with transaction.atomic():
            pledge.save()
    except IntegrityError:  # the same address pledged in the same instant from elsewhere
        return pledge_again(pledge=Pledge.objects.select_for_update().get(video=video, email=email))
    if not blocked:
        _send_confirmation(pledge=pledge)
    return pledge


def _pledge_again(*, pledge, name, note, show_name, request_key, blocked, now) -> Pledge:
    if (
        pledge.request_key == request_key
        and pledge.requested_at
        and now - pledge.requested_at < DOUBLE_SUBMIT_WINDOW
    ):
        return pledge  # the same form sent twice: already handled
    pledge.request_key, pledge.requested_at = request_key, now
    if pledge.status == ModerationStatus.SPAM or (blocked and not pledge.is_confirmed):
        pledge.status = ModerationStatus.SPAM
        pledge.save(update_fields=["request_key", "requested_at", "status"])
        return pledge
    if pledge.is_confirmed:
        pledge.save(update_fields=["request_key", "requested_at"])
        _enqueue_email(
            pledge=pledge, kind=PledgeEmail.Kind.ALREADY, key=_email_key("already", pledge)
        )
        return pledge
    # Not confirmed yet: take the latest wording and send the link again, good for 7 more days.
    pledge.name, pledge.note, pledge.show_name = name, note, show_name
    pledge.expires_at = now + CONFIRM_WITHIN
    pledge.full_clean()
    pledge.save()
    _send_confirmation(pledge=pledge)
    return pledge


def _schedule_expiry(*, pledge: Pledge) -> None:
    from .tasks import expire_pledge

    run_after = pledge.expires_at
    transaction.on_commit(
        lambda: expire_pledge.using(run_after=run_after).enqueue(pledge_id=pledge.pk)
    )


@transaction.atomic
def confirm_pledge(*, pledge: Pledge, now: datetime | None = None) -> bool:
    """Count and show the pledge, and schedule the "did you do it?" email.

    Returns False when there was nothing to do (already confirmed, or kept as spam).
    """
    now = now or timezone.now()
    # Lock the pledge row only, not the video page joined for its follow-up delay.
    pledge = (
        Pledge.objects.select_for_update(of=("self",)).select_related("video").get(pk=pledge.pk)
    )
    if pledge.is_confirmed or pledge.status == ModerationStatus.SPAM:
        return False
    pledge.confirmed_at = now
    pledge.expires_at = None
    if pledge.status == ModerationStatus.PENDING:  # a curator's earlier decision stands
        pledge.status = _initial_status(
            mode=PledgeSettings.load().notes_mode, text=pledge.note, blocked=False
        )
    pledge.save(update_fields=["confirmed_at", "expires_at", "status"])
    _refresh_video_page(pledge)
    _enqueue_email(
        pledge=pledge,
        kind=PledgeEmail.Kind.FOLLOW_UP,
        key=f"follow-up:{pledge.key}",
        run_after=now + timedelta(days=pledge.video.pledge_follow_up_days),
    )
    return True


@transaction.atomic
def mark_kept(
    *, pledge: Pledge, story: str = "", ip: str = "", now: datetime | None = None
) -> Pledge:
    """The pledger says they did it; with a story, keep that too (moderated).

    Safe to repeat: the first "I did it" counts, and a pledge has at most one story.
    """
    now = now or timezone.now()
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not pledge.is_confirmed:
        raise NotConfirmed
    if pledge.kept_at is None:
        pledge.kept_at = now
        pledge.save(update_fields=["kept_at"])
    story = story.strip()
    if story and not KeptStory.objects.filter(pledge=pledge).exists():
        blocked = is_blocked(email=pledge.email, ip=ip, text=story)
        kept_story = KeptStory(
            pledge=pledge,
            text=story,
            created_at=now,
            ip_address=ip or None,
            status=_initial_status(
                mode=PledgeSettings.load().stories_mode, text=story, blocked=blocked
            ),
        )
        kept_story.full_clean()
        kept_story.save()
        if not blocked:
            _enqueue_spam_check(model="story", pk=kept_story.pk)
    _refresh_video_page(pledge)
    return pledge


@transaction.atomic
def ask_again_later(*, pledge: Pledge, now: datetime | None = None) -> bool:
    """ "Not yet": ask once more a week from now. Returns False if nothing was scheduled."""
    now = now or timezone.now()
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not pledge.is_confirmed:
        raise NotConfirmed
    if pledge.kept_at or pledge.emails_stopped_at or pledge.not_yet_at:
        return False
    pledge.not_yet_at = now
    pledge.save(update_fields=["not_yet_at"])
    _enqueue_email(
        pledge=pledge,
        kind=PledgeEmail.Kind.ASK_AGAIN,
        key=f"ask-again:{pledge.key}",
        run_after=now + ASK_AGAIN_AFTER,
    )
    return True


@transaction.atomic
def stop_emails(*, pledge: Pledge, now: datetime | None = None) -> None:
    """No more follow-ups for this pledge (it stays counted)."""
    Pledge.objects.filter(pk=pledge.pk, emails_stopped_at__isnull=True).update(
        emails_stopped_at=now or timezone.now()
    )


@transaction.atomic
def withdraw_pledge(*, pledge: Pledge) -> None:
    """Delete the pledge with everything stored about the pledger (story, email records), and
    their subscription to the weekly email: "delete all my data" means all of it."""
    from alongside.newsletter.services import forget_address

    Pledge.objects.filter(pk=pledge.pk).delete()
    forget_address(email=pledge.email)
    _refresh_video_page(pledge)


@transaction.atomic
def record_email_sent(*, pledge_id: int, kind: str, key: str, now: datetime | None = None) -> bool:
    """Note that an email went out; returns False if it was already recorded."""
    if not Pledge.objects.filter(pk=pledge_id).exists():
        return False
    _, created = PledgeEmail.objects.get_or_create(
        key=key, defaults={"pledge_id": pledge_id, "kind": kind, "sent_at": now or timezone.now()}
    )
    if created and kind in (PledgeEmail.Kind.FOLLOW_UP, PledgeEmail.Kind.ASK_AGAIN):
        Pledge.objects.filter(pk=pledge_id).update(follow_ups_sent=F("follow_ups_sent") + 1)
    return created


# A "did you do it?" email whose task was lost is queued again by the periodic jobs for this
# long after it was due: later, it would come out of the blue. Shorter than the days finished
# task rows are kept, so a task that ran is never taken for lost once its row is pruned.
LOST_FOLLOW_UP_CATCH_UP = timedelta(days=3)
LONGEST_FOLLOW_UP_DELAY = timedelta(days=90)  # VideoPage.pledge_follow_up_days at most


def queue_lost_follow_ups(*, now: datetime | None = None) -> int:
    """Periodic job: queue again the follow-ups ("did you do it?", "asked again") that are due
    and were never queued, or whose task row is gone: lost. One that waits, runs, found it no
    longer wanted or failed for good (a refused address) is left alone. Sending stays the
    task's, which is safe to run twice. Returns how many were queued. A fixed number of
    queries, however many pledges."""
    from alongside.videos.selectors import public_videos

    from .tasks import send_pledge_email

    now = now or timezone.now()
    oldest_due = now - LOST_FOLLOW_UP_CATCH_UP
    waiting = Pledge.objects.filter(
        Q(follow_ups_sent=0, confirmed_at__gte=oldest_due - LONGEST_FOLLOW_UP_DELAY)
        | Q(follow_ups_sent=1, not_yet_at__gte=oldest_due - ASK_AGAIN_AFTER),
        confirmed_at__isnull=False,
        status__in=PUBLIC_STATUSES,
        kept_at=None,
        emails_stopped_at=None,
        video__in=public_videos(),
    ).values_list(
        "pk", "key", "confirmed_at", "not_yet_at", "follow_ups_sent", "video__pledge_follow_up_days"
    )
    due = {}  # email key -> (pledge id, kind)
    for pk, pledge_key, confirmed_at, not_yet_at, sent, delay_days in waiting:
        if sent == 0:
            kind, key, due_at = (
                PledgeEmail.Kind.FOLLOW_UP,
                f"follow-up:{pledge_key}",
                confirmed_at + timedelta(days=delay_days),
            )
        elif not_yet_at is not None:
            kind, key, due_at = (
                PledgeEmail.Kind.ASK_AGAIN,
                f"ask-again:{pledge_key}",
                not_yet_at + ASK_AGAIN_AFTER,
            )
        else:
            continue
        if oldest_due <= due_at <= now:
            due[key] = (pk, kind)
    if not due:
        return 0
    done = set(PledgeEmail.objects.filter(key__in=due).values_list("key", flat=True))
    done |= kwargs_with_runs(send_pledge_email, name="key", values=due)
    lost = {key: found for key, found in due.items() if key not in done}
    for key, (pledge_id, kind) in lost.items():
        send_pledge_email.enqueue(pledge_id=pledge_id, kind=kind, key=key)
    return len(lost)


@transaction.atomic
def expire_unconfirmed_pledges(
    *, now: datetime | None = None, pledge_ids: list[int] | None = None
) -> int:
    """Delete pledges left unconfirmed past their expiry; returns how many."""
    now = now or timezone.now()
    expired = Pledge.objects.filter(confirmed_at__isnull=True, expires_at__lte=now)
    if pledge_ids is not None:
        expired = expired.filter(pk__in=pledge_ids)
    _, per_model = expired.delete()
    return per_model.get(Pledge._meta.label, 0)
