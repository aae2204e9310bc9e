"""The player before play, on a phone and a desktop: the play button is whole and on top, never
under the caption that names the video."""

import pytest

from alongside.core.tests.browser import DESKTOP, SHOTS, open_page

pytestmark = [pytest.mark.e2e]

TITLE = "Derek Redmond: the father who ran onto the track in Barcelona to help his son finish"

# The play button's centre and its corners (1 px inside): which element is on top at each.
COVERED_POINTS = """() => {
  const button = document.querySelector(".player__button");
  button.scrollIntoView({block: "center"});
  const box = button.getBoundingClientRect();
  const points = [
    [box.left + box.width / 2, box.top + box.height / 2],
    [box.left + 1, box.top + 1], [box.right - 1, box.top + 1],
    [box.left + 1, box.bottom - 1], [box.right - 1, box.bottom - 1],
  ];
  return points.filter(([x, y]) => {
    const top = document.elementFromPoint(x, y);
    return !(top && top.closest(".player__button"));
  }).map(([x, y]) => {
    const top = document.elementFromPoint(x, y);
    return `(${Math.round(x)}, ${Math.round(y)}): ${top ? top.className : "nothing"}`;
  });
}"""


@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 640}, {"width": 390, "height": 844}, DESKTOP],
    ids=lambda viewport: f"{viewport['width']}px",
)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_play_button_is_whole_and_not_under_the_caption(
    browser, transactional_db, live_server, make_video, viewport, javascript
):
    video = make_video(TITLE)
    page, _ = open_page(
        browser, live_server.url + video.url, javascript=javascript, viewport=viewport
    )
    assert page.evaluate(COVERED_POINTS) == []
    button = page.locator(".player__button").bounding_box()
    start = page.locator(".player__start").bounding_box()
    assert (
        button["x"] >= start["x"] and button["x"] + button["width"] <= start["x"] + start["width"]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Look at these: the button in the middle of the picture, the caption whole below or on it.
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"player-{viewport['width']}px-{'js' if javascript else 'no-js'}.png"
    page.locator(".player").screenshot(path=shot)
    page.context.close()
