"""The "never email me again" link in a friend's email: signed, naming only a keyed hash."""

from django.core import signing
from django.urls import reverse

from alongside.core.mail import absolute_url

SALT = "alongside.discovery.friends.do-not-send"


def do_not_send_link(*, address_digest: str) -> str:
    """The absolute address of the do-not-send page for this recipient, for an email."""
    token = signing.Signer(salt=SALT).sign(address_digest)
    return absolute_url(reverse("friends:do_not_send", kwargs={"token": token}))


def digest_for_token(token: str) -> str | None:
    """The recipient's hash a link names, or None when the link was forged."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
