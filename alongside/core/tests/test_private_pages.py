"""Private videos: those allowed in can get in, and nobody else sees them, cached or not."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def restrict(page, **fields):
    return PageViewRestriction.objects.create(page=page, **fields)


def test_a_password_restricted_video_opens_with_its_password(make_video):
    video = make_video("For the team")
    restriction = restrict(
        video, restriction_type=PageViewRestriction.PASSWORD, password="kept-between-us"
    )
    viewer = Client()
    asked = viewer.get(video.url)
    assert asked.status_code == 200 and "For the team" not in asked.content.decode()
    unlock = f"/_util/authenticate_with_password/{restriction.pk}/{video.pk}/"
    wrong = viewer.post(unlock, {"password": "guess", "return_url": video.url})
    assert wrong.status_code == 200 and "For the team" not in wrong.content.decode()
    right = viewer.post(unlock, {"password": "kept-between-us", "return_url": video.url})
    assert right.status_code == 302
    opened = viewer.get(video.url)
    assert "For the team" in opened.content.decode()
    assert "private" in opened["Cache-Control"]
    # Someone else, without the password, gets the form, never the copy the first one saw.
    assert "For the team" not in Client().get(video.url).content.decode()


def test_a_login_restricted_video_sends_to_sign_in_and_opens_for_a_curator(make_video, admin_user):
    video = make_video("Curators only")
    restrict(video, restriction_type=PageViewRestriction.LOGIN)
    redirect = Client().get(video.url)
    assert redirect.status_code == 302 and redirect["Location"].startswith("/_util/login/")
    assert Client().get(redirect["Location"]).status_code == 200
    curator = Client()
    curator.force_login(admin_user)
    assert "Curators only" in curator.get(video.url).content.decode()
    assert "Curators only" not in Client().get(video.url).content.decode()
