"""Every change to a subscription: subscribe, confirm, unsubscribe, forget.

The subscribe form answers the same whatever the address's state, so it reveals nothing about
anyone: a new or pending address is sent a confirmation link, a confirmed one an email saying
it is already subscribed.
"""

import itertools
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from alongside.core.mail import email_digest, normalise_email

from .models import Delivery, Edition, Subscriber

DIGEST_PURPOSE = "newsletter"
# The same form sent again this soon is a double click, not a second request.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)


def address_digest(email: str) -> str:
    return email_digest(email, purpose=DIGEST_PURPOSE)


@transaction.atomic
def subscribe(*, email: str, name: str, request_key: str, now: datetime | None = None) -> None:
    """Record the wish and queue the one email it calls for. The same sending of the form
    twice (`request_key`) queues one email."""
    now = now or timezone.now()
    digest = address_digest(email)
    subscriber = Subscriber.objects.select_for_update().filter(address_digest=digest).first()
    if subscriber is None:
        subscriber = Subscriber(email=email, address_digest=digest, name=name, created_at=now)
        subscriber.full_clean()
        try:
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:  # the same address in the same instant
            subscriber = Subscriber.objects.select_for_update().get(address_digest=digest)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        kind = "already"
    else:
        # Not confirmed yet, or left earlier: only their press of Confirm subscribes them.
        kind = "confirm"
        if name and subscriber.status == Subscriber.Status.PENDING:
            Subscriber.objects.filter(pk=subscriber.pk).update(name=name)
    subscriber_id = subscriber.pk
    request_key = _unsent_request_key(
        f"newsletter.{kind}:{subscriber_id}", request_key=request_key, now=now
    )
    transaction.on_commit(
        lambda: _enqueue_email(subscriber_id=subscriber_id, kind=kind, request_key=request_key),
        robust=True,  # committed already: a queue failing is logged, never a 500
    )


def _unsent_request_key(prefix: str, *, request_key: str, now: datetime) -> str:
    """The request's key, made new when its email went out more than DOUBLE_SUBMIT_WINDOW ago.

    Without JavaScript a request's key is the page's token with the IP address and browser
    (core.guard.submission_key), and a cached page serves one token for a while: the same
    person asking again minutes later must get the email again, while a double click gets it
    once. Each later asking is numbered.
    """
    from alongside.core.models import OutboundEmail

    sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
    key = request_key
    for again in itertools.count(1):
        sent_at = sent.filter(key=f"{prefix}:{key}").values_list("sent_at", flat=True).first()
        if sent_at is None or now - sent_at < DOUBLE_SUBMIT_WINDOW:
            return key  # not sent yet, or a double click: the same email, sent once
        key = f"{request_key}:{again}"


def _enqueue_email(**kwargs) -> None:
    from .tasks import send_subscription_email

    send_subscription_email.enqueue(**kwargs)


@transaction.atomic
def confirm(*, subscriber: Subscriber, now: datetime | None = None) -> None:
    """Start sending them the weekly email. Safe to repeat."""
    Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.CONFIRMED).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=now or timezone.now()
    )


@transaction.atomic
def unsubscribe(
    *, subscriber: Subscriber, edition_id: int | None = None, now: datetime | None = None
) -> None:
    """No more weekly emails, from this instant: an edition being sent skips them. Safe to
    repeat. Through an edition's link (`edition_id`), that edition's count of readers who
    left goes up by one, once: the count is all that is kept, not who left through it."""
    left = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now or timezone.now())
    )
    if left and edition_id is not None:
        Edition.objects.filter(pk=edition_id).update(unsubscribes=F("unsubscribes") + 1)
    _drop_unsent(subscriber_id=subscriber.pk)


def _drop_unsent(*, subscriber_id: int) -> None:
    """Queued deliveries to someone who no longer gets mail: nothing was sent, nothing to keep."""
    Delivery.objects.filter(subscriber_id=subscriber_id, state=Delivery.State.QUEUED).delete()


@transaction.atomic
def forget_address(*, email: str) -> None:
    """ "Delete all my data": the subscription and its send records go."""
    Subscriber.objects.filter(address_digest=address_digest(email)).delete()


# The pledge confirmation page's "Send me next week's video too" checkbox.
WEEKLY_EMAIL_FIELD = "weekly_email"


def subscribe_from_pledge(*, email: str, name: str, now: datetime | None = None) -> None:
    """They ticked the box on the page their emailed link opened: the address is proven and
    the wish explicit, so the subscription is confirmed at once. Call inside the transaction
    that confirms the pledge."""
    now = now or timezone.now()
    digest = address_digest(email)
    updated = (
        Subscriber.objects.filter(address_digest=digest)
        .exclude(status=Subscriber.Status.CONFIRMED)
        .update(status=Subscriber.Status.CONFIRMED, confirmed_at=now)
    )
    if not updated and not Subscriber.objects.filter(address_digest=digest).exists():
        Subscriber.objects.create(
            email=normalise_email(email),
            address_digest=digest,
            name=name,
            status=Subscriber.Status.CONFIRMED,
            created_at=now,
            confirmed_at=now,
        )
