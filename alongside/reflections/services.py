"""Every change to reflections goes through here: posting, editing, deleting, reporting,
forgetting an address, and the emails that follow."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from alongside.core import guard
from alongside.core.cache import invalidate_page
from alongside.core.mail import (
    absolute_page_url,
    absolute_url,
    avatar_seed,
    normalise_email,
    send_templated_email,
)
from alongside.core.models import (
    CommunitySettings,
    ModerationMode,
    ModerationStatus,
    community_settings,
)
from alongside.core.tasks import beat, is_queued

from .models import EDIT_WINDOW_MINUTES, REFLECTION_LIST, ModerationDigest, Reflection, Report
from .text import content_hash

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = timedelta(hours=24)
EMAIL_LINK_SALT = "alongside.reflections.email-link"
EMAIL_LINK_MAX_AGE = 60 * 60 * 24 * 90


@dataclass(frozen=True)
class PostResult:
    reflection: Reflection
    created: bool


def moderation_mode(*, video, request=None) -> ModerationMode:
    """The video's own mode, or the site's default."""
    if video.reflections_mode:
        return ModerationMode(video.reflections_mode)
    site_settings = (
        community_settings(request)
        if request is not None
        else CommunitySettings.for_site(video.get_site())
    )
    return ModerationMode(site_settings.reflections_mode)


def initial_status(*, mode: ModerationMode, email: str, ip: str, text: str) -> ModerationStatus:
    if guard.is_blocked(email=email, ip=ip, text=text):
        return ModerationStatus.SPAM
    if mode == ModerationMode.HOLD:
        return ModerationStatus.PENDING
    return ModerationStatus.PUBLISHED


def post_reflection(
    *,
    video,
    name: str,
    email: str,
    text: str,
    idempotency_key: str,
    mode: ModerationMode,
    parent: Reflection | None = None,
    notify_replies: bool = False,
    ip: str | None = None,
    user_agent: str = "",
    now=None,
) -> PostResult:
    """Write one reflection, or return the one this submission already wrote.

    The same form sent twice, or the same words from the same address on the same video within
    24 hours, is the same reflection: the viewer sees theirs, not an error and not a copy.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    text_hash = content_hash(text)
    key_source = f"{video.pk}|{email.lower()}|{idempotency_key}|{text_hash}"
    submission_key = hashlib.sha256(key_source.encode()).hexdigest()
    # Everything that needs no lock is done before the transaction: on SQLite it holds the
    # one writers' lock, so every millisecond in it is one every other post waits
    # (docs/decisions/0035-posting-path.md).
    reflection = Reflection(
        video=video,
        parent=parent,
        name=name.strip(),
        email=email,
        text=text.strip(),
        avatar_seed=avatar_seed(email),
        notify_replies=notify_replies,
        submission_key=submission_key,
        content_hash=text_hash,
        status=initial_status(mode=mode, email=email, ip=ip or "", text=text),
        ip_address=ip or None,
        user_agent=user_agent[:300],
        created_at=now,
    )
    # The video and parent are loaded objects already: no query to check they exist.
    reflection.full_clean(
        exclude=["text_html", "submission_key", "content_hash", "avatar_seed", "video", "parent"]
    )
    # The same form sent again has the same words too; one older than the window finds its
    # twin through the unique submission key, below. The query's SQL is built here (building
    # it cost three times what running it does); it runs in the transaction, where on SQLite
    # it sees every earlier writer's row.
    twin = Reflection.objects.filter(
        video=video,
        content_hash=text_hash,
        email__iexact=email,
        created_at__gte=now - DUPLICATE_WINDOW,
    )[:1]
    twin_sql, twin_params = twin.query.sql_with_params()
    try:
        with transaction.atomic():
            existing = next(iter(Reflection.objects.raw(twin_sql, twin_params)), None)
            if existing is not None:
                return PostResult(existing, created=False)
            reflection.save()
            # Its tasks are queued in this transaction: the queue is a table of the same
            # database, so they exist if and only if the reflection does (decision 0053).
            _after_post(reflection)
    except IntegrityError:
        # A simultaneous double click: the other request wrote it first. Nothing of this one
        # was written (the whole transaction rolled back), so no savepoint is needed.
        first = Reflection.objects.filter(submission_key=submission_key).first()
        if first is None:
            raise
        return PostResult(first, created=False)
    return PostResult(reflection, created=True)


def _after_post(reflection: Reflection) -> None:
    from . import tasks

    reflection_id = reflection.pk
    if reflection.status == ModerationStatus.PENDING:
        tasks.send_moderation_digest.using(run_after=next_digest_time()).enqueue()
    if reflection.status == ModerationStatus.PUBLISHED:
        if settings.AKISMET_API_KEY:
            tasks.check_with_akismet.enqueue(reflection_id=reflection_id)
        if reflection.parent_id:
            tasks.send_reply_notification.enqueue(reply_id=reflection_id)


def landing_url(reflection: Reflection) -> str:
    """Where a poster lands: the page of reflections holding theirs, with a thank-you."""
    from .selectors import PER_PAGE

    if reflection.status != ModerationStatus.PUBLISHED:
        return f"{reflection.video.url}?thanks={reflection.pk}#reflections"  # the thank-you
    top = reflection.parent or reflection
    position = (
        Reflection.objects.published()
        .filter(video_id=reflection.video_id, parent__isnull=True, created_at__lte=top.created_at)
        .exclude(created_at=top.created_at, pk__gt=top.pk)
        .count()
    )
    page = max(1, (position + PER_PAGE - 1) // PER_PAGE)
    page_query = f"&page={page}" if page > 1 else ""
    return f"{reflection.video.url}?thanks={reflection.pk}{page_query}#{reflection.anchor}"


class EditWindowClosed(Exception):
    """The author's 15 minutes are over: the reflection can no longer be changed or deleted."""


def can_still_edit(reflection: Reflection, *, now=None) -> bool:
    now = now or timezone.now()
    return reflection.created_at >= now - timedelta(minutes=EDIT_WINDOW_MINUTES)


@transaction.atomic
def edit_reflection(*, reflection: Reflection, text: str, now=None) -> Reflection:
    """Change the words of a reflection within its author's 15 minutes (EditWindowClosed after)."""
    now = now or timezone.now()
    if not can_still_edit(reflection, now=now):
        raise EditWindowClosed
    reflection.text = text.strip()
    reflection.content_hash = content_hash(text)
    reflection.edited_at = now
    reflection.full_clean(exclude=["text_html", "submission_key", "avatar_seed"])
    reflection.save(update_fields=["text", "content_hash", "edited_at"])
    return reflection


@transaction.atomic
def delete_reflection(*, reflection: Reflection, now=None) -> None:
    """Delete a reflection within its author's 15 minutes (EditWindowClosed after)."""
    if not can_still_edit(reflection, now=now):
        raise EditWindowClosed
    reflection.delete()


@transaction.atomic
def report_reflection(*, reflection: Reflection, reason: str = "", ip: str | None = None) -> Report:
    """Record a report and raise the reflection's count, which puts it in the curators' queue."""
    report = Report.objects.create(reflection=reflection, reason=reason.strip(), ip_address=ip)
    Reflection.objects.filter(pk=reflection.pk).update(report_count=F("report_count") + 1)
    return report


@transaction.atomic
def forget_address(*, reflection: Reflection) -> int:
    """Delete every reflection written from this reflection's address. Returns how many."""
    mine = Reflection.objects.filter(email__iexact=reflection.email)
    count = mine.count()
    mine.delete()  # row by row through the signals, so each of their pages is redrawn
    return count


def stop_reply_emails(*, reflection: Reflection) -> None:
    Reflection.objects.filter(email__iexact=reflection.email).update(notify_replies=False)


def email_link_token(*, reflection: Reflection, action: str) -> str:
    """A signed token for a link in an email; it names a reflection, never an address."""
    return signing.dumps({"r": reflection.pk, "a": action}, salt=EMAIL_LINK_SALT)


def reflection_from_email_link(token: str, *, action: str) -> Reflection | None:
    try:
        payload = signing.loads(token, salt=EMAIL_LINK_SALT, max_age=EMAIL_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("a") != action:
        return None
    return Reflection.objects.filter(pk=payload.get("r")).first()


def email_links(reflection: Reflection) -> dict:
    """The links every email to a reflection's author carries."""
    return {
        "forget_url": absolute_url(
            reverse(
                "reflections:forget",
                args=[email_link_token(reflection=reflection, action="forget")],
            )
        ),
        "stop_url": absolute_url(
            reverse(
                "reflections:stop_replies",
                args=[email_link_token(reflection=reflection, action="stop")],
            )
        ),
    }


def send_reply_notification(*, reply_id: int) -> None:
    """Tell a reflection's author about a published reply, once. Safe to run twice, and to
    stop at any line (the email ledger, core.mail.send_once, sends it at most once more)."""
    reply = (
        Reflection.objects.select_related("parent", "video")
        .filter(pk=reply_id, status=ModerationStatus.PUBLISHED, reply_notified_at=None)
        .first()
    )
    if reply is None or reply.parent is None:
        return
    parent = reply.parent
    wanted = parent.notify_replies and parent.email.lower() != reply.email.lower()
    if wanted:
        links = email_links(parent)
        send_templated_email(
            key=f"reflection-reply:{reply.pk}",
            to=parent.email,
            template="reflections/emails/reply",
            context={
                "reply": reply,
                "parent": parent,
                "reply_url": f"{absolute_page_url(reply.video)}#{reply.anchor}",
                **links,
            },
            headers={
                "List-Unsubscribe": f"<{links['stop_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    Reflection.objects.filter(pk=reply.pk, reply_notified_at=None).update(
        reply_notified_at=timezone.now()
    )


DIGEST_INTERVAL = timedelta(minutes=15)


def next_digest_time(now=None):
    """Digests go out at most every quarter hour, on the quarter hour."""
    now = now or timezone.now()
    slot = int(DIGEST_INTERVAL.total_seconds())
    return now + timedelta(seconds=slot - int(now.timestamp()) % slot)


def moderators():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="change_reflection")
        | Q(user_permissions__codename="change_reflection")
    ).distinct()


def send_moderation_digest(*, now=None) -> int:
    """Email curators the reflections that arrived for moderation since the last digest.

    Returns how many were listed; 0 (and no email) when there is nothing new. Safe to stop at
    any line: a digest is recorded once every curator has it, and until then a run names each
    curator's email after the previous digest, so the email ledger (core.mail.send_once) skips
    those already sent.
    """
    now = now or timezone.now()
    last = ModerationDigest.objects.first()
    pending = Reflection.objects.filter(status=ModerationStatus.PENDING).select_related("video")
    new = pending.filter(created_at__gt=last.sent_at) if last else pending
    new = list(new.order_by("created_at")[:100])
    if not new:
        return 0
    context = {
        "reflections": new,
        "pending_count": pending.count(),
        "queue_url": absolute_url(reverse("wagtailsnippets_reflections_reflection:list"))
        + "?status=pending",
    }
    after = last.pk if last else 0
    for moderator in moderators():
        send_templated_email(
            key=f"moderation-digest:after-{after}:to-{moderator.pk}",
            to=moderator.email,
            template="reflections/emails/digest",
            context=context,
        )
        beat()
    with transaction.atomic():
        # Two runs may finish the same digest (the second finding every email sent): one row.
        latest = ModerationDigest.objects.select_for_update().first()
        if (latest.pk if latest else 0) == after:
            ModerationDigest.objects.create(sent_at=now, reflection_count=len(new))
    return len(new)


def queue_due_moderation_digest(*, now=None) -> bool:
    """Periodic job: queue the digest when held reflections have waited past their quarter
    hour and no digest task is queued (a lost task must not silence digests). Returns whether
    it queued one."""
    from . import tasks

    now = now or timezone.now()
    last = ModerationDigest.objects.first()
    waiting = Reflection.objects.filter(status=ModerationStatus.PENDING)
    if last:
        waiting = waiting.filter(created_at__gt=last.sent_at)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None or next_digest_time(oldest) > now or is_queued(tasks.send_moderation_digest):
        return False
    tasks.send_moderation_digest.enqueue()
    return True


def check_with_akismet(*, reflection_id: int) -> None:
    reflection = Reflection.objects.select_related("video").filter(pk=reflection_id).first()
    if reflection is None or reflection.status != ModerationStatus.PUBLISHED:
        return
    is_spam = guard.akismet_says_spam(
        ip=reflection.ip_address or "",
        user_agent=reflection.user_agent,
        permalink=absolute_page_url(reflection.video),
        name=reflection.name,
        email=reflection.email,
        text=reflection.text,
        kind="reply" if reflection.parent_id else "comment",
    )
    if is_spam:
        with transaction.atomic():
            Reflection.objects.filter(pk=reflection_id).update(status=ModerationStatus.SPAM)
            # update() sends no signal
            invalidate_page(reflection.video_id, section=REFLECTION_LIST)


@dataclass
class ImportSummary:
    imported: int = 0
    skipped: int = 0
    unmatched: int = 0


def import_comments(comments, *, videos_by_path: dict, progress=None) -> ImportSummary:
    """Write imported comments as reflections; those already imported are skipped.

    `videos_by_path` maps a URL path (or a bare slug) to its VideoPage. Parents come before
    replies in both export formats; a reply whose parent was not imported stands on its own.
    """
    from urllib.parse import urlsplit

    summary = ImportSummary()
    written = dict(Reflection.objects.exclude(import_key=None).values_list("import_key", "pk"))
    for number, comment in enumerate(comments, start=1):
        if progress is not None and number % 100 == 0:
            progress(number, summary)
        path = urlsplit(comment.thread_url).path
        video = videos_by_path.get(path) or videos_by_path.get(path.rstrip("/").rpartition("/")[2])
        if video is None:
            summary.unmatched += 1
            continue
        if comment.key in written or not comment.text:
            summary.skipped += 1
            continue
        # Some exports omit addresses; .invalid is a domain no mail can ever reach.
        key_digest = hashlib.sha256(comment.key.encode()).hexdigest()[:12]
        email = comment.email or f"unknown-{key_digest}@example.invalid"
        reflection = Reflection(
            video=video,
            parent_id=written.get(comment.parent_key),
            name=comment.name[:80],
            email=normalise_email(email),
            text=comment.text[:5000],
            avatar_seed=avatar_seed(email),
            submission_key=hashlib.sha256(f"import|{comment.key}".encode()).hexdigest(),
            content_hash=content_hash(comment.text),
            import_key=comment.key[:100],
            status=ModerationStatus.PUBLISHED if comment.approved else ModerationStatus.PENDING,
            ip_address=comment.ip,
            created_at=comment.created_at,
        )
        reflection.save()
        written[comment.key] = reflection.pk
        summary.imported += 1
    return summary
