"""Helpers for newsletter tests: the subscribe form's post and the links in its emails."""

import re

import pytest
from django.utils import timezone

from alongside.conftest import form_token
from alongside.core.mail import email_digest
from alongside.newsletter.models import Subscriber

LINK = re.compile(r"http://testserver(/newsletter/(?:confirm|unsubscribe)/[^\s/]+/)")
ADDRESS = "Reader.One@Example.ORG"
NORMALISED = "Reader.One@example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Links in emails point at the test client's host."""
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


def form_data(**fields) -> dict:
    return {
        "token": form_token(0, purpose="newsletter-subscribe", seconds_ago=30),
        "website": "",
        "email": ADDRESS,
        "name": "Ada",
    } | fields


def post_subscribe(client, **fields):
    return client.post("/newsletter/", form_data(**fields))


def link_in(body: str, action: str) -> str:
    """The site path of the `action` link in an email body."""
    (path,) = {p for p in LINK.findall(body) if p.split("/")[2] == action}
    return path


def confirmed_subscriber(email: str) -> Subscriber:
    """A subscriber who confirmed, as the form and the Confirm button would leave them."""
    return Subscriber.objects.create(
        email=email,
        address_digest=email_digest(email, purpose="newsletter"),
        status=Subscriber.Status.CONFIRMED,
        created_at=timezone.now(),
    )
