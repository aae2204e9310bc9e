"""Posting a reflection through the HTML form, with and without JavaScript."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from alongside.core.models import BlockedSender, ModerationStatus
from alongside.reflections.models import Reflection

from .conftest import form_token, reflection_post

pytestmark = pytest.mark.django_db


def test_a_reflection_is_published_and_the_poster_lands_on_it(client, video, post):
    response = post()
    reflection = Reflection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{video.url}?thanks={reflection.pk}#reflection-{reflection.pk}"
    assert reflection.status == ModerationStatus.PUBLISHED
    assert reflection.email == "sean.obrien@example.org"
    page = client.get(response["Location"]).content.decode()
    assert "Seán O&#x27;Brien" in page
    assert "<p>He kept going.</p><p>So will I.</p>" in page
    assert "Thank you. Your reflection is published" in page
    assert f'id="reflection-{reflection.pk}"' in page


@pytest.mark.parametrize(
    "name",
    ["Seán O'Brien", "Smith, Jane", "Zoë Łukasiewicz", "李小龙", "محمد", "Priya 🌻", "Anne-Marie"],
)
def test_names_are_shown_exactly_as_typed(client, video, post, name):
    post(reflection_post(video, name=f"  {name} "))
    assert Reflection.objects.get().name == name
    html = client.get(video.url).content.decode()
    from django.utils.html import escape

    assert f'id="reflection-{Reflection.objects.get().pk}-name">{escape(name)}</h3>' in html


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"text": ""}, "text", "Please write your reflection before sending it."),
        ({"text": "   \n\t  "}, "text", "Please write your reflection before sending it."),
        ({"email": ""}, "email", "Please give your email address."),
        ({"email": "not-an-address"}, "email", "That does not look like an email address"),
        ({"name": "  "}, "name", "Please give a name to show with your reflection."),
        ({"name": "N" * 81}, "name", "Please keep your name under 80 characters."),
        ({"text": "x" * 5001}, "text", "Please keep it under 5000 characters (it has 5001)."),
        (
            {"text": "https://a.example https://b.example https://c.example https://d.example"},
            "text",
            "Please include at most 3 links.",
        ),
    ],
)
def test_bad_input_is_explained_by_the_field_and_what_was_typed_is_kept(
    video, post, overrides, field, message
):
    data = reflection_post(video, **overrides)
    response = post(data)
    assert response.status_code == 400
    form = response.context["reflection_form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and 'aria-invalid="true"' in html
    from django.utils.html import escape

    for kept in ("name", "email", "text"):
        if kept != field and data[kept].strip():
            assert escape(data[kept]) in html
    assert not Reflection.objects.exists()
    # the errors came from the change: the same form with valid values goes through
    assert post(reflection_post(video)).status_code == 302


def test_the_re_shown_form_carries_a_fresh_token(video, post):
    data = reflection_post(video, text="")
    response = post(data)
    tokens = re.findall(r'name="token" value="([^"]+)"', response.content.decode())
    assert len(tokens) == 3  # the reflection's, the pledge's and the weekly email's forms
    assert data["token"] not in tokens


@pytest.mark.parametrize(
    "overrides",
    [
        {"website": "https://spam.example"},
        {"token": "forged"},
        {"token": ""},
    ],
)
def test_robots_and_forged_forms_get_a_plain_400(video, post, overrides):
    response = post(reflection_post(video, **overrides))
    assert response.status_code == 400
    assert b"This form could not be accepted." in response.content
    assert not Reflection.objects.exists()


def test_a_token_made_for_another_video_is_refused(video, make_video, post):
    other = make_video("Other")
    response = post(reflection_post(video, token=form_token(other.pk)))
    assert response.status_code == 400


def test_a_form_sent_too_fast_is_explained_and_kept(video, post):
    response = post(reflection_post(video, token=form_token(video.pk, seconds_ago=0)))
    assert response.status_code == 400
    assert "That was very quick." in response.content.decode()
    assert "He kept going." in response.content.decode()


def test_an_expired_form_is_explained_and_kept(video, post):
    response = post(reflection_post(video, token=form_token(video.pk, seconds_ago=2 * 86400)))
    assert response.status_code == 400
    assert "This form was open for a long time." in response.content.decode()
    assert "He kept going." in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
)
def test_cross_site_posts_are_refused(video, post, headers):
    response = post(**headers)
    assert response.status_code == 403
    assert not Reflection.objects.exists()


def test_a_post_without_browser_headers_is_accepted(client, video):
    response = client.post(f"/reflections/video/{video.pk}/", reflection_post(video))
    assert response.status_code == 302


def test_rate_limits_explain_and_keep_the_input(settings, video, post):
    settings.RATELIMIT_PER_IP = "2/h"
    for number in range(2):
        assert post(reflection_post(video, text=f"Thought {number}")).status_code == 302
    response = post(reflection_post(video, text="A third thought"))
    assert response.status_code == 429
    assert "Please wait a while and try again." in response.content.decode()
    assert "A third thought" in response.content.decode()
    settings.RATELIMIT_ENABLE = False
    assert post(reflection_post(video, text="A third thought")).status_code == 302


def test_blocked_senders_are_kept_as_spam_and_not_shown(client, video, post):
    BlockedSender.objects.create(kind=BlockedSender.Kind.DOMAIN, value="spam.example")
    response = post(reflection_post(video, email="seller@mail.spam.example", text="Buy now"))
    assert Reflection.objects.get().status == ModerationStatus.SPAM
    assert "waiting for a curator" in client.get(response["Location"]).content.decode()
    client.cookies.clear()  # anyone else
    assert "Buy now" not in client.get(video.url).content.decode()


def test_the_same_form_sent_twice_publishes_one_reflection(client, video, post):
    data = reflection_post(video)
    first, second = post(data), post(data)
    assert Reflection.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_words_from_the_same_address_are_one_reflection(video, post):
    post(reflection_post(video, text="He kept going."))
    post(reflection_post(video, text="  he KEPT   going. "))  # a new form, same words
    assert Reflection.objects.count() == 1


def test_htmx_gets_the_section_back_with_thanks_or_errors(client, video, post):
    response = post(HX_Request="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="reflections wrap" id="reflections"')
    assert "Thank you. Your reflection is published" in html
    bad = post(reflection_post(video, text=" "), HX_Request="true")
    assert bad.status_code == 200
    assert "Please write your reflection before sending it." in bad.content.decode()


def test_closed_videos_show_a_notice_and_refuse_posts(client, video, post):
    video.reflections_mode = "closed"
    video.save_revision().publish()
    html = client.get(video.url).content.decode()
    assert "Reflections on this video are closed." in html
    assert 'id="reflect"' not in html
    assert post().status_code == 403
    assert not Reflection.objects.exists()


def test_hold_mode_keeps_reflections_until_approved(
    client, video, post, admin_user, django_capture_on_commit_callbacks
):
    from alongside.core.moderation import moderate

    video.reflections_mode = "hold"
    video.save_revision().publish()
    response = post()
    reflection = Reflection.objects.get()
    assert reflection.status == ModerationStatus.PENDING
    assert response["Location"].endswith("#reflections")
    client.cookies.clear()
    assert "So will I." not in client.get(video.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # clears the cached page
        moderate(items=[reflection], action="approve", actor=admin_user)
    assert "So will I." in client.get(video.url).content.decode()


def test_the_site_default_mode_applies_when_a_video_has_none(client, video, post, home):
    from alongside.core.models import CommunitySettings

    settings_row = CommunitySettings.for_site(home.get_site())
    settings_row.reflections_mode = "hold"
    settings_row.save()
    post()
    assert Reflection.objects.get().status == ModerationStatus.PENDING


def test_the_same_words_from_the_same_address_in_other_letters_are_one_reflection(video, post):
    post(reflection_post(video, email="Sean.OBrien@example.org", text="He kept going."))
    post(reflection_post(video, email="sean.obrien@EXAMPLE.org", text="He kept going."))
    assert Reflection.objects.count() == 1


def test_a_sender_blocked_after_their_first_post_is_held_on_their_next(
    video, post, django_capture_on_commit_callbacks
):
    post(reflection_post(video, email="seller@spam.example", text="First"))
    with django_capture_on_commit_callbacks(execute=True):
        BlockedSender.objects.create(kind=BlockedSender.Kind.DOMAIN, value="spam.example")
    post(reflection_post(video, email="seller@spam.example", text="Buy now"))
    assert Reflection.objects.get(text="Buy now").status == ModerationStatus.SPAM


def test_a_busy_video_is_read_once_for_its_posts(video, post):
    """A post changes only its video's version: the next post finds the video without a query."""
    post(reflection_post(video, text="First"))
    with CaptureQueriesContext(connection) as queries:
        assert post(reflection_post(video, text="Second")).status_code == 302
    assert not [q for q in queries.captured_queries if "wagtailcore_page" in q["sql"]]


@pytest.mark.parametrize("change", ["unpublish", "restrict", "delete"])
def test_a_video_that_stops_being_public_takes_no_more_posts(
    video, post, change, django_capture_on_commit_callbacks
):
    post(reflection_post(video, text="First"))
    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublish":
            video.unpublish()
        elif change == "restrict":
            PageViewRestriction.objects.create(page=video, restriction_type="login")
        else:
            video.delete()
    assert post(reflection_post(video, text="Second")).status_code == 404
    assert not Reflection.objects.filter(text="Second").exists()
