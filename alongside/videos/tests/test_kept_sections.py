"""A video page's sections (reflections, pledges, the weekly email's form) are kept rendered
whole on plain views, and every rendering still gives each form a token of its own."""

import re
import time

import pytest
from django.core import signing
from django.test import Client

from alongside.core import guard
from alongside.reflections.selectors import OWN_COOKIE, OWN_COOKIE_SALT
from alongside.reflections.tests.test_display import write
from alongside.videos.tests.test_queries import changed_by_a_write

pytestmark = pytest.mark.django_db

FORMS = {"reflection", "pledge", "newsletter-subscribe"}
SECTION_FORMS = ("reflections/includes/form.html", "pledges/includes/pledge_form.html")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every view renders: what is kept is the sections, not the page."""
    settings.PAGE_CACHE_SECONDS = 0


def tokens_on(response) -> dict[str, str]:
    """The page's form tokens by purpose, each checked as the form's view checks it."""
    html = response.content.decode()
    assert "data-token-for" not in html
    tokens = {}
    for token in re.findall(r'<input type="hidden" name="token" value="([^"]+)">', html):
        purpose = signing.loads(token, salt=guard.TOKEN_SALT)["p"]
        target = response.context["page"].pk if purpose != "newsletter-subscribe" else 0
        guard.read_token(token, purpose=purpose, target_id=target, now=time.time() + 10)
        tokens[purpose] = token
    return tokens


def drawn(response) -> set[str]:
    return {template.name for template in response.templates}


def test_a_second_view_draws_no_section_and_still_gets_fresh_tokens(make_video):
    video = make_video()
    first, second = Client().get(video.url), Client().get(video.url)
    assert set(SECTION_FORMS) <= drawn(first)
    assert not set(SECTION_FORMS) & drawn(second)
    first_tokens, second_tokens = tokens_on(first), tokens_on(second)
    assert set(first_tokens) == set(second_tokens) == FORMS
    assert not set(first_tokens.values()) & set(second_tokens.values())
    assert second.content.decode().count('name="website"') == 3  # the honeypots are kept too
    # A token is longer than its slot: the length sent must be the filled page's, or browsers
    # cut its end (the scripts) off.
    assert int(second["Content-Length"]) == len(second.content)


def test_a_new_reflection_shows_at_once_on_a_kept_section(
    make_video, django_capture_on_commit_callbacks
):
    video = make_video()
    Client().get(video.url)
    with django_capture_on_commit_callbacks(execute=True):  # its new version, as on commit
        write(video, "Ada", "Written after the section was kept")
    response = Client().get(video.url)
    assert "Written after the section was kept" in response.content.decode()
    assert "reflections/includes/form.html" in drawn(response)
    assert "pledges/includes/pledge_form.html" not in drawn(response)  # a reflection leaves it


@pytest.mark.parametrize("query", ["?reply_to={parent}", "?pledge=sent", "?thanks={parent}"])
def test_a_view_with_something_of_its_own_draws_its_sections(make_video, query):
    video = make_video()
    parent = write(video, "Ada", "A reflection to answer")
    Client().get(video.url)
    response = Client().get(video.url + query.format(parent=parent.pk))
    assert set(SECTION_FORMS) <= drawn(response)
    tokens_on(response)


def test_a_browser_with_reflections_of_its_own_gets_its_own_section(make_video):
    video = make_video()
    own = write(video, "Ada", "Mine, still editable")
    Client().get(video.url)
    browser = Client()
    browser.cookies[OWN_COOKIE] = signing.dumps([own.pk], salt=OWN_COOKIE_SALT)
    response = browser.get(video.url)
    assert "reflections/includes/form.html" in drawn(response)
    assert f"/reflections/{own.pk}/edit/" in response.content.decode()
    # ... and nobody else gets it
    assert f"/reflections/{own.pk}/edit/" not in Client().get(video.url).content.decode()


def test_words_shaped_like_a_token_slot_are_shown_as_written(make_video):
    video = make_video()
    slot = guard.token_slot(purpose="reflection", target_id=video.pk)
    write(video, "Mallory", slot)
    html = Client().get(video.url).content.decode()
    assert "&lt;input type=&quot;hidden&quot; name=&quot;token&quot;" in html
    assert html.count('name="token" value="') == 3


def test_a_pledge_redraws_the_pledge_section_and_leaves_the_reflections(
    make_video, django_capture_on_commit_callbacks
):
    video = make_video()
    write(video, "Ada", "Kept through a pledge")
    Client().get(video.url)
    with django_capture_on_commit_callbacks(execute=True):
        changed_by_a_write(video)  # what a pledge does to its page
    response = Client().get(video.url)
    assert "pledges/includes/pledge_form.html" in drawn(response)
    assert "reflections/includes/form.html" not in drawn(response)
    assert "Kept through a pledge" in response.content.decode()
