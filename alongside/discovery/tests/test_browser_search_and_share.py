"""In a real browser: searching from the header by keyboard without JavaScript; the Share block
asks nothing of a third party before a click, and "Copy link" copies and says so, at phone and
desktop widths; axe-core (WCAG 2.2 AA) and the Nu HTML Checker on the search and video pages."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from wagtail.search import index

from alongside.core.tests.browser import (
    DESKTOP,
    PHONE,
    SHOTS,
    axe_source,
    axe_violations,
    open_page,
    tab_to,
    vnu_command,
    vnu_errors,
)
from alongside.videos.models import VideoPage

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def site(transactional_db, live_server, make_video, topic, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SITE_URL = live_server.url
    video = make_video(
        "The Finish Line", topics=[topic], story="<p>His uncle ran down from the stands.</p>"
    )
    make_video("Another one")
    for page in VideoPage.objects.all():
        index.insert_or_update_object(page)  # what the task worker does after a save
    return {"live": live_server.url, "video": video}


def test_search_from_the_header_by_keyboard_without_javascript(browser, site):
    page, _ = open_page(browser, site["live"] + "/", javascript=False)
    tab_to(page, "#site-search")
    page.keyboard.type("zeppelin stands")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=zeppelin+stands")
    results = page.locator(".search-result")
    assert results.count() == 0
    assert "Nothing matches" in page.locator("main").inner_text()
    tab_to(page, "#search-query")
    assert page.input_value("#search-query") == "zeppelin stands"  # kept as typed
    page.keyboard.press("Control+A")
    page.keyboard.type("Uncle")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Uncle")
    assert results.count() == 1
    assert page.locator(".search-result mark").first.inner_text() == "uncle"
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_sharing_asks_nothing_of_a_third_party_and_copy_link_says_so(browser, site, viewport):
    live_host = urlsplit(site["live"]).netloc
    page, traffic = open_page(browser, site["live"] + site["video"].url, viewport=viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site["live"])
    share = page.locator("section.share")
    share.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(request.url).netloc for request in traffic.requests}
    assert hosts == {live_host}, hosts

    copy = share.get_by_role("button", name="Copy link")
    copy.click()
    status = share.locator("[data-share-status]")
    status.filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == site["live"] + site["video"].url
    SHOTS.mkdir(parents=True, exist_ok=True)
    share.screenshot(path=SHOTS / f"share-{viewport['width']}.png")
    page.screenshot(path=SHOTS / f"share-page-{viewport['width']}.png", full_page=True)
    assert {urlsplit(request.url).netloc for request in traffic.requests} == {live_host}
    page.context.close()


def test_without_javascript_the_address_is_there_to_copy(browser, site):
    page, _ = open_page(browser, site["live"] + site["video"].url, javascript=False)
    field = page.get_by_label("This video's address")
    assert field.input_value() == site["live"] + site["video"].url
    assert field.get_attribute("readonly") is not None
    assert page.locator("section.share button").count() == 0
    page.context.close()


def test_search_and_video_pages_have_no_accessibility_violations(browser, site):
    axe_source()  # installed, or skip (fail under E2E=required) before any work
    problems = []
    for path in ("/search/?q=uncle", "/search/?q=zeppelin", "/search/", site["video"].url):
        for scheme, viewport in (("light", DESKTOP), ("dark", PHONE)):
            page, _ = open_page(
                browser, site["live"] + path, viewport=viewport, color_scheme=scheme
            )
            problems.extend(
                f"{path} ({scheme}): {violation['rule']}: {violation['help']} "
                f"{[node['target'] for node in violation['nodes'][:3]]}"
                for violation in axe_violations(page)
            )
            if path == "/search/?q=uncle":
                page.screenshot(path=SHOTS / f"search-{scheme}.png", full_page=True)
            page.context.close()
    assert not problems, "\n".join(problems)


def test_search_and_video_pages_are_valid_html(site, tmp_path):
    vnu_command()  # installed, or skip (fail under E2E=required) before any work
    client = Client()
    files = []
    for name, path in {
        "search": "/search/?q=uncle",
        "search-none": "/search/?q=zeppelin",
        "video": site["video"].url,
    }.items():
        response = client.get(path)
        assert response.status_code == 200
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = vnu_errors(files)
    assert not errors, errors
