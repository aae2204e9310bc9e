"""The curators' side of an edition: a test sent to themselves, progress while it sends, the
log of its recipients, and who may see any of it."""

import logging
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from alongside.conftest import run_tasks
from alongside.newsletter import sending
from alongside.newsletter.models import Delivery, Edition, Subscriber

from .conftest import confirmed_subscriber

ADMIN = "/admin/weekly_email/"
LIST_UNSUBSCRIBE = re.compile(r"<http://testserver(/newsletter/unsubscribe/[^>\s]+/)>")


@pytest.fixture
def edition(make_video):
    """A draft, with two confirmed subscribers waiting for it."""
    video = make_video("Finish line", summary="A race nobody expected to finish.")
    confirmed_subscriber("reader0@example.org")
    confirmed_subscriber("reader1@example.org")
    return Edition.objects.get(video=video)


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser(
        "curator", email="curator@example.net", password="curator-pass-1"
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queued_tests() -> bool:
    return DBTaskResult.objects.filter(task_path__endswith=".send_test_edition").exists()


def send_test(client, edition, request_key="0" * 32):
    return client.post(f"{ADMIN}{edition.pk}/test/", {"request_key": request_key})


# Send a test to yourself


@pytest.mark.django_db(transaction=True)
def test_a_test_goes_to_the_curator_alone_and_leaves_the_edition_untouched(
    edition, curator, smtp_server
):
    client = signed_in(curator)
    page = client.get(f"{ADMIN}{edition.pk}/").content.decode()
    assert ">Send a test to yourself</button>" in page and "curator@example.net" in page

    response = send_test(client, edition)
    assert response.status_code == 302
    assert "on its way to curator@example.net" in client.get(response["Location"]).content.decode()
    assert len(smtp_server.messages) == 0  # queued, not sent in the request
    run_tasks()

    (message,) = smtp_server.messages
    assert message["To"] == "curator@example.net"
    assert message["Subject"] == "[Test] Finish line"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Stand by someone today" in html and "%%" not in html
    assert f"/newsletter/archive/{edition.pk}/watch/" in html  # the readers' links to the video
    assert Delivery.objects.count() == 0
    edition.refresh_from_db()
    assert (edition.status, edition.started_at, edition.html_body) == (
        Edition.Status.DRAFT,
        None,
        "",
    )

    # Its unsubscribe link, pressed or one-clicked, says it is a test's and unsubscribes nobody.
    (link,) = LIST_UNSUBSCRIBE.findall(message["List-Unsubscribe"])
    assert link in smtp_server.body(message)
    reader = Client(enforce_csrf_checks=True)
    for answer in (reader.get(link), reader.post(link, {"List-Unsubscribe": "One-Click"})):
        assert "A link from a test email" in answer.content.decode()
    forget = link.replace("/unsubscribe/", "/forget/")
    assert "A link from a test email" in reader.post(forget).content.decode()
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"confirmed"}
    assert Subscriber.objects.count() == 2
    assert Edition.objects.get().unsubscribes == 0


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_one_test_and_a_later_press_another(edition, curator, smtp_server):
    client = signed_in(curator)
    send_test(client, edition, "a" * 32)
    send_test(client, edition, "a" * 32)
    run_tasks()
    assert len(smtp_server.messages) == 1
    send_test(client, edition, "b" * 32)  # the page shown again has a new key
    send_test(client, edition, "not a key")  # or none that can be read: a new one
    run_tasks()
    assert len(smtp_server.messages) == 3


@pytest.mark.django_db(transaction=True)
def test_a_sent_edition_is_tested_as_it_was_sent(edition, curator, smtp_server):
    sending.start_sending(edition=edition)
    run_tasks()
    smtp_server.messages.clear()
    send_test(signed_in(curator), edition)
    run_tasks()
    (message,) = smtp_server.messages
    assert message["To"] == "curator@example.net"
    assert sending.counts(edition.pk)["sent"] == 2  # the two readers, not the test


@pytest.mark.django_db
def test_a_curator_without_an_address_is_told_how_to_add_one(edition, django_user_model):
    nameless = django_user_model.objects.create_superuser("nameless", email="", password="pw-1")
    client = signed_in(nameless)
    page = client.get(f"{ADMIN}{edition.pk}/").content.decode()
    assert 'has no email address yet: add one in your <a href="/admin/account/">' in page
    page = send_test(client, edition)
    answer = client.get(page["Location"]).content.decode()
    assert "Your account has no email address to send the test to" in answer
    assert 'href="/admin/account/"' in answer
    assert not queued_tests()  # nothing queued


# Progress while sending


def set_states(edition, **states):
    """Put the edition's deliveries into states, in order: `sent=2, failed=1, ...`."""
    ids = list(Delivery.objects.filter(edition=edition).order_by("pk").values_list("pk", flat=True))
    for state, how_many in states.items():
        Delivery.objects.filter(pk__in=ids[:how_many]).update(state=state)
        ids = ids[how_many:]


@pytest.mark.django_db
def test_the_progress_shows_each_count_and_a_bar_and_asks_again_while_sending(
    edition, admin_client
):
    for number in range(2, 10):
        confirmed_subscriber(f"reader{number}@example.org")
    sending.start_sending(edition=edition, queue=False)
    set_states(edition, sent=4, failed=1, bounced=1, sending=2)  # and 2 queued
    Edition.objects.filter(pk=edition.pk).update(unsubscribes=3, video_visits=17)

    fragment = admin_client.get(f"{ADMIN}{edition.pk}/progress/").content.decode()
    for label, number in [
        ("Queued", 2),
        ("Sending", 2),
        ("Sent", 4),
        ("Failed", 1),
        ("Bounced", 1),
        ("Unsubscribed through this email", 3),
        ("Visits to the video through this email", 17),
    ]:
        assert f"<dt>{label}</dt><dd>{number}</dd>" in fragment, label
    assert '<progress id="edition-progress-bar" max="10" value="6">60%</progress>' in fragment
    assert "6 of 10 recipients done (60%)" in fragment
    assert 'hx-trigger="every 2s"' in fragment and ">Refresh</a>" in fragment
    assert "example.org" not in fragment

    page = admin_client.get(f"{ADMIN}{edition.pk}/").content.decode()
    assert f'hx-get="{ADMIN}{edition.pk}/progress/"' in page
    assert "vendor/htmx-2.0.11.min.js" in page

    set_states(edition, sent=10)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT)
    done = admin_client.get(f"{ADMIN}{edition.pk}/progress/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"  # the page once more, with its buttons as they are now
    assert "<dt>Sent</dt><dd>10</dd>" in done.content.decode()
    page = admin_client.get(f"{ADMIN}{edition.pk}/").content.decode()
    assert "every 2s" not in page and "vendor/htmx" not in page and ">Refresh</a>" not in page


@pytest.mark.django_db
def test_the_progress_is_one_query_for_every_count(edition, admin_client):
    sending.start_sending(edition=edition, queue=False)
    admin_client.get(f"{ADMIN}{edition.pk}/progress/")  # the session and user, once read
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(f"{ADMIN}{edition.pk}/progress/")
    counting = [q["sql"] for q in queries.captured_queries if "newsletter_delivery" in q["sql"]]
    assert len(counting) == 1, counting


# The recipients' log


def recipients(client, edition, **query):
    return client.get(f"{ADMIN}{edition.pk}/recipients/", query).content.decode()


def rows(page: str) -> list[str]:
    return re.findall(r'<td class="address">([^<]+)</td>', page)


@pytest.mark.django_db
def test_the_recipients_log_shows_each_recipient_and_finds_them(edition, admin_client, caplog):
    confirmed_subscriber("ana.lima@example.net")
    sending.start_sending(edition=edition, queue=False)
    ana = Delivery.objects.get(subscriber__email="ana.lima@example.net")
    Delivery.objects.filter(pk=ana.pk).update(state="bounced", attempts=2, last_error="550 5.1.1")
    set_states(edition, sent=1)

    page = recipients(admin_client, edition)
    assert rows(page) == ["reader0@example.org", "reader1@example.org", "ana.lima@example.net"]
    assert "<td>550 5.1.1</td>" in page and "3 recipients." in page
    with caplog.at_level(logging.INFO, logger="alongside.requests"):
        found = recipients(admin_client, edition, q="LIMA@example")
    assert rows(found) == ["ana.lima@example.net"] and "1 recipient matches." in found
    assert "@" not in caplog.text  # the address searched for is never logged
    assert rows(recipients(admin_client, edition, state="sent")) == ["reader0@example.org"]
    assert rows(recipients(admin_client, edition, state="queued", q="reader")) == [
        "reader1@example.org"
    ]
    assert rows(recipients(admin_client, edition, q="nobody")) == []
    assert len(rows(recipients(admin_client, edition, state="made-up"))) == 3  # no filter


@pytest.mark.django_db
def test_the_recipients_log_costs_the_same_queries_for_many_recipients(edition, admin_client):
    sending.start_sending(edition=edition, queue=False)
    url = f"{ADMIN}{edition.pk}/recipients/"
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url, {"q": "reader"})
    for number in range(2, 130):
        confirmed_subscriber(f"reader{number}@example.org")
    Delivery.objects.bulk_create(
        Delivery(edition=edition, subscriber=s, message_id=f"<{s.pk}@test>")
        for s in Subscriber.objects.exclude(deliveries__edition=edition)
    )
    with CaptureQueriesContext(connection) as many:
        page = admin_client.get(url, {"q": "reader", "p": "2"}).content.decode()
    assert len(rows(page)) == 50 and "Page 2 of 3" in page
    assert 'href="?q=reader&amp;p=3"' in page  # the next pages keep the search
    assert len(many.captured_queries) == len(few.captured_queries)


# Who may see it


@pytest.mark.django_db
def test_every_curator_page_needs_the_permission(edition, django_user_model):
    visitor = django_user_model.objects.create_user("visitor", password="visitor-pass-1")
    visitor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = signed_in(visitor)
    for url in ("", f"{edition.pk}/", f"{edition.pk}/progress/", f"{edition.pk}/recipients/"):
        response = client.get(f"{ADMIN}{url}")
        assert response.status_code in (302, 403), url
        assert "reader0@example.org" not in response.content.decode()
    visitor.email = "visitor@example.org"
    visitor.save()
    assert send_test(client, edition).status_code in (302, 403)
    assert not queued_tests()


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_wagtails_curator_groups_see_and_send_the_weekly_email(edition, django_user_model, group):
    from alongside.core.tests.test_admin_permissions import menu_urls

    member = django_user_model.objects.create_user("member", password="member-pass-1")
    member.groups.add(Group.objects.get(name=group))
    assert ADMIN in menu_urls(member)
    client = signed_in(member)
    assert client.get(f"{ADMIN}{edition.pk}/recipients/").status_code == 200
    client.post(f"{ADMIN}{edition.pk}/send/")
    assert Edition.objects.get().status == Edition.Status.SENDING
