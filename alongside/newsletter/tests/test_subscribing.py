"""Subscribing with double opt-in, unsubscribing (the page and RFC 8058 one-click), forgetting."""

import pytest
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.newsletter.models import Subscriber
from alongside.pledges.services import withdraw_pledge

from .conftest import ADDRESS, NORMALISED, form_data, link_in, post_subscribe


@pytest.fixture
def video(make_video):
    return make_video("Finish line")


@pytest.mark.django_db
def test_the_form_is_on_the_home_page_and_the_video_page(client, home, video):
    for url in ("/", video.url):
        page = client.get(url).content.decode()
        assert 'action="/newsletter/"' in page
        assert 'for="newsletter_email"' in page and 'name="csrfmiddlewaretoken"' not in page


@pytest.mark.django_db(transaction=True)
def test_subscribe_email_get_changes_nothing_post_confirms(client, smtp_server):
    response = post_subscribe(client)
    assert response["Location"] == "/newsletter/check-your-inbox/"
    run_tasks()
    (message,) = smtp_server.messages
    assert message["To"] == NORMALISED
    assert message["Subject"] == "Please confirm: next week's video from Alongside"
    confirm = link_in(smtp_server.body(message), "confirm")
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.name) == (Subscriber.Status.PENDING, "Ada")

    page = client.get(confirm)
    assert "Yes, send me the weekly email" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # a mail scanner's GET does nothing

    assert "You are subscribed" in client.post(confirm).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at


@pytest.mark.django_db(transaction=True)
def test_subscribing_again_resends_the_link_or_says_already_without_telling_the_page(
    client, smtp_server
):
    first = post_subscribe(client)
    second = post_subscribe(client, email=ADDRESS.upper())  # the same address, shouted
    run_tasks()
    assert Subscriber.objects.count() == 1
    assert [link_in(smtp_server.body(m), "confirm") for m in smtp_server.messages]
    assert len(smtp_server.messages) == 2
    smtp_server.messages.clear()

    again = post_subscribe(client)
    run_tasks()
    (resent,) = smtp_server.messages
    assert link_in(smtp_server.body(resent), "confirm")
    client.post(link_in(smtp_server.body(resent), "confirm"))

    confirmed = post_subscribe(client)
    run_tasks()
    already = smtp_server.messages[-1]
    assert already["Subject"] == "You already get Alongside's weekly email"
    assert link_in(smtp_server.body(already), "unsubscribe")
    assert first["Location"] == second["Location"] == again["Location"] == confirmed["Location"]
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_one_email(client, smtp_server):
    data = form_data()
    client.post("/newsletter/", data)
    client.post("/newsletter/", data)
    run_tasks()
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_mistakes_are_shown_by_the_field_and_what_was_typed_is_kept(client):
    response = post_subscribe(client, email="not an address", name="Ada Lovelace")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This does not look like an email address" in page
    assert 'value="Ada Lovelace"' in page and 'value="not an address"' in page
    assert 'aria-invalid="true"' in page
    assert not Subscriber.objects.exists()

    fragment = client.post("/newsletter/", form_data(email=""), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert "Please give your email address." in fragment.content.decode()


@pytest.mark.django_db
def test_htmx_gets_the_same_thanks_as_a_fragment(client):
    fragment = client.post("/newsletter/", form_data(), HTTP_HX_REQUEST="true").content.decode()
    assert "check your inbox" in fragment and "<html" not in fragment
    assert ADDRESS not in fragment and NORMALISED not in fragment


@pytest.mark.django_db
@pytest.mark.parametrize("field,value", [("website", "http://spam"), ("token", "forged")])
def test_a_filled_honeypot_or_forged_token_gets_a_plain_400(client, field, value):
    assert post_subscribe(client, **{field: value}).status_code == 400
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_a_cross_site_post_is_refused(client):
    response = client.post("/newsletter/", form_data(), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def subscribed(client, smtp_server) -> str:
    """Subscribe and confirm; the unsubscribe link's path."""
    post_subscribe(client)
    run_tasks()
    client.post(link_in(smtp_server.body(smtp_server.messages[-1]), "confirm"))
    post_subscribe(client)  # "already": carries the unsubscribe link
    run_tasks()
    return link_in(smtp_server.body(smtp_server.messages[-1]), "unsubscribe")


@pytest.mark.django_db(transaction=True)
def test_the_unsubscribe_page_has_one_button_and_get_changes_nothing(client, smtp_server):
    unsubscribe = subscribed(client, smtp_server)
    page = client.get(unsubscribe).content.decode()
    assert page.count('method="post"') == 1 and ">Unsubscribe</button>" in page
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    done = client.post(unsubscribe)
    assert "You are unsubscribed" in done.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_one_click_unsubscribe_needs_no_csrf_token(smtp_server):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    unsubscribe = subscribed(browser, smtp_server)
    # What a mail provider sends (RFC 8058): no cookie, no token, this one field.
    response = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_unsubscribed_can_delete_their_address(client, smtp_server):
    unsubscribe = subscribed(client, smtp_server)
    page = client.post(unsubscribe).content.decode()
    forget = unsubscribe.replace("/unsubscribe/", "/forget/")
    assert f'action="{forget}"' in page
    assert "Your address is deleted" in client.post(forget).content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_a_forged_link_is_refused(client):
    assert client.get("/newsletter/confirm/x:y/").status_code == 404
    assert client.post("/newsletter/unsubscribe/x:y/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_withdrawing_a_pledge_deletes_the_subscription_too(client, smtp_server, video):
    from alongside.pledges.models import Pledge

    subscribed(client, smtp_server)
    pledge = Pledge.objects.create(
        video=video,
        name="Ada",
        email=NORMALISED,
        created_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    withdraw_pledge(pledge=pledge)
    assert not Subscriber.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_address_is_in_no_page(client, smtp_server, home, video):
    unsubscribe = subscribed(client, smtp_server)
    pages = [
        client.get(url).content.decode()
        for url in ("/", video.url, "/newsletter/", "/newsletter/check-your-inbox/", unsubscribe)
    ]
    pages.append(post_subscribe(client, HTTP_HX_REQUEST="true").content.decode())
    for page in pages:
        assert NORMALISED.lower() not in page.lower()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_asking_again_later_from_the_same_page_resends(client, smtp_server):
    from datetime import timedelta

    from alongside.core.models import OutboundEmail

    data = form_data()  # one cached page's token, no submit_key: the no-JavaScript case
    client.post("/newsletter/", data)
    run_tasks()
    client.post("/newsletter/", data)  # a double click: nothing more
    run_tasks()
    assert len(smtp_server.messages) == 1
    for _ in range(2):  # minutes later, twice
        OutboundEmail.objects.update(sent_at=timezone.now() - timedelta(minutes=2))
        client.post("/newsletter/", data)
        run_tasks()
    assert len(smtp_server.messages) == 3
    assert {link_in(smtp_server.body(m), "confirm") for m in smtp_server.messages}
