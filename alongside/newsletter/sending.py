"""Sending an edition: every confirmed subscriber once, resumable after any crash.

Each recipient has a Delivery row made when sending starts. A worker claims a small batch in
a transaction (skipping rows another worker holds, on PostgreSQL), marks it `sending` with the
time, sends the batch over one SMTP connection and marks each message sent the moment the
server accepts it (one query a message). A worker killed mid-batch leaves its rows `sending`;
once they are a lease old any worker claims them again and sends them with the same
Message-ID, so only the message in flight at the kill can arrive twice
(docs/decisions/0060-weekly-email-sending.md).

The Delivery rows are this email's ledger: `core.mail.send_once` would cost a committed claim
per message, which is what claiming a batch does for fifty at once.
"""

import logging
import re
import secrets
import time
from datetime import datetime, timedelta
from email.utils import formatdate, parseaddr
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import Site

from alongside.core.mail import message_id_for
from alongside.core.tasks import RETRY_DELAYS, beat

from . import compose, links
from .models import Delivery, Edition, NewsletterSettings, Subscriber

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
# Replies meaning "no such recipient here": that address is bounced and never written to again.
RECIPIENT_GONE_CODES = {550, 551, 553}
# Rows made per INSERT when sending starts.
CREATE_CHUNK = 1000


def delivery_lease() -> timedelta:
    """A `sending` row older than this belongs to a worker that died: the task lease, since a
    worker that died is only noticed (and its task run again) that long after its last beat."""
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def delivery_message_id(*, edition_id: int, subscriber_id: int) -> str:
    return message_id_for(f"newsletter.edition:{edition_id}:{subscriber_id}")


@transaction.atomic
def start_sending(*, edition: Edition, now: datetime | None = None, queue: bool = True) -> bool:
    """Send (or resume) the edition: its body is rendered and its recipients chosen the first
    time; the sender task is queued once this commits, unless the caller sends it itself
    (`queue=False`). False if it cannot be sent now."""
    now = now or timezone.now()
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    startable = (Edition.Status.DRAFT, Edition.Status.SCHEDULED, Edition.Status.PAUSED)
    if edition.status not in startable:
        return False
    if edition.started_at is None:
        edition.html_body, edition.text_body = compose.render_bodies(edition)
        edition.started_at = now
        _create_deliveries(edition)
    edition.status = Edition.Status.SENDING
    edition.paused_reason = ""
    edition.save(update_fields=["html_body", "text_body", "started_at", "status", "paused_reason"])
    edition_id = edition.pk
    if queue:
        transaction.on_commit(lambda: enqueue_sender(edition_id), robust=True)
    return True


def _create_deliveries(edition: Edition) -> None:
    """One row for each subscriber confirmed now; only they get this edition."""
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).order_by("pk")
    subscriber_ids = list(confirmed.values_list("pk", flat=True))
    for start in range(0, len(subscriber_ids), CREATE_CHUNK):
        Delivery.objects.bulk_create(
            [
                Delivery(
                    edition=edition,
                    subscriber_id=subscriber_id,
                    message_id=delivery_message_id(
                        edition_id=edition.pk, subscriber_id=subscriber_id
                    ),
                )
                for subscriber_id in subscriber_ids[start : start + CREATE_CHUNK]
            ],
            ignore_conflicts=True,
        )


def enqueue_sender(edition_id: int) -> None:
    from .tasks import send_edition

    send_edition.enqueue(edition_id=edition_id)


def pause(*, edition: Edition, reason: str = "") -> bool:
    """Stop after the batch in hand; `start_sending` resumes where it stopped."""
    return bool(
        Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
            status=Edition.Status.PAUSED, paused_reason=reason
        )
    )


def cancel(*, edition: Edition) -> bool:
    """Send no more of it (what went out stays recorded)."""
    return bool(
        Edition.objects.filter(pk=edition.pk)
        .exclude(status__in=(Edition.Status.SENT, Edition.Status.CANCELLED))
        .update(status=Edition.Status.CANCELLED, finished_at=timezone.now())
    )


def due_now(now: datetime) -> Q:
    """Deliveries to send now: queued and not waiting for a retry, or left `sending` by a
    worker that died."""
    return (
        Q(state=Delivery.State.QUEUED, retry_at__isnull=True)
        | Q(state=Delivery.State.QUEUED, retry_at__lte=now)
        | Q(state=Delivery.State.SENDING, claimed_at__lt=now - delivery_lease())
    )


def _todo(edition_id: int, now: datetime):
    """This edition's deliveries due now, to subscribers still confirmed."""
    return Delivery.objects.filter(
        due_now(now), edition_id=edition_id, subscriber__status=Subscriber.Status.CONFIRMED
    )


@transaction.atomic
def claim_batch(*, edition_id: int, now: datetime | None = None) -> list[Delivery]:
    """Take up to BATCH_SIZE deliveries for this worker: two queries, committed before any
    message leaves. SQLite's transactions here are IMMEDIATE, so claims already take turns."""
    now = now or timezone.now()
    todo = _todo(edition_id, now).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        todo = todo.select_for_update(skip_locked=True, of=("self",))
    batch = list(
        todo.select_related("subscriber").only(
            "message_id", "attempts", "subscriber__email", "subscriber__key"
        )[:BATCH_SIZE]
    )
    Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(
        state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    for delivery in batch:
        delivery.attempts += 1
    return batch


def _list_unsubscribe(unsubscribe_url: str) -> str:
    # The mailto is for mail programs without one-click; replies to it are read by a person.
    mailto = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"<{unsubscribe_url}>, <mailto:{mailto}?subject=unsubscribe>"


def _email(*, edition: Edition, to: str, message_id: str, unsubscribe_url: str, smtp=None):
    message = EmailMultiAlternatives(
        edition.subject,
        compose.personalise(edition.text_body, unsubscribe_url=unsubscribe_url),
        to=[to],
        connection=smtp,
        headers={
            "Message-ID": message_id,
            # One-click unsubscribe (RFC 8058): mail programs POST to the https address.
            "List-Unsubscribe": _list_unsubscribe(unsubscribe_url),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        compose.personalise(edition.html_body, unsubscribe_url=unsubscribe_url), "text/html"
    )
    return message


def unsubscribe_url_for(*, edition: Edition, delivery: Delivery) -> str:
    return links.link(subscriber=delivery.subscriber, action="unsubscribe", edition_id=edition.pk)


def build_message(*, edition: Edition, delivery: Delivery, smtp=None) -> EmailMultiAlternatives:
    """The edition's body with this recipient's own unsubscribe link, and its Message-ID: the
    message `PreparedEdition` writes out faster, and what any backend but SMTP is given."""
    return _email(
        edition=edition,
        to=delivery.subscriber.email,
        message_id=delivery.message_id,
        unsubscribe_url=unsubscribe_url_for(edition=edition, delivery=delivery),
        smtp=smtp,
    )


# An address written in the To header and the envelope exactly as given (Django's
# sanitize_address leaves a plain ASCII dot-atom address unchanged); any other goes the slow way.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
# Longest line SMTP allows (RFC 5322 2.1.1), without its CRLF.
LINE_LIMIT = 998


class PreparedEdition:
    """The edition's whole email serialised once, as Django would write it, with stand-ins
    for what differs per recipient (the To address, Message-ID, Date and unsubscribe link,
    in the List-Unsubscribe header and both bodies), put in per message by plain
    substitution in the bytes. Writing a MIME message per recipient cost more than
    everything else the sender does (docs/decisions/0060-weekly-email-sending.md).

    Plain substitution is right only where the stand-ins were written as they are: headers
    in ASCII, bodies in 8bit (Django's choice for UTF-8 text whose lines fit). Otherwise
    (quoted-printable or base64 bodies, a link that would make a line too long, an address
    that is not plain ASCII) `message_for` returns None and that message is built the slow
    way, by `build_message`.
    """

    def __init__(self, edition: Edition):
        tag = secrets.token_hex(8)
        self.to, self.message_id = f"to-{tag}@to.invalid", f"<id-{tag}@id.invalid>"
        self.unsubscribe = compose.UNSUBSCRIBE_PLACEHOLDER
        message = _email(
            edition=edition,
            to=self.to,
            message_id=self.message_id,
            unsubscribe_url=self.unsubscribe,
        )
        mime = message.message()
        self.date = f"date-{tag}"
        date = mime["Date"]
        mime.replace_header("Date", self.date)
        raw = mime.as_bytes(linesep="\r\n")
        self.from_email = sanitize_address(message.from_email, message.encoding or "utf-8")
        self.use_localtime = settings.EMAIL_USE_LOCALTIME
        self.parts = re.split(
            b"(" + b"|".join(re.escape(t.encode()) for t in self._stand_ins()) + b")", raw
        )
        self.links = sum(
            body.count(self.unsubscribe) for body in (edition.text_body, edition.html_body)
        )
        self.usable = self._usable(raw) and bool(date)
        # How much longer than its stand-in a link may be before a line grows too long.
        self.link_room = min(
            (
                (LINE_LIMIT - len(line)) // line.count(self.unsubscribe.encode())
                for line in raw.split(b"\r\n")
                if self.unsubscribe.encode() in line
            ),
            default=LINE_LIMIT,
        )

    def _stand_ins(self) -> tuple[str, ...]:
        return (self.to, self.message_id, self.date, self.unsubscribe)

    def _usable(self, raw: bytes) -> bool:
        found = [raw.count(t.encode()) for t in self._stand_ins()]
        encoded = re.search(rb"(?im)^content-transfer-encoding: *(quoted-printable|base64)", raw)
        return found == [1, 1, 1, self.links + 1] and encoded is None

    def message_for(self, *, to: str, message_id: str, unsubscribe_url: str) -> bytes | None:
        """This recipient's message, ready for the wire; None if it must be built the slow
        way."""
        if not (
            self.usable
            and PLAIN_ADDRESS.fullmatch(to)
            and PLAIN_ADDRESS.fullmatch(message_id[1:-1])
            and message_id[0] == "<"
            and message_id[-1] == ">"
            and unsubscribe_url.isascii()
            and not any(c.isspace() for c in unsubscribe_url)
            and len(unsubscribe_url) - len(self.unsubscribe) <= self.link_room
        ):
            return None
        values = {
            self.to.encode(): to.encode(),
            self.message_id.encode(): message_id.encode(),
            self.date.encode(): formatdate(localtime=self.use_localtime).encode(),
            self.unsubscribe.encode(): unsubscribe_url.encode(),
        }
        parts = self.parts[:]
        for index in range(1, len(parts), 2):
            parts[index] = values[parts[index]]
        return b"".join(parts)


class EditionPaused(Exception):
    """A permanent refusal that is not about the recipient (authentication, size, policy):
    every message would fail the same way, so the edition pauses for a curator."""


def _refusal(error: Exception) -> tuple[int, bytes]:
    """The reply code and enhanced status of an SMTP refusal (never its text, which can quote
    the address)."""
    if isinstance(error, SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return code, bytes(text)[:5]
    return error.smtp_code, bytes(error.smtp_error or b"")[:5]


def _record_refusal(*, edition_id: int, delivery: Delivery, error: Exception) -> None:
    """One SMTP refusal: a gone recipient bounces, a temporary one waits, anything else
    pauses the edition."""
    code, status = _refusal(error)
    now = timezone.now()
    row = Delivery.objects.filter(pk=delivery.pk)
    reason = f"{code} {status.decode(errors='replace').strip()}".strip()
    if code in RECIPIENT_GONE_CODES or status.startswith(b"5.1."):
        row.update(state=Delivery.State.BOUNCED, last_error=reason, claimed_at=None)
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(
            status=Subscriber.Status.BOUNCED,
            bounced_at=now,
            bounce_reason=f"The receiving server refused the address ({reason}).",
        )
    elif 400 <= code < 500 and delivery.attempts <= len(RETRY_DELAYS):
        row.update(
            state=Delivery.State.QUEUED,
            retry_at=now + RETRY_DELAYS[delivery.attempts - 1],
            last_error=reason,
            claimed_at=None,
        )
    elif 400 <= code < 500:
        row.update(state=Delivery.State.FAILED, last_error=reason, claimed_at=None)
    else:
        row.update(state=Delivery.State.QUEUED, last_error=reason, claimed_at=None)
        raise EditionPaused(f"The mail server refused a message ({reason}).")


def _release(deliveries: list[Delivery]) -> None:
    """Put back deliveries claimed and not sent, for the next claim to take at once."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], state=Delivery.State.SENDING).update(
        state=Delivery.State.QUEUED, claimed_at=None
    )


class Throttle:
    """At most `per_second` messages a second (0: as fast as the server takes them), for a
    mail provider's limit."""

    def __init__(self, per_second: int = 0):
        self.interval = 1 / per_second if per_second else 0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def site_throttle() -> Throttle:
    """The rate set in Settings → Weekly email for the default site."""
    site = Site.objects.filter(is_default_site=True).first()
    options = NewsletterSettings.for_site_or_defaults(site)
    return Throttle(options.messages_per_second)


def _mark_sent():
    """A function marking one delivery sent: one UPDATE by primary key, written in SQL once
    rather than compiled by the ORM for every message."""
    quote = connection.ops.quote_name
    column = {f.name: quote(f.column) for f in Delivery._meta.concrete_fields}
    sql = (
        f"UPDATE {quote(Delivery._meta.db_table)} SET {column['state']} = %s, "
        f"{column['sent_at']} = %s, {column['last_error']} = %s "
        f"WHERE {quote(Delivery._meta.pk.column)} = %s"
    )
    adapt = connection.ops.adapt_datetimefield_value

    def mark(pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [Delivery.State.SENT.value, adapt(timezone.now()), "", pk])

    return mark


def _send_one(*, edition: Edition, delivery: Delivery, smtp, prepared) -> None:
    """One message over the open connection: the prepared bytes when they fit, else built."""
    unsubscribe_url = unsubscribe_url_for(edition=edition, delivery=delivery)
    email = delivery.subscriber.email
    raw = None
    if prepared is not None:
        raw = prepared.message_for(
            to=email, message_id=delivery.message_id, unsubscribe_url=unsubscribe_url
        )
    if raw is None:
        _email(
            edition=edition,
            to=email,
            message_id=delivery.message_id,
            unsubscribe_url=unsubscribe_url,
            smtp=smtp,
        ).send()
    else:
        smtp.connection.sendmail(prepared.from_email, [email], raw)


def send_batch(
    *,
    edition: Edition,
    batch: list[Delivery],
    throttle: Throttle | None = None,
    prepared: PreparedEdition | None = None,
):
    """Send a claimed batch over one SMTP connection. A connection that fails puts the rest
    back and raises (the task retries later). Over Django's SMTP backend the messages are
    `prepared`'s bytes (made here when not given); any other backend is given each message."""
    throttle = throttle or Throttle()
    smtp = get_connection()
    smtp.open()
    if not isinstance(smtp, SMTPBackend):
        prepared = None
    elif prepared is None:
        prepared = PreparedEdition(edition)
    mark_sent = _mark_sent()
    try:
        for index, delivery in enumerate(batch):
            throttle.wait()
            try:
                _send_one(edition=edition, delivery=delivery, smtp=smtp, prepared=prepared)
            except (SMTPRecipientsRefused, SMTPResponseException) as error:
                if not isinstance(error, SMTPRecipientsRefused) and error.smtp_code == 421:
                    _release(batch[index:])  # the server is closing on us: later
                    raise
                try:
                    _record_refusal(edition_id=edition.pk, delivery=delivery, error=error)
                except EditionPaused:
                    _release(batch[index + 1 :])
                    raise
                continue
            except Exception:
                _release(batch[index:])
                raise
            # Accepted: recorded at once, so a kill from here on repeats nothing.
            mark_sent(delivery.pk)
    finally:
        smtp.close()


def counts(edition_id: int) -> dict[str, int]:
    """How many deliveries are in each state."""
    found = dict(
        Delivery.objects.filter(edition_id=edition_id)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {state: found.get(state, 0) for state in Delivery.State.values}


def send(edition_id: int, *, progress=None) -> str:
    """Send batches until none is left, the edition is paused or cancelled, or only
    deliveries waiting for a retry remain (the periodic job resumes them). Beats between
    batches, so a long send is never taken for a dead one. Returns the edition's status."""
    throttle = site_throttle()
    prepared, prepared_from = None, None
    while True:
        edition = Edition.objects.filter(pk=edition_id).first()
        if edition is None or edition.status != Edition.Status.SENDING:
            return edition.status if edition else "gone"
        batch = claim_batch(edition_id=edition_id)
        if not batch:
            return _finish_if_done(edition)
        content = (edition.subject, edition.text_body, edition.html_body)
        if content != prepared_from:  # written once a run, again only if a curator edits
            prepared, prepared_from = PreparedEdition(edition), content
        try:
            send_batch(edition=edition, batch=batch, throttle=throttle, prepared=prepared)
        except EditionPaused as paused:
            pause(edition=edition, reason=str(paused))
            logger.warning("Edition %s paused: %s", edition_id, paused)
            return Edition.Status.PAUSED
        beat()
        if progress is not None:
            progress(counts(edition_id))


def _finish_if_done(edition: Edition) -> str:
    unfinished = Delivery.objects.filter(
        edition_id=edition.pk,
        state__in=(Delivery.State.QUEUED, Delivery.State.SENDING),
        subscriber__status=Subscriber.Status.CONFIRMED,
    )
    if unfinished.exists():
        return Edition.Status.SENDING  # retries later, or another worker's batch
    Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
        status=Edition.Status.SENT, finished_at=timezone.now()
    )
    return Edition.Status.SENT
