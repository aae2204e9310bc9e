"""In a real browser, the curators' side of an edition: its progress follows a send in place
(htmx) and stops asking once the send is over; a test is sent by keyboard; the pages pass
axe-core (WCAG 2.2 AA) at a phone's width and a desktop's, and never scroll sideways."""

import pytest
from playwright.sync_api import expect

from alongside.core.tests.browser import DESKTOP, PHONE, axe_violations, tab_to
from alongside.core.tests.test_browser_admin_lists import logged_in
from alongside.newsletter import sending
from alongside.newsletter.models import Delivery, Edition

from .conftest import confirmed_subscriber

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def site(transactional_db, live_server, make_video, django_user_model, settings):
    """An edition being sent to four readers (nobody sends it: the test moves it along)."""
    settings.SITE_URL = live_server.url
    video = make_video("Finish line")
    for number in range(4):
        confirmed_subscriber(f"reader{number}@example.org")
    edition = Edition.objects.get(video=video)
    sending.start_sending(edition=edition, queue=False)
    django_user_model.objects.create_superuser("curator", "curator@example.net", "curator-pass-1")
    return live_server.url, edition


def mark_sent(edition, how_many: int) -> None:
    ids = Delivery.objects.filter(edition=edition, state=Delivery.State.QUEUED).order_by("pk")
    Delivery.objects.filter(pk__in=list(ids.values_list("pk", flat=True)[:how_many])).update(
        state=Delivery.State.SENT
    )


def test_the_progress_follows_the_send_in_place_and_stops_asking_when_it_is_over(browser, site):
    live, edition = site
    page = logged_in(browser, live, DESKTOP)
    polls = []
    page.on("request", lambda r: polls.append(r.url) if r.url.endswith("/progress/") else None)
    page.goto(f"{live}/admin/weekly_email/{edition.pk}/", wait_until="networkidle")
    expect(page.locator("#edition-progress-bar")).to_have_attribute("value", "0")
    page.evaluate("window.notReloaded = true")

    mark_sent(edition, 3)
    expect(page.locator("#edition-progress-bar")).to_have_attribute("value", "3", timeout=6000)
    expect(page.locator("label[for=edition-progress-bar]")).to_have_text(
        "3 of 4 recipients done (75%)"
    )
    assert page.evaluate("window.notReloaded") is True  # in place, not a new page

    mark_sent(edition, 1)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT)
    page.wait_for_function("() => window.notReloaded === undefined", timeout=6000)  # reloaded
    expect(page.get_by_text("Status: Sent.")).to_be_visible()
    expect(page.get_by_role("button", name="Pause")).to_have_count(0)
    asked = len(polls)
    page.wait_for_timeout(4500)
    assert len(polls) == asked  # no more asking
    page.context.close()


def test_a_curator_sends_a_test_by_keyboard(browser, site):
    live, edition = site
    page = logged_in(browser, live, DESKTOP)
    page.goto(f"{live}/admin/weekly_email/{edition.pk}/", wait_until="networkidle")
    tab_to(page, "form[action$='/test/'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("A test is on its way to curator@example.net")).to_be_visible()
    assert page.url == f"{live}/admin/weekly_email/{edition.pk}/"
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_curators_pages_pass_axe_and_fit_the_screen(browser, site, viewport):
    live, edition = site
    page = logged_in(browser, live, viewport)
    for path in ("", f"{edition.pk}/", f"{edition.pk}/recipients/?q=reader&state=queued"):
        page.goto(f"{live}/admin/weekly_email/{path}", wait_until="networkidle")
        where = f"{path or 'list'} at {viewport['width']}px"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], where
        assert axe_violations(page) == [], where
    page.context.close()
