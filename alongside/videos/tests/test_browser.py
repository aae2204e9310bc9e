"""In a real browser: nothing third-party loads before play, and one click plays.

Screenshots of every page type are taken by alongside/core/tests/test_browser_pages.py."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def site(transactional_db, live_server, make_video, topic):
    video = make_video("The Finish Line", topics=[topic])
    make_video("Another week", days_ago=7)
    return {"live": live_server.url, "video": video}


def open_page(browser, url, *, javascript=True, viewport=DESKTOP):
    """Open `url` recording every request; anything off-site is blocked (no internet here)."""
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport)
    own_host = urlsplit(url).netloc
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    context.route(lambda address: urlsplit(address).netloc != own_host, lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page, requested


def off_site(requests, live):
    return [url for url in requests if not url.startswith(live)]


@pytest.mark.parametrize("path", ["/", "/videos/", "/videos/topics/kindness/", "VIDEO"])
def test_no_third_party_request_before_play(browser, site, path):
    url = site["live"] + (site["video"].url if path == "VIDEO" else path)
    page, requested = open_page(browser, url)
    page.mouse.wheel(0, 5000)  # lazy images load too
    page.wait_for_load_state("networkidle")
    assert requested and off_site(requested, site["live"]) == []
    page.context.close()


def test_one_click_plays_the_privacy_enhanced_embed(browser, site):
    page, requested = open_page(browser, site["live"] + site["video"].url, viewport=PHONE)
    assert page.locator("iframe").count() == 0
    assert off_site(requested, site["live"]) == []
    page.get_by_role("button", name="Play “The Finish Line”").click()
    frame = page.locator("iframe.player__frame")
    src = frame.get_attribute("src")
    assert urlsplit(src).hostname == "www.youtube-nocookie.com"
    page.wait_for_timeout(200)  # the embed's own request is attempted (and blocked here)
    assert [urlsplit(url).hostname for url in off_site(requested, site["live"])] == [
        "www.youtube-nocookie.com"
    ]
    assert "autoplay=1" in src
    assert "autoplay" in frame.get_attribute("allow")
    page.context.close()


def test_keyboard_reaches_and_starts_the_player(browser, site):
    page, _ = open_page(browser, site["live"] + site["video"].url)
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('player__start')"):
            break
    page.keyboard.press("Enter")
    src = page.locator("iframe.player__frame").get_attribute("src")
    assert urlsplit(src).hostname == "www.youtube-nocookie.com"
    page.context.close()


def test_without_javascript_the_player_links_to_the_provider(browser, site):
    page, requested = open_page(browser, site["live"] + site["video"].url, javascript=False)
    link = page.get_by_role("link", name="Play “The Finish Line”")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=kZlXWp6vFdE"
    assert off_site(requested, site["live"]) == []
    page.context.close()
