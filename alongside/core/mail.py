"""Email addresses: one normal form for storing and looking up, and never anything printable.

Addresses are stored to send mail and nothing else; pages, feeds, APIs and logs get a display
name and an `avatar_seed` (a keyed hash from which the address cannot be recovered).
"""

import hashlib
import hmac

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template


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


def send_templated_email(
    *, to: str, template: str, context: dict, headers: dict | None = None
) -> None:
    """Send `<template>_subject.txt` as the subject and `<template>.txt` as the plain-text body."""
    subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
    body = render_plain_text(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[to], headers=headers or {})
    message.send()
