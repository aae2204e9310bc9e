from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from alongside.newsletter.models import Edition, Subscriber
from alongside.videos.demo_content import VIDEOS


@pytest.mark.django_db
def test_the_demo_has_two_confirmed_subscribers_once_and_an_edition_to_send(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_demo", stdout=StringIO())
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert "Demo subscribers to the weekly email: 0 added." in output.getvalue()
    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 2
    assert Edition.objects.filter(status=Edition.Status.DRAFT).count() == len(VIDEOS)

    call_command("send_edition", VIDEOS[0]["slug"], "--now", stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == [
        "demo-reader-1@example.org",
        "demo-reader-2@example.org",
    ]
