"""The same form sent twice counts once; a deliberate second pledge from another visit of the
same cached page (same form token) sends its email (docs/decisions/0010)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.pledges import services
from alongside.pledges.models import DOUBLE_SUBMIT_WINDOW, Pledge

from .conftest import form_data, links_in, pledge_url

CONFIRM = "Please confirm your pledge: Stand by someone today"
ALREADY = "You have already pledged: Stand by someone today"

pytestmark = pytest.mark.django_db(transaction=True)


def subjects(smtp_server) -> list[str]:
    return [message["Subject"] for message in smtp_server.messages]


def test_two_visits_of_a_cached_page_with_one_address_each_get_the_link(client, video, smtp_server):
    data = form_data(video)  # the cached page gives every visit this same token
    for visit_key in ("a" * 32, "b" * 32):  # what forms.js adds, one per filling of the form
        response = client.post(pledge_url(video), data | {"submit_key": visit_key})
        assert response["Location"].endswith("?pledge=sent#pledge")
    run_tasks()
    assert subjects(smtp_server) == [CONFIRM, CONFIRM]
    assert Pledge.objects.count() == 1


def test_a_confirmed_address_pledging_again_from_another_visit_hears_so_by_email(
    client, video, smtp_server
):
    data = form_data(video)
    client.post(pledge_url(video), data | {"submit_key": "a" * 32})
    run_tasks()
    client.post(links_in(smtp_server.body(smtp_server.messages[-1]))["confirm"])
    client.post(pledge_url(video), data | {"submit_key": "b" * 32})
    run_tasks()
    assert subjects(smtp_server) == [CONFIRM, ALREADY]


def test_the_same_sending_twice_makes_one_pledge_and_one_email(client, video, smtp_server):
    data = form_data(video) | {"submit_key": "c" * 32}
    first = client.post(pledge_url(video), data)
    second = client.post(pledge_url(video), data)
    assert first["Location"] == second["Location"]  # the same thank-you
    run_tasks()
    assert subjects(smtp_server) == [CONFIRM]
    assert Pledge.objects.count() == 1


def test_without_javascript_only_the_same_browser_sending_twice_counts_once(
    client, video, smtp_server
):
    data = form_data(video)  # no submit_key: JavaScript is off (or a forged key is ignored)
    firefox = {"User-Agent": "Firefox"}
    client.post(pledge_url(video), data, headers=firefox)
    client.post(pledge_url(video), data | {"submit_key": "not a key"}, headers=firefox)
    run_tasks()
    assert subjects(smtp_server) == [CONFIRM]
    # Another browser, or another network, on the same cached page is another visit.
    client.post(pledge_url(video), data, headers={"User-Agent": "Safari"})
    client.post(pledge_url(video), data, headers=firefox, REMOTE_ADDR="192.0.2.7")
    run_tasks()
    assert subjects(smtp_server) == [CONFIRM] * 3


def test_the_same_sending_is_a_double_submit_only_within_seconds(video, smtp_server):
    start = timezone.now()
    for now in (start, start + timedelta(seconds=2), start + DOUBLE_SUBMIT_WINDOW):
        services.start_pledge(
            video=video, name="Ana", email="ana@example.org", request_key="d" * 32, now=now
        )
    run_tasks()
    assert subjects(smtp_server) == [CONFIRM, CONFIRM]
