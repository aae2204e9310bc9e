"""The short route to a page serves what Wagtail's own routing would, privacy included, and
what it remembers never outlives a change."""

import pytest
from wagtail.models import PageViewRestriction, Site

from alongside.core.sites import remembered_site

pytestmark = pytest.mark.django_db


def test_pages_at_every_depth_and_sub_routes_are_found(client, make_video, topic):
    video = make_video(topics=[topic])
    assert client.get("/").status_code == 200
    assert client.get("/videos/").status_code == 200
    assert client.get(video.url).context["page"].pk == video.pk
    assert client.get("/videos/topics/kindness/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/nothing-here/", "/videos/no-such-video/", "/videos/video-1/extra/"]
)
def test_unknown_paths_are_404(client, make_video, path):
    make_video()
    assert client.get(path).status_code == 404


def test_an_unpublished_video_is_404(client, make_video):
    video = make_video()
    video.unpublish()
    assert client.get(video.url).status_code == 404


def test_a_private_video_asks_for_its_password_and_leaves_listings(
    client, make_video, django_capture_on_commit_callbacks
):
    shown = make_video("Shown")
    private = make_video("Private")
    with django_capture_on_commit_callbacks(execute=True):  # drops the cached restrictions
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
    response = client.get(private.url)
    assert "password" in response.content.decode().lower()
    assert "Private" not in [
        video.title for video in client.get(shown.url).context["related_videos"]
    ]
    assert "Private" not in client.get("/videos/").content.decode()


def test_a_remembered_page_unpublished_is_404_at_once(
    client, make_video, django_capture_on_commit_callbacks
):
    video = make_video()
    for _ in range(2):  # the second view remembers it under versions read before its queries
        assert client.get(video.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        video.unpublish()
    assert client.get(video.url).status_code == 404


def test_the_site_is_remembered_until_a_site_is_saved(
    rf, home, django_assert_num_queries, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    assert remembered_site(rf.get("/")).pk == site.pk
    with django_assert_num_queries(0):
        assert remembered_site(rf.get("/")).site_name == site.site_name
    with django_capture_on_commit_callbacks(execute=True):
        site.site_name = "Alongside, renamed"
        site.save()
    assert remembered_site(rf.get("/")).site_name == "Alongside, renamed"
