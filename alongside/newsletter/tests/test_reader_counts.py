"""What curators learn of what readers did with an edition: two numbers, nothing about anyone.
Unsubscribes through the edition's own link, and visits through its links to the video."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.newsletter import links, sending
from alongside.newsletter.models import Delivery, Edition, Subscriber

from .conftest import confirmed_subscriber

UNSUBSCRIBE = re.compile(r"<http://testserver(/newsletter/unsubscribe/[^>\s]+/)>")


@pytest.fixture
def editions(make_video):
    """Two videos' editions, the first one sent to two readers (messages built, not mailed)."""
    first, second = make_video("Finish line"), make_video("Second wind")
    for number in range(2):
        confirmed_subscriber(f"reader{number}@example.org")
    edition = Edition.objects.get(video=first)
    assert sending.start_sending(edition=edition, queue=False)
    edition.refresh_from_db()
    return edition, Edition.objects.get(video=second)


def unsubscribe_link(edition, number) -> str:
    delivery = Delivery.objects.select_related("subscriber").get(
        edition=edition, subscriber__email=f"reader{number}@example.org"
    )
    message = sending.build_message(edition=edition, delivery=delivery)
    (path,) = UNSUBSCRIBE.findall(message.extra_headers["List-Unsubscribe"])
    assert path in message.body  # the same link in the text, for the page's button
    return path


def counts(*editions) -> list[int]:
    return [Edition.objects.get(pk=e.pk).unsubscribes for e in editions]


@pytest.mark.django_db
def test_unsubscribing_through_an_editions_link_counts_once_for_that_edition(editions):
    edition, other = editions
    reader = Client(enforce_csrf_checks=True)
    first, second = unsubscribe_link(edition, 0), unsubscribe_link(edition, 1)

    assert reader.get(first).status_code == 200
    assert counts(edition, other) == [0, 0]  # a mail scanner's GET changes nothing
    reader.post(first, {"List-Unsubscribe": "One-Click"})  # the mail program's one click
    assert counts(edition, other) == [1, 0]
    reader.post(first)  # the page's button as well: they left once
    assert counts(edition, other) == [1, 0]
    reader.post(second)
    assert counts(edition, other) == [2, 0]
    assert Subscriber.objects.filter(status=Subscriber.Status.UNSUBSCRIBED).count() == 2


@pytest.mark.django_db
def test_a_link_from_before_editions_were_named_still_unsubscribes_and_counts_nowhere(editions):
    edition, other = editions
    old = links.link(subscriber=Subscriber.objects.first(), action="unsubscribe")
    Client().post(old.removeprefix("http://testserver"))
    assert Subscriber.objects.filter(status=Subscriber.Status.UNSUBSCRIBED).count() == 1
    assert counts(edition, other) == [0, 0]


def visit_links(body: str) -> set[str]:
    return set(re.findall(r"http://testserver(/newsletter/archive/\d+/watch/(?:pledge/)?)", body))


@pytest.mark.django_db
def test_the_emails_links_to_the_video_count_visits_and_lead_to_the_page(editions, client):
    edition, _other = editions
    watch = f"/newsletter/archive/{edition.pk}/watch/"
    for body in (edition.html_body, edition.text_body):
        assert visit_links(body) == {watch, f"{watch}pledge/"}
        assert edition.video.url not in body  # every link to the video is counted

    response = client.get(watch)
    assert (response.status_code, response["Location"]) == (302, edition.video.url)
    pledge = client.get(f"{watch}pledge/")
    assert pledge["Location"] == f"{edition.video.url}#pledge"
    assert client.get(pledge["Location"].split("#")[0]).status_code == 200
    client.get(watch)  # never kept by a cache: each visit reaches the count
    assert Edition.objects.get(pk=edition.pk).video_visits == 3

    head = client.head(watch)  # link checkers and scanners: sent on, not counted
    assert (head.status_code, head["Location"]) == (302, edition.video.url)
    assert Edition.objects.get(pk=edition.pk).video_visits == 3


@pytest.mark.django_db
def test_a_visit_writes_the_count_and_nothing_else(editions, client):
    edition, _other = editions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/newsletter/archive/{edition.pk}/watch/")
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert len(writes) == 1 and "video_visits" in writes[0], writes
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]  # nor kept by any cache on the way


@pytest.mark.django_db
def test_a_drafts_links_lead_to_the_video_without_counting(editions, client):
    _edition, draft = editions  # a curator's test email of a draft has these links
    response = client.get(f"/newsletter/archive/{draft.pk}/watch/")
    assert response["Location"] == draft.video.url
    assert Edition.objects.get(pk=draft.pk).video_visits == 0
    for missing in ("999999", "9" * 30):
        assert client.get(f"/newsletter/archive/{missing}/watch/").status_code == 404
