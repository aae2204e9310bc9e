"""The edition's email written once and each recipient's parts put in (sending.PreparedEdition):
every message is the one Django would have built for that recipient, links never mixed up,
and anything plain substitution cannot do right is built the slow way."""

import time
from email import message_from_bytes, policy
from email.utils import mktime_tz, parsedate_tz

import pytest
from django.core.mail.message import sanitize_address

from alongside.newsletter import compose, links, sending
from alongside.newsletter.models import Delivery, Edition

from .conftest import confirmed_subscriber
from .test_sending import UNSUBSCRIBE


@pytest.fixture
def edition(make_video):
    return Edition.objects.get(video=make_video("Finish line", summary="A race."))


def started(edition: Edition) -> Edition:
    assert sending.start_sending(edition=edition, queue=False)
    return Edition.objects.get(pk=edition.pk)


def parsed(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


def headers(message) -> dict:
    """Every header but Date, unfolded; the MIME boundary (random per message) left out."""
    found = {name: " ".join(str(value).split()) for name, value in message.items()}
    del found["Date"]
    found["Content-Type"] = found["Content-Type"].split(";")[0]
    return found


def parts(message) -> tuple[str, str]:
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


@pytest.mark.django_db(transaction=True)
def test_each_prepared_message_is_the_one_django_builds_for_that_recipient(edition):
    readers = [confirmed_subscriber(f"reader{n}@example.org") for n in range(3)]
    edition = started(edition)
    prepared = sending.PreparedEdition(edition)
    assert prepared.usable
    for delivery in Delivery.objects.select_related("subscriber").filter(subscriber__in=readers):
        url = sending.unsubscribe_url_for(edition=edition, delivery=delivery)
        raw = prepared.message_for(
            to=delivery.subscriber.email, message_id=delivery.message_id, unsubscribe_url=url
        )
        assert raw is not None
        fast = parsed(raw)
        slow = parsed(
            sending.build_message(edition=edition, delivery=delivery)
            .message()
            .as_bytes(linesep="\r\n")
        )
        assert headers(fast) == headers(slow)
        assert fast["To"] == delivery.subscriber.email
        assert fast["Message-ID"] == delivery.message_id
        assert fast["List-Unsubscribe"] == f"<{url}>, <mailto:hello@localhost?subject=unsubscribe>"
        assert fast["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert fast.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in fast.iter_parts()] == ["text/plain", "text/html"]
        assert parts(fast) == parts(slow)
        text, html = parts(fast)
        assert url in text and url in html and compose.UNSUBSCRIBE_PLACEHOLDER not in raw.decode()
        assert abs(mktime_tz(parsedate_tz(fast["Date"])) - time.time()) < 60
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only


@pytest.mark.django_db(transaction=True)
def test_sent_messages_carry_only_their_own_recipients_links(edition, smtp_server, monkeypatch):
    """Over a real SMTP server: every message's To, Message-ID and links (header, text, HTML)
    name the same subscriber, and every message was written from the prepared bytes."""
    monkeypatch.setattr(sending, "BATCH_SIZE", 4)
    readers = {s.pk: s for s in (confirmed_subscriber(f"reader{n}@example.org") for n in range(10))}
    built = []
    email = sending._email
    monkeypatch.setattr(sending, "_email", lambda **kw: built.append(kw) or email(**kw))
    started(edition)
    sending.send(edition.pk)

    assert len(built) == 1  # the prepared edition; no message built one by one
    assert sorted(str(m["To"]) for m in smtp_server.messages) == sorted(
        s.email for s in readers.values()
    )
    message_ids = set()
    for message in smtp_server.messages:
        (link,) = UNSUBSCRIBE.findall(message["List-Unsubscribe"])
        text, html = parts(message)
        assert set(UNSUBSCRIBE.findall(f"<{link}>")) == {link}
        assert link in text and link in html
        assert text.count("/newsletter/unsubscribe/") == text.count(link)
        assert html.count("/newsletter/unsubscribe/") == html.count(link)
        target = links.read_link(token=link.rstrip("/").rsplit("/", 1)[1], action="unsubscribe")
        assert target.subscriber.email == message["To"]  # the link is the addressee's own
        assert target.edition_id == edition.pk
        delivery = Delivery.objects.get(subscriber=target.subscriber)
        assert message["Message-ID"] == delivery.message_id
        message_ids.add(message["Message-ID"])
    assert len(message_ids) == 10
    assert sending.counts(edition.pk)["sent"] == 10


@pytest.mark.django_db(transaction=True)
def test_a_recipient_whose_link_went_to_another_fails_the_check(edition):
    """The check above is not vacuous: swapped links are told apart."""
    first, second = confirmed_subscriber("one@example.org"), confirmed_subscriber("two@example.org")
    edition = started(edition)
    prepared = sending.PreparedEdition(edition)
    one, two = (Delivery.objects.get(subscriber=s) for s in (first, second))
    url_two = sending.unsubscribe_url_for(edition=edition, delivery=two)
    raw = prepared.message_for(to=first.email, message_id=one.message_id, unsubscribe_url=url_two)
    (link,) = UNSUBSCRIBE.findall(parsed(raw)["List-Unsubscribe"])
    target = links.read_link(token=link.rstrip("/").rsplit("/", 1)[1], action="unsubscribe")
    assert target.subscriber == second != first


@pytest.mark.django_db(transaction=True)
def test_what_plain_substitution_cannot_write_is_built_the_slow_way(edition, smtp_server):
    """A line too long for 8bit (Django writes the body quoted-printable) and an address that
    is not plain ASCII: each message still arrives right, built by Django."""
    ascii_reader = confirmed_subscriber("plain@example.org")
    other = confirmed_subscriber("rené@example.org")
    edition = started(edition)
    prepared = sending.PreparedEdition(edition)
    assert prepared.usable
    delivery = Delivery.objects.get(subscriber=other)
    url = sending.unsubscribe_url_for(edition=edition, delivery=delivery)
    assert (
        prepared.message_for(to=other.email, message_id=delivery.message_id, unsubscribe_url=url)
        is None
    )

    Edition.objects.filter(pk=edition.pk).update(
        text_body=edition.text_body + "\n" + "x" * 1200 + "\n"
    )
    edition.refresh_from_db()
    assert not sending.PreparedEdition(edition).usable  # quoted-printable: no substitution
    sending.send(edition.pk)

    received = {str(m["To"]): m for m in smtp_server.messages}
    assert sorted(received) == sorted([ascii_reader.email, other.email])
    for message in smtp_server.messages:
        (link,) = UNSUBSCRIBE.findall(message["List-Unsubscribe"])
        text, html = parts(message)
        assert link in text and link in html and "x" * 1200 in text


def test_plain_addresses_are_written_as_django_writes_them():
    for address in ("a@example.org", "first.last+tag@sub.example.co.uk", "o'neil@example.org"):
        assert sending.PLAIN_ADDRESS.fullmatch(address)
        assert sanitize_address(address, "utf-8") == address
    for address in ('"quoted name"@example.org', "rené@example.org", "a..b@example.org"):
        assert not sending.PLAIN_ADDRESS.fullmatch(address)


@pytest.mark.django_db(transaction=True)
def test_other_backends_are_given_each_message(edition, mailoutbox, settings):
    """The local-memory backend (and any provider's backend) gets EmailMessages as before."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reader = confirmed_subscriber("reader@example.org")
    started(edition)
    assert sending.send(edition.pk) == Edition.Status.SENT
    (message,) = mailoutbox
    assert message.to == [reader.email]
    assert message.extra_headers["Message-ID"] == Delivery.objects.get().message_id
