"""Without JavaScript a form's answer is a new page: it must open where the form's message is
(its errors, or the thank-you), not at the top with the message a few screens further down."""

from dataclasses import dataclass

import pytest
from django.core import signing

from alongside.core.models import ModerationMode
from alongside.core.tests.browser import PHONE, add_reflections, open_page
from alongside.pledges import links
from alongside.pledges.models import Pledge
from alongside.reflections.models import Reflection
from alongside.reflections.selectors import OWN_COOKIE, OWN_COOKIE_SALT

pytestmark = [pytest.mark.e2e]

LONG_REFLECTION_HTML = "".join(f"<p>{'So much to say. ' * 30}</p>" for _ in range(8))
TOO_MANY_LINKS = " ".join(f"https://example.org/{number}" for number in range(10))


@dataclass
class Site:
    live: str
    video: object
    reflection: Reflection


@pytest.fixture
def site(transactional_db, live_server, make_video, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    video = make_video("The Finish Line", pledge_goal=10)
    # Enough on the page (and in the quote on the report page) to push forms below the fold.
    reflection, *_ = add_reflections(video, 3)
    Reflection.objects.filter(pk=reflection.pk).update(text_html=LONG_REFLECTION_HTML)
    return Site(live=live_server.url, video=video, reflection=reflection)


def in_viewport(page, selector: str) -> bool:
    """Whether the first element matching `selector` is wholly on screen."""
    return page.evaluate(
        """selector => {
          const box = document.querySelector(selector).getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
        }""",
        selector,
    )


def send(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def kept_path(site) -> str:
    pledge = Pledge.objects.create(
        video=site.video,
        name="Lan",
        email="lan@example.org",
        created_at=site.reflection.created_at,
        confirmed_at=site.reflection.created_at,
    )
    return f"/pledges/did-it/{links.make_token(pledge=pledge, action='kept')}/"


def own_reflection_cookie(site) -> dict:
    """The signed cookie by which a browser may edit the reflection it wrote."""
    return {
        "name": OWN_COOKIE,
        "value": signing.dumps([site.reflection.pk], salt=OWN_COOKIE_SALT),
        "url": site.live,
    }


# Each form: where it is, how to put it in its error state, and where the message shows.
FORMS = {
    "reflection": (lambda site: site.video.url, "Send reflection", None),
    "reply": (
        lambda site: f"{site.video.url}?reply_to={site.reflection.pk}#reflect",
        "Send reply",
        None,
    ),
    "pledge": (lambda site: site.video.url, "Pledge", None),
    "report": (
        lambda site: f"/reflections/{site.reflection.pk}/report/",
        "Send report",
        lambda page, settings: setattr(settings, "FORM_MIN_FILL_SECONDS", 600),
    ),
    "edit": (
        lambda site: f"/reflections/{site.reflection.pk}/edit/",
        "Save changes",
        lambda page, settings: page.fill("textarea", ""),
    ),
    "kept-story": (
        kept_path,
        "Yes, I did it",
        lambda page, settings: page.fill("textarea", TOO_MANY_LINKS),
    ),
}


@pytest.mark.parametrize("form", FORMS)
def test_without_javascript_a_form_in_error_opens_at_its_message(browser, site, settings, form):
    path, button, spoil = FORMS[form]
    url = site.live + path(site)
    page, _ = open_page(browser, site.live + "/", javascript=False, viewport=PHONE)
    page.context.add_cookies([own_reflection_cookie(site)])
    page.goto(url)
    if spoil:
        spoil(page, settings)
    send(page, button)
    assert page.locator(".form-errors").count() == 1
    assert in_viewport(page, ".form-errors"), f"{form}: the error is off screen at {page.url}"
    page.context.close()


def test_without_javascript_a_held_reflection_opens_at_its_thank_you(browser, site):
    type(site.video).objects.filter(pk=site.video.pk).update(reflections_mode=ModerationMode.HOLD)
    page, _ = open_page(browser, site.live + site.video.url, javascript=False, viewport=PHONE)
    page.fill("#id_name", "Ana")
    page.fill("#id_email", "ana@example.org")
    page.fill("#id_text", "Held for a curator.")
    send(page, "Send reflection")
    assert "waiting for a curator" in page.inner_text(".reflections .notice")
    assert in_viewport(page, ".reflections .notice")
    page.context.close()
