from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from alongside.pledges.models import Pledge
from alongside.reflections.models import Reflection
from alongside.videos.demo_content import TOPICS, VIDEOS
from alongside.videos.models import Topic, VideoPage


@pytest.mark.django_db
def test_demo_content_loads_once_and_serves(client):
    call_command("load_demo")
    call_command("load_demo")
    assert VideoPage.objects.live().count() == len(VIDEOS) == 12
    assert Topic.objects.count() == len(TOPICS) == 4
    assert all(video.thumbnail_id for video in VideoPage.objects.all())
    assert Site.objects.get(is_default_site=True).root_page.specific_class.__name__ == "HomePage"
    home = client.get("/")
    assert home.status_code == 200
    assert home.context["featured_video"].slug == VIDEOS[0]["slug"]
    video = VideoPage.objects.get(slug=VIDEOS[0]["slug"])
    assert client.get(video.url).status_code == 200
    for topic in TOPICS:
        assert client.get(f"/videos/topics/{topic['slug']}/").status_code == 200


@pytest.mark.django_db
def test_loading_the_demo_again_touches_nothing_not_even_a_curators_new_video(make_video):
    call_command("load_demo", stdout=StringIO())
    counts = (VideoPage.objects.count(), Pledge.objects.count(), Reflection.objects.count())
    curators_video = make_video("A curator's new video")

    output = StringIO()
    call_command("load_demo", stdout=output)

    assert "Demo videos: 0 created" in output.getvalue()
    assert "Demo reflections: 0 written." in output.getvalue()
    assert "Demo pledges: 0 written." in output.getvalue()
    assert (VideoPage.objects.count() - 1, Pledge.objects.count(), Reflection.objects.count()) == (
        counts
    )
    curators_video.refresh_from_db()
    assert curators_video.pledge_goal is None
    assert not curators_video.pledges.exists() and not curators_video.reflections.exists()
