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


def hide(video, how: str):
    """Make `video` private in one of the ways a curator can, or take it down."""
    if how == "password":
        restrict(video, restriction_type=PageViewRestriction.PASSWORD, password="secret-words")
    elif how == "login":
        restrict(video, restriction_type=PageViewRestriction.LOGIN)
    else:
        video.unpublish()


@pytest.mark.parametrize("how", ["password", "login", "unpublished"])
def test_nothing_of_a_private_or_draft_video_shows_anywhere_public(client, make_video, how):
    from alongside.pledges import services as pledges
    from alongside.reflections.tests.conftest import reflection_post
    from alongside.reflections.tests.test_display import write

    video = make_video("Behind the door")
    reflection = write(video, "Quietvoice", "Words about a private video")
    pledge = pledges.start_pledge(video=video, name="Hidden Pledger", email="h@example.org")
    pledges.confirm_pledge(pledge=pledge)
    hide(video, how)

    for address in ("/reflections/feed/", "/pledges/"):
        html = client.get(address).content.decode()
        assert "Quietvoice" not in html and "Hidden Pledger" not in html, address
        assert "Behind the door" not in html, address
    for address in (
        f"/reflections/feed/video/{video.pk}/",
        f"/reflections/{reflection.pk}/report/",
        f"/pledges/video/{video.pk}/",
    ):
        assert client.get(address).status_code == 404, address
    posted = client.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, text="Trying anyway"),
        headers={"Origin": "http://testserver"},
    )
    assert posted.status_code == 404


@pytest.mark.parametrize("how", ["password", "login", "unpublished"])
def test_a_private_or_draft_videos_own_pages_are_not_found(
    client, make_video, how, django_capture_on_commit_callbacks
):
    """Per-item pages: the page itself, the pledge form, the writer's own edit and delete
    pages, and the pledge links that show the video. Stopping emails and withdrawing still
    work: nobody loses the way out."""
    from django.urls import reverse

    from alongside.pledges import links
    from alongside.pledges import services as pledges
    from alongside.pledges.models import Pledge
    from alongside.pledges.tests.conftest import form_data as pledge_post
    from alongside.reflections.tests.conftest import reflection_post

    video = make_video("Behind the door")
    same_site = {"Origin": "http://testserver"}
    client.post(f"/reflections/video/{video.pk}/", reflection_post(video), headers=same_site)
    own = client.cookies.copy()  # this browser wrote it: it may edit it for 15 minutes
    [reflection_id] = video.reflections.values_list("pk", flat=True)
    pledge = pledges.start_pledge(video=video, name="Hidden Pledger", email="h@example.org")
    pledges.confirm_pledge(pledge=pledge)
    with django_capture_on_commit_callbacks(execute=True):  # restrictions read before: re-read
        hide(video, how)

    client.cookies = own
    for address in (f"/reflections/{reflection_id}/edit/", f"/reflections/{reflection_id}/delete/"):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"text": "Changed"}, headers=same_site).status_code == 404
    assert video.reflections.get().text != "Changed"
    posted = Client().post(
        f"/pledges/video/{video.pk}/pledge/", pledge_post(video), headers=same_site
    )
    assert posted.status_code == 404 and Pledge.objects.count() == 1
    page = Client().get(video.url)
    assert page.status_code in (200, 302, 404) and "Behind the door" not in page.content.decode()
    for action in ("confirm", "kept", "not_yet"):
        token = links.make_token(pledge=pledge, action=action)
        response = Client().get(reverse(f"pledges:{action}", kwargs={"token": token}))
        assert response.status_code == 404, action
        assert "Behind the door" not in response.content.decode()
    for action in ("stop", "withdraw"):
        token = links.make_token(pledge=pledge, action=action)
        assert (
            Client().get(reverse(f"pledges:{action}", kwargs={"token": token})).status_code == 200
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["login", "unpublished"])
def test_no_pledge_email_is_sent_about_a_video_made_private(make_video, smtp_server, how):
    """Its links would answer "link gone": the follow-up asking "Did you do it?" is not sent."""
    from alongside.conftest import run_tasks
    from alongside.pledges import services as pledges
    from alongside.pledges.tests.conftest import run_tasks_due_within

    video = make_video("Behind the door", pledge_follow_up_days=5)
    pledge = pledges.start_pledge(video=video, name="Hidden Pledger", email="h@example.org")
    run_tasks()
    pledges.confirm_pledge(pledge=pledge)
    hide(video, how)
    run_tasks_due_within(days=6)
    [confirmation] = smtp_server.messages
    assert "confirm" in confirmation["Subject"].lower()
