"""The pledge confirmation page's "Send me next week's video too" checkbox."""

import pytest

from alongside.conftest import run_tasks
from alongside.newsletter.models import Subscriber
from alongside.pledges.models import Pledge
from alongside.pledges.tests.conftest import form_data, links_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def confirm_link(client, smtp_server, make_video):
    video = make_video("Finish line")
    client.post(f"/pledges/video/{video.pk}/pledge/", form_data(video))
    run_tasks()
    return links_in(smtp_server.body(smtp_server.messages[-1]))["confirm"]


def test_the_box_is_there_and_unticked(client, confirm_link):
    page = client.get(confirm_link).content.decode()
    assert 'name="weekly_email"' in page and "checked" not in page
    assert 'for="weekly_email"' in page


def test_ticked_it_subscribes_them_at_once(client, confirm_link):
    client.post(confirm_link, {"weekly_email": "yes"})
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at
    assert subscriber.email == Pledge.objects.get().email and subscriber.name == "Zoë O'Brien, Jr."
    assert Pledge.objects.get().confirmed_at


def test_unticked_it_subscribes_nobody(client, confirm_link):
    client.post(confirm_link)
    assert Pledge.objects.get().confirmed_at
    assert not Subscriber.objects.exists()
