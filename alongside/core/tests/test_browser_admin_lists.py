"""In a real browser, the curators' lists (reflections, pledges, kept stories): long names, words
and links wrap instead of widening the page, short names never break mid-word, and the
bulk-action bar names what is selected."""

import pytest

from alongside.core.tests.browser import DESKTOP, PHONE, SHOTS
from alongside.pledges import services as pledges
from alongside.reflections.services import post_reflection

pytestmark = [pytest.mark.e2e]

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaf"  # 66 characters
LONG_WORD = "Donaudampfschiff" * 18 + "fahrtenbuch!"  # 300 characters
URL_START = "https://example.org/" + "a-very-long-path/" * 9 + "end.html?q="
LONG_URL = URL_START + "x" * (200 - len(URL_START))
SHORT_NAME = "Bartholomew"

LISTS = {
    "reflections": ("/admin/snippets/reflections/reflection/", "1 reflection selected"),
    "pledges": ("/admin/snippets/pledges/pledge/", "1 pledge selected"),
    "kept stories": ("/admin/snippets/pledges/keptstory/", "1 kept story selected"),
}


@pytest.fixture
def site(transactional_db, live_server, make_video, django_user_model):
    assert len(LONG_NAME) == 66 and len(LONG_WORD) == 300 and len(LONG_URL) == 200
    video = make_video("Finish line")
    for number, (name, text) in enumerate(
        [(LONG_NAME, "Short words."), (SHORT_NAME, LONG_WORD), ("Amara Okafor", LONG_URL)]
    ):
        post_reflection(
            video=video,
            name=name,
            email=f"viewer{number}@example.org",
            text=text,
            idempotency_key=str(number),
            mode="hold",
        )
        pledge = pledges.start_pledge(
            video=video, name=name, email=f"viewer{number}@example.org", note=text[:500]
        )
        pledges.confirm_pledge(pledge=pledge)
        pledges.mark_kept(pledge=pledge, story=f"{text} {LONG_URL}")
    django_user_model.objects.create_superuser("curator", "", "curator-pass-1")
    return live_server.url


def logged_in(browser, live, viewport):
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{live}/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "curator-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live}/admin/")
    return page


WORD_IS_ON_ONE_LINE = """word => {
    const walker = document.createTreeWalker(document.querySelector('table.listing'), 4);
    while (walker.nextNode()) {
        const at = walker.currentNode.textContent.indexOf(word);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(walker.currentNode, at);
            range.setEnd(walker.currentNode, at + word.length);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size === 1;
        }
    }
    throw new Error(word + ' is not in the list');
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_long_text_wraps_and_short_names_stay_whole(browser, site, viewport):
    page = logged_in(browser, site, viewport)
    for kind, (path, _) in LISTS.items():
        page.goto(site + path, wait_until="networkidle")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"admin-{kind.replace(' ', '-')}-{viewport['width']}.png")
        page_width, window_width, table_width, list_width, list_overflow = page.evaluate(
            """() => {
                const table = document.querySelector('table.listing');
                return [document.documentElement.scrollWidth, window.innerWidth, table.scrollWidth,
                        table.parentElement.clientWidth,
                        getComputedStyle(table.parentElement).overflowX];
            }"""
        )
        where = f"{kind} at {viewport['width']}px"
        assert page_width <= window_width, f"{where}: the page scrolls sideways"
        if viewport == DESKTOP:
            assert table_width <= list_width, f"{where}: the table is wider than the list"
        else:  # seven columns need more than a phone's width: the list scrolls, nothing is cut
            assert table_width <= list_width or list_overflow == "auto", f"{where}: cut off"
        if kind != "kept stories":  # stories are listed by their text, not the name
            assert page.evaluate(WORD_IS_ON_ONE_LINE, SHORT_NAME), f"{kind}: {SHORT_NAME} broke"
    page.context.close()


def test_the_bulk_action_bar_names_what_is_selected(browser, site):
    page = logged_in(browser, site, DESKTOP)
    for path, wording in LISTS.values():
        page.goto(site + path, wait_until="networkidle")
        page.locator("tbody input[type=checkbox]").first.check()
        assert page.locator("[data-bulk-action-num-objects]").inner_text() == wording
    page.context.close()
