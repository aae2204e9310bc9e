import pytest
from django.core.management import call_command
from wagtail.models import Site

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
