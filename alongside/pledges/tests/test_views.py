"""The pledge form's validation and spam guard, the link pages, and the pledge lists."""

import time

import pytest
from django.core.cache import cache

from alongside.core import guard
from alongside.core.models import BlockedSender
from alongside.pledges import links, services
from alongside.pledges.models import Pledge

from .conftest import form_data, pledge_url, post_pledge


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def confirmed(video, name, email, **fields) -> Pledge:
    pledge = services.start_pledge(video=video, name=name, email=email, **fields)
    services.confirm_pledge(pledge=pledge)
    return pledge


@pytest.mark.django_db
def test_the_video_page_offers_the_pledge_form_next_to_the_act(client, video):
    html = client.get(video.url).content.decode()
    assert html.index('id="act"') < html.index('id="pledge"')
    assert f'action="/pledges/video/{video.pk}/pledge/#pledge"' in html
    assert 'data-hx-post="/pledges/video/' in html
    assert '<label for="pledge_name">Your name</label>' in html
    assert 'aria-describedby="pledge_email_helptext"' in html
    assert 'aria-hidden="true"' in html and 'name="website"' in html
    assert "htmx-2.0.11.min.js" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "   ", "Please tell us your name."),
        ("email", "not-an-address", "This does not look like an email address."),
        ("note", "x" * 501, "Please keep the note to 500 characters"),
        ("note", "http://a.example http://b.example http://c.example http://d.example", "links"),
        ("visibility", "", "Please choose how your pledge is shown."),
    ],
)
def test_mistakes_are_explained_by_the_field_and_the_input_is_kept(
    client, video, field, value, message
):
    response = post_pledge(client, video, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'role="alert"' in html
    assert Pledge.objects.count() == 0
    if field != "name":
        assert 'value="Zoë O&#x27;Brien, Jr."' in html  # what they typed is still there
    if field == "email":
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="pledge_email_helptext pledge_email_error"' in html
    # the same data without the mistake goes through
    assert post_pledge(client, video).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("website", "http://spam.example"), ("token", "forged")])
def test_a_filled_honeypot_or_a_forged_token_gets_a_plain_400(client, video, field, value):
    assert post_pledge(client, video, **{field: value}).status_code == 400
    assert Pledge.objects.count() == 0


@pytest.mark.django_db
def test_a_token_for_another_video_is_refused(client, video, make_video):
    other = make_video("Other")
    token = guard.issue_token(purpose="pledge", target_id=other.pk, now=time.time() - 30)
    assert post_pledge(client, video, token=token).status_code == 400


@pytest.mark.django_db
def test_a_form_sent_too_fast_asks_to_wait_and_keeps_the_input(client, video):
    token = guard.issue_token(purpose="pledge", target_id=video.pk)
    html = post_pledge(client, video, token=token).content.decode()
    assert "That was very quick" in html
    assert 'value="zoe.obrien@Example.ORG"' in html
    assert Pledge.objects.count() == 0


@pytest.mark.django_db
def test_too_many_pledges_from_one_address_are_slowed_down(client, video, settings):
    settings.RATELIMIT_PER_IP = "2/h"
    cache.clear()
    for number in range(2):
        assert post_pledge(client, video, email=f"p{number}@example.org").status_code == 302
    html = post_pledge(client, video, email="third@example.org", note="Kept note").content.decode()
    assert "You have sent several of these in a short time" in html
    assert "Kept note" in html
    assert Pledge.objects.count() == 2


@pytest.mark.django_db
def test_a_blocked_word_keeps_the_pledge_out_of_sight(client, video):
    BlockedSender.objects.create(kind=BlockedSender.Kind.WORD, value="casino")
    post_pledge(client, video, note="Best casino bonus")
    pledge = Pledge.objects.get()
    services.confirm_pledge(pledge=pledge)  # even a confirmation would not show it
    html = client.get(video.url).content.decode()
    assert "casino" not in html and "0</strong> people have pledged" in html


@pytest.mark.django_db
def test_a_cross_site_post_is_refused(client, video):
    response = client.post(
        pledge_url(video), form_data(video), headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    response = client.post(
        pledge_url(video), form_data(video), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert Pledge.objects.count() == 0


@pytest.mark.django_db
def test_with_htmx_the_form_is_swapped_for_the_thank_you(client, video):
    headers = {"HX-Request": "true", "Origin": "http://testserver"}
    bad = client.post(pledge_url(video), form_data(video, email="nope"), headers=headers)
    assert bad.status_code == 200
    html = bad.content.decode()
    assert html.lstrip().startswith('<div id="pledge-form"') and "<html" not in html
    assert "This does not look like an email address." in html
    good = client.post(pledge_url(video), form_data(video), headers=headers).content.decode()
    assert "We have sent you an email" in good and 'role="status"' in good
    assert Pledge.objects.count() == 1


@pytest.mark.django_db
def test_a_closed_video_takes_no_pledges(client, make_video):
    video = make_video("Closed", pledges_open=False)
    assert "Pledges on this video are closed" in client.get(video.url).content.decode()
    html = post_pledge(client, video).content.decode()
    assert "Pledges on this video are closed" in html
    assert Pledge.objects.count() == 0


@pytest.mark.django_db
def test_opening_the_confirm_link_changes_nothing_until_the_button_is_pressed(client, video):
    pledge = services.start_pledge(video=video, name="Ana", email="ana@example.org")
    url = f"/pledges/confirm/{links.make_token(pledge=pledge, action='confirm')}/"
    for _ in range(3):  # a mail scanner, a preview, the person
        response = client.get(url)
        assert response.status_code == 200
        assert "Confirm my pledge" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert Pledge.objects.get().confirmed_at is None
    client.post(url)
    assert Pledge.objects.get().confirmed_at is not None


@pytest.mark.django_db
def test_links_only_do_what_they_say(client, video):
    pledge = services.start_pledge(video=video, name="Ana", email="ana@example.org")
    withdraw_token = links.make_token(pledge=pledge, action="withdraw")
    assert client.post(f"/pledges/confirm/{withdraw_token}/").status_code == 404
    assert client.post(f"/pledges/confirm/{pledge.key}/").status_code == 404
    assert Pledge.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_the_video_page_shows_recent_pledges_anonymous_ones_without_a_name(client, video):
    confirmed(video, "Ngozi Adichie-Obi", "ngozi@example.org", note="For my sister.")
    confirmed(video, "Hidden Person", "hidden@example.org", show_name=False, note="Quietly.")
    services.start_pledge(video=video, name="Not Confirmed", email="later@example.org")
    html = client.get(video.url).content.decode()
    assert "2</strong> people have pledged" in html
    assert "Ngozi Adichie-Obi" in html and "For my sister." in html
    assert "Someone" in html and "Quietly." in html
    assert "Hidden Person" not in html and "Not Confirmed" not in html
    assert "50% of the way to 4 pledges" in html


@pytest.mark.django_db
def test_all_pledges_on_a_video_are_listed_page_by_page(client, video):
    for number in range(35):
        confirmed(video, f"Pledger {number:02}", f"p{number}@example.org")
    first = client.get(f"/pledges/video/{video.pk}/").content.decode()
    second = client.get(f"/pledges/video/{video.pk}/?page=2").content.decode()
    assert "35</strong> people have pledged" in first
    assert "Pledger 34" in first and "Pledger 05" in first and "Pledger 04" not in first
    assert "Pledger 04" in second and "Page 2 of 2" in second
    assert client.get(f"/pledges/video/{video.pk}/?page=9").status_code == 404
    response = client.get(f"/pledges/video/{video.pk}/")
    assert "public" in response["Cache-Control"] and response.cookies == {}


@pytest.mark.django_db
def test_the_recent_pledges_page_lists_the_newest_across_videos(client, video, make_video):
    other = make_video("Another video")
    confirmed(video, "First Pledger", "one@example.org")
    confirmed(other, "Second Pledger", "two@example.org", show_name=False)
    html = client.get("/pledges/").content.decode()
    assert html.index("Someone") < html.index("First Pledger")
    assert "Another video" in html and "Finish line" in html
    assert "Second Pledger" not in html
