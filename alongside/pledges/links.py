"""Signed links in pledge emails: one salt per action, so a link only does what it says."""

from django.core import signing
from django.urls import reverse

from alongside.core.mail import absolute_url

from .models import CONFIRM_WITHIN, Pledge

ACTIONS = ("confirm", "kept", "not_yet", "stop", "withdraw")
# Only the confirmation link expires (with the pledge itself); a withdraw or stop link in an
# old email must keep working.
MAX_AGE = {"confirm": CONFIRM_WITHIN}


def _signer(action: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"alongside.pledges.{action}")


def make_token(*, pledge: Pledge, action: str) -> str:
    return _signer(action).sign(pledge.key)


def link(*, pledge: Pledge, action: str) -> str:
    """The absolute address of `action` for this pledge, for an email."""
    token = make_token(pledge=pledge, action=action)
    return absolute_url(reverse(f"pledges:{action}", kwargs={"token": token}))


def pledge_for_token(*, token: str, action: str) -> Pledge | None:
    """The pledge a link names, or None when the link is forged, expired or its pledge gone."""
    max_age = MAX_AGE.get(action)
    try:
        key = _signer(action).unsign(token, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return Pledge.objects.select_related("video").filter(key=key).first()
