"""The demo command adds confirmed pledges, some anonymous, some with notes and kept stories."""

import pytest

from alongside.pledges.demo import load
from alongside.pledges.models import KeptStory, Pledge
from alongside.videos import demo as video_demo


@pytest.mark.django_db
def test_demo_pledges_load_once_with_anonymous_ones_notes_and_stories():
    video_demo.load()
    load()
    load()  # the second run adds nothing
    pledges = Pledge.objects.all()
    assert pledges.count() == 18 + 11 + 7 + 4 + 2
    assert not pledges.filter(confirmed_at__isnull=True).exists()
    assert pledges.filter(show_name=False).exists() and pledges.exclude(note="").exists()
    assert KeptStory.objects.filter(status="published").count() >= 5
    assert pledges.filter(name="Nguyễn Thị Lan").exists()
    newest = video_demo.demo_videos().order_by("-first_published_at").first()
    assert (newest.pledges.count(), newest.pledge_goal) == (18, 25)
