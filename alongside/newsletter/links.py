"""Signed links in newsletter emails. They name a subscriber's random key, never the address;
one salt per action, so a link only does what it says."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from alongside.core.mail import absolute_url

from .models import Subscriber

# A confirmation link older than this no longer confirms (subscribing again sends a new one);
# an unsubscribe link in an old email must keep working, so it never expires.
CONFIRM_WITHIN = timedelta(days=7)


def _signer(action: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"alongside.newsletter.{action}")


def link(*, subscriber: Subscriber, action: str) -> str:
    """The absolute address of `action` ("confirm" or "unsubscribe") for an email."""
    token = _signer(action).sign(str(subscriber.key))
    return absolute_url(reverse(f"newsletter:{action}", kwargs={"token": token}))


def subscriber_for_token(*, token: str, action: str) -> Subscriber | None:
    """The subscriber a link names, or None when it is forged, expired or they are gone."""
    max_age = CONFIRM_WITHIN if action == "confirm" else None
    try:
        key = _signer(action).unsign(token, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return Subscriber.objects.filter(key=key).first()
