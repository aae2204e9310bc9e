"""Signed links in newsletter emails. They name a subscriber's random key, never the address;
one salt per action, so a link only does what it says. An edition's unsubscribe link names the
edition too, so that curators can see how many readers left through it."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from alongside.core.converters import parse_id
from alongside.core.mail import absolute_url

from .models import Subscriber

# A confirmation link older than this no longer confirms (subscribing again sends a new one);
# an unsubscribe link in an old email must keep working, so it never expires.
CONFIRM_WITHIN = timedelta(days=7)
# The key in the links of a curator's test email. Subscribers' keys are random (version 4), so
# no subscriber ever has this one: those links unsubscribe nobody, and their page says so.
TEST_KEY = uuid.UUID(int=0)
# Between the key and the edition in a signed unsubscribe link ("<key>.<edition id>").
EDITION_MARK = "."


def _signer(action: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"alongside.newsletter.{action}")


def link(*, subscriber: Subscriber, action: str, edition_id: int | None = None) -> str:
    """The absolute address of `action` ("confirm" or "unsubscribe") for an email; an
    unsubscribe link in an edition names the edition (`edition_id`)."""
    value = str(subscriber.key)
    if edition_id is not None:
        value = f"{value}{EDITION_MARK}{edition_id}"
    token = _signer(action).sign(value)
    return absolute_url(reverse(f"newsletter:{action}", kwargs={"token": token}))


@dataclass(frozen=True)
class LinkTarget:
    """What a genuine link names: its subscriber (None when they are gone), the edition it
    came in, and whether it came in a curator's test email."""

    subscriber: Subscriber | None
    edition_id: int | None
    is_test: bool


def read_link(*, token: str, action: str) -> LinkTarget | None:
    """What the link names, or None when it is forged or expired."""
    max_age = CONFIRM_WITHIN if action == "confirm" else None
    try:
        value = _signer(action).unsign(token, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    key, _mark, edition = value.partition(EDITION_MARK)
    edition_id = parse_id(edition)
    if key == str(TEST_KEY):
        return LinkTarget(subscriber=None, edition_id=edition_id, is_test=True)
    subscriber = Subscriber.objects.filter(key=key).first()
    return LinkTarget(subscriber=subscriber, edition_id=edition_id, is_test=False)


def subscriber_for_token(*, token: str, action: str) -> Subscriber | None:
    """The subscriber a link names, or None when it is forged, expired, a test email's, or
    they are gone."""
    target = read_link(token=token, action=action)
    return target.subscriber if target is not None else None
