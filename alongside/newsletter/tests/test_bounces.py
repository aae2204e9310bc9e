"""Bounces and complaints from the email provider's webhook (anymail's, here Postmark's)."""

import base64
import json

import pytest
from django.utils import timezone

from alongside.newsletter.models import Subscriber
from alongside.newsletter.services import address_digest

SECRET = "alongside:webhook-secret"
URL = "/anymail/postmark/tracking/"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def reader(db):
    email = "reader@example.org"
    return Subscriber.objects.create(
        email=email,
        address_digest=address_digest(email),
        status=Subscriber.Status.CONFIRMED,
        created_at=timezone.now(),
    )


def post(client, record: dict, *, secret=SECRET):
    auth = base64.b64encode(secret.encode()).decode()
    return client.post(
        URL, json.dumps(record), content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}"
    )


HARD_BOUNCE = {"RecordType": "Bounce", "Type": "HardBounce", "Email": "Reader@EXAMPLE.org"}
COMPLAINT = {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "Email": "reader@example.org"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "record,why",
    [(HARD_BOUNCE, "cannot receive mail"), (COMPLAINT, "marked the weekly email as spam")],
)
def test_a_hard_bounce_or_complaint_stops_mail_and_says_why(client, reader, record, why):
    assert post(client, record).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.BOUNCED and reader.bounced_at
    assert why in reader.bounce_reason and "Postmark" in reader.bounce_reason


@pytest.mark.django_db
def test_a_soft_bounce_changes_nothing(client, reader):
    post(client, {"RecordType": "Bounce", "Type": "Transient", "Email": "reader@example.org"})
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_a_webhook_with_a_bad_secret_changes_nothing(client, reader):
    assert post(client, HARD_BOUNCE, secret="alongside:guessed").status_code == 400
    assert (
        client.post(URL, json.dumps(HARD_BOUNCE), content_type="application/json").status_code
        == 400
    )
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_without_a_secret_set_events_are_ignored(client, reader, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    with pytest.warns(Warning):  # anymail's own "insecure webhook" warning
        client.post(URL, json.dumps(HARD_BOUNCE), content_type="application/json")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
