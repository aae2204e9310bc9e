"""Viewers' words are whatever they type: a name or a word with no space in it, a long web
address. On a phone they wrap inside their column: the page never grows wider than the screen,
and no part of the text is cut off."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core import signing
from django.utils import timezone

from alongside.core.mail import avatar_seed
from alongside.core.models import ModerationStatus
from alongside.core.tests.browser import open_page
from alongside.pledges import links
from alongside.pledges.models import KeptStory, Pledge
from alongside.reflections.models import Reflection
from alongside.reflections.selectors import OWN_COOKIE, OWN_COOKIE_SALT

pytestmark = [pytest.mark.e2e]

NAME = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaf"  # 66 letters
WORD = "Aaaah" + "h" * 295  # 300 letters
URL = "https://example.org/" + "a-very-long-address/" * 9  # 200 characters
TEXT = f"{WORD}\n\nI found it here: {URL}"
SMALL_PHONE = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}


@dataclass
class Site:
    live: str
    video: object
    reflection: Reflection
    pledge: Pledge


@pytest.fixture
def site(transactional_db, live_server, make_video):
    video = make_video("The Finish Line", pledge_goal=10)
    now = timezone.now()

    def reflect(parent=None, *, status=ModerationStatus.PUBLISHED):
        email = f"{uuid4().hex}@example.org"
        return Reflection.objects.create(
            video=video,
            parent=parent,
            name=NAME,
            email=email,
            text=TEXT,
            avatar_seed=avatar_seed(email),
            submission_key=uuid4().hex,
            content_hash=uuid4().hex,
            status=status,
            created_at=now - timedelta(minutes=1),
        )

    reflection = reflect()
    reflect(parent=reflection)
    pledge = Pledge.objects.create(
        video=video,
        name=NAME,
        email="lan@example.org",
        note=TEXT,
        created_at=now - timedelta(days=3),
        confirmed_at=now - timedelta(days=2),
        kept_at=now - timedelta(days=1),
        status=ModerationStatus.PUBLISHED,
    )
    KeptStory.objects.create(
        pledge=pledge, text=TEXT, created_at=now, status=ModerationStatus.PUBLISHED
    )
    return Site(live=live_server.url, video=video, reflection=reflection, pledge=pledge)


def waiting_reflection(site) -> Reflection:
    """A reflection held for a curator, which only its author sees (with the cookie)."""
    return Reflection.objects.create(
        video=site.video,
        name=NAME,
        email="held@example.org",
        text=TEXT,
        avatar_seed=avatar_seed("held@example.org"),
        submission_key=uuid4().hex,
        content_hash=uuid4().hex,
        status=ModerationStatus.PENDING,
        created_at=timezone.now(),
    )


def waiting_pledge(site) -> Pledge:
    """A pledge not confirmed yet: its confirmation page shows the name."""
    now = timezone.now()
    return Pledge.objects.create(
        video=site.video,
        name=NAME,
        email="waiting@example.org",
        created_at=now,
        expires_at=now + timedelta(days=7),
    )


# Every page showing a viewer's name or words.
PAGES = {
    "video": lambda site: site.video.url,
    "reply-form": lambda site: f"{site.video.url}?reply_to={site.reflection.pk}#reflect",
    "own-waiting": lambda site: f"{site.video.url}?thanks={waiting_reflection(site).pk}",
    "video-pledges": lambda site: f"/pledges/video/{site.video.pk}/",
    "recent-pledges": lambda site: "/pledges/",
    "report": lambda site: f"/reflections/{site.reflection.pk}/report/",
    "delete": lambda site: f"/reflections/{site.reflection.pk}/delete/",
    "pledge-confirm": lambda site: (
        f"/pledges/confirm/{links.make_token(pledge=waiting_pledge(site), action='confirm')}/"
    ),
}

# Each place (a text node) holding the start of a long value: the rectangles of its lines, and
# those of every ancestor that would clip it.
CUT_TEXT = """([values, width]) => {
  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!values.some((value) => node.data.includes(value))) continue;
    const element = node.parentElement;
    if (element.closest(".visually-hidden, [hidden], title")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) {
      if (line.left < 0 || line.right > width) {
        problems.push(`${element.tagName}.${element.className} runs to ${line.right}px`);
      }
      for (let box = element; box; box = box.parentElement) {
        if (getComputedStyle(box).overflowX === "visible") continue;
        const edge = box.getBoundingClientRect();
        if (line.left < edge.left - 1 || line.right > edge.right + 1) {
          problems.push(`${element.tagName}.${element.className} is cut by ${box.tagName}`);
        }
      }
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE], ids=["320px", "390px"])
@pytest.mark.parametrize("name", PAGES)
def test_long_names_words_and_addresses_wrap_on_a_phone(browser, site, name, viewport):
    url = site.live + PAGES[name](site)
    page, _ = open_page(browser, site.live + "/", viewport=viewport)
    page.context.add_cookies(
        [
            {
                "name": OWN_COOKIE,
                "value": signing.dumps(
                    list(Reflection.objects.values_list("pk", flat=True)), salt=OWN_COOKIE_SALT
                ),
                "url": site.live,
            }
        ]
    )
    page.goto(url, wait_until="networkidle")
    assert NAME in page.inner_text("main") or WORD in page.inner_text("main")
    width = viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    prefixes = [NAME[:20], WORD[:20], URL[:20]]
    assert page.evaluate(CUT_TEXT, [prefixes, width]) == []
    page.context.close()
