"""The whole-page cache: anonymous views are served without SQL, and writes show at once."""

import pytest
from django.test import Client

from alongside.reflections.tests.conftest import reflection_post

pytestmark = pytest.mark.django_db(transaction=True)  # invalidation happens on commit


def test_a_second_anonymous_view_is_served_from_the_cache(make_video, django_assert_num_queries):
    video = make_video()
    viewer = Client()
    first = viewer.get(video.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = viewer.get(video.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]


def test_each_query_string_is_its_own_page(make_video):
    video = make_video()
    Client().get(video.url)
    assert Client().get(f"{video.url}?order=newest")["X-Page-Cache"] == "miss"


def test_a_new_reflection_shows_on_the_next_view_for_everyone(make_video):
    video = make_video()
    viewer, poster = Client(), Client()
    viewer.get(video.url)
    poster.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, text="Fresh words"),
        headers={"Origin": "http://testserver"},
    )
    response = viewer.get(video.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh words" in response.content.decode()


def test_publishing_a_video_refreshes_every_page(make_video):
    make_video("First week")
    viewer = Client()
    viewer.get("/")
    make_video("Second week")
    response = viewer.get("/")
    assert "Second week" in response.content.decode()


def test_viewers_with_cookies_and_curators_bypass_it(make_video, admin_user):
    video = make_video()
    Client().get(video.url)
    with_cookie = Client()
    with_cookie.cookies["anything"] = "1"
    assert "X-Page-Cache" not in with_cookie.get(video.url)
    curator = Client()
    curator.force_login(admin_user)
    response = curator.get(video.url)
    assert "X-Page-Cache" not in response and "private" in response["Cache-Control"]


def test_it_can_be_turned_off(settings, make_video):
    settings.PAGE_CACHE_SECONDS = 0
    video = make_video()
    Client().get(video.url)
    assert "X-Page-Cache" not in Client().get(video.url)


def test_a_copy_from_the_cache_carries_the_same_security_headers(make_video):
    video = make_video()
    miss, hit = Client().get(video.url), Client().get(video.url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit.get(header) == miss.get(header) is not None, header


def test_a_new_redirect_replaces_a_kept_not_found_answer(make_video, video_index):
    from wagtail.contrib.redirects.models import Redirect

    make_video("Finish line")
    assert Client().get("/old-address/").status_code == 404
    assert Client().get("/old-address/")["X-Page-Cache"] == "hit"
    Redirect.objects.create(old_path="/old-address", redirect_link="/videos/video-1/")
    assert Client().get("/old-address/").status_code == 301
