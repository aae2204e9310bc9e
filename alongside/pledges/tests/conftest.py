"""Helpers for pledge tests: a valid form post, links from emails, and moving time forward."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.conftest import form_token, run_tasks

LINK = re.compile(r"http://testserver(/pledges/[\w-]+/[^\s/]+/)")


@pytest.fixture(autouse=True)
def site_url(settings):
    """Links in emails point at the test client's host."""
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


@pytest.fixture
def video(make_video):
    return make_video("Finish line", pledge_goal=4, pledge_follow_up_days=5)


def form_data(video, **fields) -> dict:
    """What the pledge form sends, with a token issued long enough ago to pass the guard."""
    return {
        "token": form_token(video.pk, purpose="pledge", seconds_ago=30),
        "website": "",
        "name": "Zoë O'Brien, Jr.",
        "email": "zoe.obrien@Example.ORG",
        "note": "For my neighbour.",
        "visibility": "name",
    } | fields


def pledge_url(video) -> str:
    return f"/pledges/video/{video.pk}/pledge/"


def post_pledge(client, video, **fields):
    return client.post(pledge_url(video), form_data(video, **fields))


def links_in(body: str) -> dict[str, str]:
    """The pledge links in an email body by action: {"confirm": "/pledges/confirm/…/", …}."""
    found = {}
    for path in LINK.findall(body):
        action = path.split("/")[2]
        found[action] = path
    return found


def run_tasks_due_within(days: float) -> None:
    """Move time forward: tasks due in the next `days` become due now, then the worker runs."""
    horizon = timezone.now() + timedelta(days=days)
    DBTaskResult.objects.filter(status="READY", run_after__lte=horizon).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    run_tasks()
