"""Sending an edition over a real SMTP server on loopback: each confirmed subscriber once,
resumable after a killed worker, pausable, and a refusing server handled per recipient."""

import re
import socket
import uuid
from datetime import timedelta

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.core.mail import email_digest
from alongside.newsletter import sending
from alongside.newsletter.models import Delivery, Edition, Subscriber

UNSUBSCRIBE = re.compile(r"<(http://testserver/newsletter/unsubscribe/[^>\s]+/)>")


@pytest.fixture
def video(make_video):
    return make_video("Finish line", summary="A race nobody expected to finish.")


@pytest.fixture
def edition(video):
    """Made as a draft when the video went live."""
    return Edition.objects.get(video=video)


def subscriber(number: int, status=Subscriber.Status.CONFIRMED) -> Subscriber:
    email = f"reader{number}@example.org"
    return Subscriber.objects.create(
        email=email,
        address_digest=email_digest(email, purpose="newsletter"),
        status=status,
        created_at=timezone.now(),
    )


def addresses(smtp_server) -> list[str]:
    return sorted(str(m["To"]) for m in smtp_server.messages)


class CountingBackend(EmailBackend):
    """Django's SMTP backend, counting the connections it opens."""

    opened = 0

    def open(self):
        if self.connection is None:
            CountingBackend.opened += 1
        return super().open()


@pytest.mark.django_db(transaction=True)
def test_each_confirmed_subscriber_gets_one_message_with_their_own_link(
    edition, smtp_server, settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    confirmed = [subscriber(n) for n in range(5)]
    subscriber(10, Subscriber.Status.PENDING)
    subscriber(11, Subscriber.Status.UNSUBSCRIBED)
    subscriber(12, Subscriber.Status.BOUNCED)

    assert sending.start_sending(edition=edition)
    run_tasks()

    assert addresses(smtp_server) == sorted(s.email for s in confirmed)
    assert CountingBackend.opened == 3  # one connection for each batch of 2
    links = set()
    for message in smtp_server.messages:
        (link,) = UNSUBSCRIBE.findall(message["List-Unsubscribe"])
        assert message["List-Unsubscribe"].endswith(
            ", <mailto:hello@localhost?subject=unsubscribe>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Subject"] == "Finish line"
        assert link in smtp_server.body(message)
        html = message.get_body(preferencelist=("html",)).get_content()
        assert link in html and "<script" not in html and "%%" not in html
        links.add(link)
        delivery = Delivery.objects.get(subscriber__email=message["To"])
        assert message["Message-ID"] == delivery.message_id
    assert len(links) == 5
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT and edition.finished_at
    assert sending.counts(edition.pk)["sent"] == 5
    assert Delivery.objects.count() == 5  # nobody unconfirmed even has a record


@pytest.mark.django_db(transaction=True)
def test_one_click_from_the_header_unsubscribes_at_once(edition, smtp_server):
    from django.test import Client

    reader = subscriber(1)
    sending.start_sending(edition=edition)
    run_tasks()
    (link,) = UNSUBSCRIBE.findall(smtp_server.messages[0]["List-Unsubscribe"])
    response = Client(enforce_csrf_checks=True).post(
        link.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_repeats_only_the_message_in_flight_with_the_same_message_id(
    edition, smtp_server, settings
):
    readers = [subscriber(n) for n in range(6)]
    sending.start_sending(edition=edition)
    # A worker claims a batch, sends two, and is killed while the third is on the wire: the
    # server has it, the database never heard.
    batch = sending.claim_batch(edition_id=edition.pk)
    assert len(batch) == 6
    sending.send_batch(edition=edition, batch=batch[:2])
    sending.build_message(edition=edition, delivery=batch[2]).send()
    in_flight = batch[2].subscriber.email

    run_tasks()  # within the lease: the dead worker's rows are left alone
    assert len(smtp_server.messages) == 3
    Delivery.objects.filter(state=Delivery.State.SENDING).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    )
    sending.enqueue_sender(edition.pk)  # as the periodic job does for a lost task
    run_tasks()

    sent = [str(m["To"]) for m in smtp_server.messages]
    assert sorted(set(sent)) == sorted(r.email for r in readers)  # nobody skipped
    assert [a for a in set(sent) if sent.count(a) > 1] == [in_flight]  # one repeated
    ids = {str(m["Message-ID"]) for m in smtp_server.messages if m["To"] == in_flight}
    assert len(ids) == 1  # the same Message-ID, so receiving servers can drop the copy
    assert sending.counts(edition.pk)["sent"] == 6


@pytest.mark.django_db(transaction=True)
def test_pause_and_resume_deliver_each_once(edition, smtp_server, monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    readers = [subscriber(n) for n in range(5)]
    sending.start_sending(edition=edition)
    sending.send_batch(edition=edition, batch=sending.claim_batch(edition_id=edition.pk))
    assert sending.pause(edition=edition)
    run_tasks()
    assert len(smtp_server.messages) == 2  # the queued task stops at once
    assert sending.start_sending(edition=edition)  # resume
    run_tasks()
    assert sorted(str(m["To"]) for m in smtp_server.messages) == sorted(r.email for r in readers)
    assert Edition.objects.get().status == Edition.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_edition_sends_no_more(edition, smtp_server):
    subscriber(1)
    sending.start_sending(edition=edition)
    assert sending.cancel(edition=edition)
    run_tasks()
    assert smtp_server.messages == []
    assert not sending.start_sending(edition=edition)


@pytest.mark.django_db(transaction=True)
def test_an_unsubscribe_during_sending_is_respected(edition, smtp_server):
    from alongside.newsletter.services import unsubscribe

    leaving = subscriber(1)
    staying = subscriber(2)
    sending.start_sending(edition=edition)
    unsubscribe(subscriber=leaving)
    run_tasks()
    assert addresses(smtp_server) == [staying.email]


@pytest.mark.django_db(transaction=True)
def test_queries_per_message_are_constant(edition, smtp_server):
    def queries_to_send(count: int) -> int:
        Delivery.objects.all().delete()
        Subscriber.objects.all().delete()
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT, started_at=None)
        for n in range(count):
            subscriber(n + 100 * count)
        sending.start_sending(edition=edition)
        with CaptureQueriesContext(connection) as queries:
            sending.send(edition.pk)
        return len(queries)

    ten, thirty = queries_to_send(10), queries_to_send(30)
    assert thirty - ten == 20  # one query a message (marking it sent), the rest per batch


class RefusingHandler:
    """Refuses some recipients at RCPT: 550 for `gone`, 451 for `busy`."""

    def __init__(self):
        self.messages = []
        self.gone, self.busy = set(), set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.gone:
            return f"550 5.1.1 <{address}>: no such user"
        if address in self.busy:
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.rcpt_tos[:])
        return "250 Accepted"


@pytest.fixture
def refusing_server(settings):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = RefusingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_gone_address_bounces_and_a_busy_one_waits_for_a_retry(edition, refusing_server):
    gone, busy, fine = subscriber(1), subscriber(2), subscriber(3)
    refusing_server.gone.add(gone.email)
    refusing_server.busy.add(busy.email)
    sending.start_sending(edition=edition)
    run_tasks()

    assert refusing_server.messages == [[fine.email]]
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED
    assert gone.bounce_reason == "The receiving server refused the address (550 5.1.1)."
    assert gone.email not in gone.bounce_reason
    waiting = Delivery.objects.get(subscriber=busy)
    assert (waiting.state, waiting.attempts) == (Delivery.State.QUEUED, 1)
    assert waiting.retry_at > timezone.now()
    assert Edition.objects.get().status == Edition.Status.SENDING  # until the retry

    refusing_server.busy.clear()
    Delivery.objects.filter(pk=waiting.pk).update(retry_at=timezone.now())
    sending.enqueue_sender(edition.pk)
    run_tasks()
    assert refusing_server.messages == [[fine.email], [busy.email]]
    assert Edition.objects.get().status == Edition.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_the_message_id_depends_only_on_edition_and_subscriber(edition):
    reader = subscriber(1)
    first = sending.delivery_message_id(edition_id=edition.pk, subscriber_id=reader.pk)
    assert first == sending.delivery_message_id(edition_id=edition.pk, subscriber_id=reader.pk)
    assert first != sending.delivery_message_id(edition_id=edition.pk + 1, subscriber_id=reader.pk)
    assert reader.email not in first and str(uuid.UUID(str(reader.key))) not in first


@pytest.mark.django_db(transaction=True)
def test_the_sites_messages_per_second_paces_the_send(edition, smtp_server, home):
    import time

    from wagtail.models import Site

    from alongside.newsletter.models import NewsletterSettings

    options = NewsletterSettings.for_site(Site.objects.get(is_default_site=True))
    options.messages_per_second = 20
    options.save()
    for number in range(10):
        subscriber(number)
    sending.start_sending(edition=edition, queue=False)
    started = time.monotonic()
    assert sending.send(edition.pk) == Edition.Status.SENT
    assert time.monotonic() - started >= 9 / 20  # ten messages, 50 ms apart
    assert len(smtp_server.messages) == 10
