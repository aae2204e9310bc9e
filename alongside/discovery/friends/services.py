"""Every change in "Send to a friend": take a sending, check its note, send or withhold each
email, and add an address to the do-not-send list.

The sender is told the same thing whatever happens to each address (on the do-not-send list,
over its weekly limit, or sent), so the form reveals nothing about anyone's address.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from alongside.core.guard import akismet_says_spam, is_blocked
from alongside.core.mail import absolute_page_url, email_digest
from alongside.videos.selectors import public_videos

from ..models import DoNotSend, FriendEmail, FriendSending
from . import emails
from .sealed import seal, unseal

DIGEST_PURPOSE = "friend"
# The same sending of the form arriving again this soon is a double click, not a second send.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)
RECIPIENT_WINDOW = timedelta(days=7)
# Past every retry (core.tasks.RETRY_DELAYS add up to under 3 hours): an email still queued
# this long after it was asked for lost its task, and its address is erased.
GIVE_UP_AFTER = timedelta(days=1)
# Who sent what to which (hashed) address is kept this long, for the weekly limit and for
# looking into abuse, then deleted.
KEEP_SENDINGS = timedelta(days=30)


def recipient_digest(address: str) -> str:
    """The keyed hash a friend's address is known by (limits, the do-not-send list)."""
    return email_digest(address, purpose=DIGEST_PURPOSE)


def _lock_recipient(digest: str) -> None:
    """Hold this recipient until the transaction ends, so two sendings at the same instant
    cannot both find room in its weekly count. SQLite needs nothing: its transactions here are
    IMMEDIATE, so writers already take turns."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


def may_receive(*, digest: str, now: datetime) -> bool:
    """False when the address asked for no more, or had its share of emails this week."""
    if DoNotSend.objects.filter(address_digest=digest).exists():
        return False
    recent = FriendEmail.objects.filter(
        recipient_digest=digest, created_at__gt=now - RECIPIENT_WINDOW
    ).exclude(status=FriendEmail.Status.WITHHELD)
    return recent.count() < settings.FRIEND_EMAILS_PER_WEEK


@transaction.atomic
def send_to_friends(
    *,
    video,
    sender_name: str,
    sender_email: str,
    friends: list[str],
    note: str = "",
    ip: str = "",
    user_agent: str = "",
    request_key: str,
    now: datetime | None = None,
) -> FriendSending:
    """Record a sending and queue one email per friend who may receive it.

    Blocked senders get a sending kept as spam and nothing sent. With Akismet configured the
    note is checked first, in a task, and the emails queued only when it is clean.
    """
    now = now or timezone.now()
    earlier = FriendSending.objects.select_for_update().filter(request_key=request_key).first()
    if earlier is not None:
        if now - earlier.created_at < DOUBLE_SUBMIT_WINDOW:
            return earlier  # the same form sent twice: already handled
        # A deliberate second sending from the same form: the old one gives up its key.
        earlier.request_key = f"{request_key}:{earlier.pk}"
        earlier.save(update_fields=["request_key"])
    blocked = is_blocked(email=sender_email, ip=ip, text=f"{sender_name}\n{note}")
    check_first = bool(settings.AKISMET_API_KEY) and not blocked
    sending = FriendSending(
        video=video,
        sender_name=sender_name,
        sealed_sender_email=seal(sender_email) if check_first else "",
        note=note,
        ip_address=ip or None,
        user_agent=user_agent[:300],
        request_key=request_key,
        status=(
            FriendSending.Status.SPAM
            if blocked
            else FriendSending.Status.CHECKING
            if check_first
            else FriendSending.Status.SENDING
        ),
        created_at=now,
    )
    sending.full_clean()
    try:
        with transaction.atomic():
            sending.save()
    except IntegrityError:  # the same sending, in the same instant, from a double click
        return FriendSending.objects.get(request_key=request_key)
    if blocked:
        return sending
    # In the digests' order, so two sendings lock shared recipients in the same order.
    for digest, address in sorted((recipient_digest(address), address) for address in friends):
        _lock_recipient(digest)
        if may_receive(digest=digest, now=now):
            FriendEmail.objects.create(
                sending=sending,
                recipient_digest=digest,
                sealed_address=seal(address),
                created_at=now,
            )
    sending_id = sending.pk
    # Robust: the sending is committed, so a queue failing now is logged, not a 500; its
    # emails are then never sent, and the periodic job erases their addresses a day later.
    then = _enqueue_check if check_first else _enqueue_emails
    transaction.on_commit(lambda: then(sending_id), robust=True)
    return sending


def _enqueue_check(sending_id: int) -> None:
    from .tasks import check_friend_note

    check_friend_note.enqueue(sending_id=sending_id)


def _enqueue_emails(sending_id: int) -> None:
    from .tasks import send_friend_email

    queued = FriendEmail.objects.filter(sending_id=sending_id, status=FriendEmail.Status.QUEUED)
    for friend_email_id in queued.values_list("pk", flat=True):
        send_friend_email.enqueue(friend_email_id=friend_email_id)


def _finish(friend_email_id: int, status: str) -> None:
    """Record how an email ended and erase its sealed address, in one write."""
    FriendEmail.objects.filter(pk=friend_email_id).update(
        status=status, sealed_address="", finished_at=timezone.now()
    )


def check_note(*, sending_id: int) -> None:
    """Ask Akismet about the note; queue the emails when it is clean, withhold them if not.

    Safe to run twice: only a sending still being checked is looked at.
    """
    sending = FriendSending.objects.select_related("video").filter(pk=sending_id).first()
    if sending is None or sending.status != FriendSending.Status.CHECKING:
        return
    spam = akismet_says_spam(
        ip=sending.ip_address or "",
        user_agent=sending.user_agent,
        permalink=absolute_page_url(sending.video),
        name=sending.sender_name,
        email=unseal(sending.sealed_sender_email) or "",
        text=sending.note,
        kind="message",
    )
    status = FriendSending.Status.SPAM if spam else FriendSending.Status.SENDING
    with transaction.atomic():
        claimed = FriendSending.objects.filter(
            pk=sending_id, status=FriendSending.Status.CHECKING
        ).update(status=status, sealed_sender_email="")
        if not claimed:
            return
        if spam:
            FriendEmail.objects.filter(sending_id=sending_id).update(
                status=FriendEmail.Status.WITHHELD, sealed_address="", finished_at=timezone.now()
            )
        else:
            transaction.on_commit(lambda: _enqueue_emails(sending_id))


def deliver_friend_email(*, friend_email_id: int) -> str:
    """Send one friend's email, once, unless it is no longer wanted. Raises on SMTP failure
    (the task retries); the address is erased as soon as the email is sent or withheld."""
    friend_email = (
        FriendEmail.objects.select_related("sending__video")
        .filter(pk=friend_email_id, status=FriendEmail.Status.QUEUED)
        .first()
    )
    if friend_email is None:
        return "nothing to send"
    address = unseal(friend_email.sealed_address)
    video = friend_email.sending.video
    if (
        address is None
        or friend_email.sending.status != FriendSending.Status.SENDING
        or DoNotSend.objects.filter(address_digest=friend_email.recipient_digest).exists()
        or not public_videos().filter(pk=video.pk).exists()
    ):
        _finish(friend_email_id, FriendEmail.Status.WITHHELD)
        return "withheld"
    emails.deliver(friend_email=friend_email, address=address)
    _finish(friend_email_id, FriendEmail.Status.SENT)
    return "sent"


def give_up_friend_email(*, friend_email_id: int) -> None:
    """The email could not be sent after every retry: forget the address."""
    _finish(friend_email_id, FriendEmail.Status.FAILED)


@transaction.atomic
def add_to_do_not_send(*, address_digest: str) -> None:
    """Never send a "sent by a friend" email to this address again. Safe to repeat."""
    DoNotSend.objects.get_or_create(address_digest=address_digest)
    FriendEmail.objects.filter(
        recipient_digest=address_digest, status=FriendEmail.Status.QUEUED
    ).update(status=FriendEmail.Status.WITHHELD, sealed_address="", finished_at=timezone.now())


@transaction.atomic
def forget_old_sendings(*, now: datetime | None = None) -> int:
    """Erase addresses whose email never went out, and delete sendings past KEEP_SENDINGS.
    A periodic job (core/periodic.py); returns how many sendings were deleted."""
    now = now or timezone.now()
    FriendEmail.objects.filter(
        status=FriendEmail.Status.QUEUED, created_at__lt=now - GIVE_UP_AFTER
    ).update(status=FriendEmail.Status.FAILED, sealed_address="", finished_at=now)
    _, deleted = FriendSending.objects.filter(created_at__lt=now - KEEP_SENDINGS).delete()
    return deleted.get(FriendSending._meta.label, 0)
