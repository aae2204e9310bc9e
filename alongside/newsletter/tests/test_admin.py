"""The curators' editions: list with counts, preview, and Send now / Pause / Resume / Cancel."""

import pytest
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.core.mail import email_digest
from alongside.newsletter.models import Edition, Subscriber

ADMIN = "/admin/weekly_email/"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def edition(make_video):
    video = make_video("Finish line", summary="A race nobody expected to finish.")
    for number in range(2):
        email = f"reader{number}@example.org"
        Subscriber.objects.create(
            email=email,
            address_digest=email_digest(email, purpose="newsletter"),
            status=Subscriber.Status.CONFIRMED,
            created_at=timezone.now(),
        )
    return Edition.objects.get(video=video)


@pytest.mark.django_db(transaction=True)
def test_a_curator_previews_sends_and_sees_the_counts(admin_client, edition, smtp_server):
    listing = admin_client.get(ADMIN).content.decode()
    assert "Finish line" in listing and "Draft" in listing

    page = admin_client.get(f"{ADMIN}{edition.pk}/").content.decode()
    assert "srcdoc=" in page and "Stand by someone today" in page  # the act, in both bodies
    assert "(each reader&#x27;s own unsubscribe link)" in page
    assert "%%UNSUBSCRIBE_URL%%" not in page
    assert ">Send now</button>" in page and ">Pause</button>" not in page

    response = admin_client.post(f"{ADMIN}{edition.pk}/send/")
    assert response.status_code == 302
    assert Edition.objects.get().status == Edition.Status.SENDING
    run_tasks()
    assert len(smtp_server.messages) == 2
    page = admin_client.get(f"{ADMIN}{edition.pk}/").content.decode()
    assert "<dt>Sent</dt><dd>2</dd>" in page and "Sent</strong>" in page
    for text in (page, admin_client.get(ADMIN).content.decode()):
        assert "example.org" not in text  # no address in the admin's pages


@pytest.mark.django_db(transaction=True)
def test_pause_resume_and_cancel_are_posts(admin_client, edition, smtp_server):
    url = f"{ADMIN}{edition.pk}"
    admin_client.post(f"{url}/send/")
    assert admin_client.get(f"{url}/pause/").status_code == 405  # GET changes nothing
    admin_client.post(f"{url}/pause/")
    assert Edition.objects.get().status == Edition.Status.PAUSED
    run_tasks()
    assert smtp_server.messages == []
    assert ">Resume</button>" in admin_client.get(f"{url}/").content.decode()
    admin_client.post(f"{url}/resume/")
    admin_client.post(f"{url}/cancel/")
    assert Edition.objects.get().status == Edition.Status.CANCELLED
    run_tasks()
    assert smtp_server.messages == []
    assert admin_client.post(f"{url}/explode/").status_code == 404
    failed = admin_client.post(f"{url}/send/", follow=True).content.decode()
    assert "That cannot be done to this edition now." in failed


@pytest.mark.django_db
def test_editors_without_the_permission_are_refused(client, edition, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="pw-for-tests")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(ADMIN).status_code in (302, 403)
    assert client.post(f"{ADMIN}{edition.pk}/send/").status_code in (302, 403)
    assert Edition.objects.get().status == Edition.Status.DRAFT
