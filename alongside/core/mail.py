"""Email: addresses in one normal form and never printable, and sending each email once.

Addresses are stored to send mail and nothing else; pages, feeds, APIs and logs get a display
name and an `avatar_seed` (a keyed hash from which the address cannot be recovered).

Every email goes out through `send_once` under a key that names it (what it is about and why,
never the address): a task that sends mail can be run again after a crash at any line, and
each email is sent, at most the one in flight at the crash twice (docs/decisions/0050).
"""

import hashlib
import hmac
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone


def normalise_email(value: str) -> str:
    """Trim, and lower-case the domain (the local part is case-sensitive by the standard)."""
    local, _, domain = value.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def email_digest(email: str, *, purpose: str) -> str:
    """A keyed hash of an address: stable for lookups and avatars, useless to anyone else."""
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, normalise_email(email).lower().encode(), hashlib.sha256).hexdigest()


def avatar_seed(email: str) -> str:
    """What an avatar is drawn from. Never an MD5 of the address (that is what Gravatar leaks)."""
    return email_digest(email, purpose="avatar")[:16]


def absolute_url(path: str) -> str:
    """A link for an email: SITE_URL plus a site path."""
    return f"{settings.SITE_URL}{path}"


def absolute_page_url(page) -> str:
    """A page's link for an email: SITE_URL plus the page's path in its site.

    Not `page.get_full_url()`: that takes the host and port from Wagtail's Site record, which
    can disagree with the address the site is really served at.
    """
    _site_id, _root_url, page_path = page.get_url_parts()
    return absolute_url(page_path)


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a plain-text template with nothing HTML-escaped: `<b> & Zoë` reads as typed.

    Escaping is for HTML; in a plain-text email `&amp;` is noise and breaks links with `&`.
    """
    # The Django engine's own template, so that autoescape can be turned off for this render.
    return get_template(template_name).template.render(Context(context, autoescape=False))


class EmailInFlight(Exception):
    """Another process set out to send this email moments ago and may still be sending it:
    try again later (core.tasks.MAIL_ERRORS includes it, so mail tasks are retried)."""


def message_id_for(key: str) -> str:
    """The Message-ID of the email named `key`: the same on every attempt, and a keyed hash,
    so the header tells a reader nothing about the key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "alongside.invalid"
    return f"<{digest[:40]}@{domain}>"


def _claim(key: str):
    """Commit "sending `key`" before the message leaves, or return None when it was sent.

    Raises EmailInFlight when another process claimed it less than a task lease ago: a worker
    that dies stops beating and its task runs again only a lease later, when its claim is
    older than that.
    """
    from .models import OutboundEmail
    from .tasks import beat

    now = timezone.now()
    # Durable: the claim must be committed before SMTP, never held in a caller's transaction.
    with transaction.atomic(durable=True):
        entry, created = OutboundEmail.objects.select_for_update().get_or_create(
            key=key, defaults={"message_id": message_id_for(key), "claimed_at": now}
        )
        if not created:
            if entry.status == OutboundEmail.Status.SENT:
                return None
            lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
            if entry.claimed_at is not None and entry.claimed_at > now - lease:
                raise EmailInFlight(key)
            entry.claimed_at = now
            entry.save(update_fields=["claimed_at"])
    # A sign of life no older than the claim: should this worker die now, its task runs again
    # only once the claim is a lease old, so the re-run sends at once instead of waiting.
    beat(force=True)
    return entry


def send_once(*, key: str, message: EmailMessage) -> bool:
    """Send `message` unless the email named `key` was sent already; True if sent now.

    Call it outside any transaction. Raises what the mail server raises (the next attempt
    sends the email again), and EmailInFlight.
    """
    from .models import OutboundEmail

    entry = _claim(key)
    if entry is None:
        return False
    message.extra_headers["Message-ID"] = entry.message_id
    try:
        message.send()
    except Exception:
        # Not sent, or not known to be: the next attempt may send it at once.
        OutboundEmail.objects.filter(pk=entry.pk, claimed_at=entry.claimed_at).update(
            claimed_at=None
        )
        raise
    OutboundEmail.objects.filter(pk=entry.pk).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now()
    )
    return True


def was_sent(key: str) -> bool:
    """Whether the email named `key` went out (a task that stopped before recording it may
    still need to record it, even if it would no longer send it)."""
    from .models import OutboundEmail

    return OutboundEmail.objects.filter(key=key, status=OutboundEmail.Status.SENT).exists()


def send_templated_email(
    *,
    key: str,
    to: str,
    template: str,
    context: dict,
    headers: dict | None = None,
    html: bool = False,
) -> bool:
    """Send `<template>_subject.txt` as the subject and `<template>.txt` as the plain-text body,
    with `<template>.html` as the HTML alternative when `html` is set, once under `key` (see
    `send_once`). True if sent now, False if it was sent before."""
    subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
    body = render_plain_text(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[to], headers=headers or {})
    if html:
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return send_once(key=key, message=message)
