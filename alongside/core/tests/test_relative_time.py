"""Relative times read as people say them: "just now" first, never "0 minutes ago"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.core.templatetags.relative_time import ago
from alongside.pledges.models import Pledge
from alongside.pledges.services import confirm_pledge, start_pledge


@pytest.mark.parametrize(
    "seconds_before, words",
    [(0, "just now"), (59, "just now"), (60, "1\xa0minute ago"), (5 * 60, "5\xa0minutes ago")],
)
def test_ago_says_just_now_for_the_first_minute(seconds_before, words):
    now = timezone.now()
    assert ago(now - timedelta(seconds=seconds_before), now) == words


@pytest.mark.django_db
def test_pledge_lists_say_just_now_for_a_new_pledge(client, make_video):
    video = make_video()
    for name, minutes_ago in (("Ada", 0), ("Bea", 5)):
        pledge = start_pledge(video=video, name=name, email=f"{name}@example.org")
        confirm_pledge(pledge=pledge, now=timezone.now() - timedelta(minutes=minutes_ago))
    assert Pledge.objects.public().count() == 2
    for url in (video.url, f"/pledges/video/{video.pk}/", "/pledges/"):
        html = client.get(url).content.decode()
        assert ">just now</time>" in html
        assert ">5\xa0minutes ago</time>" in html
        assert "0\xa0minutes" not in html
