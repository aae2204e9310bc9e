"""The whole pledge in a real browser, by keyboard, with and without JavaScript: pledge, follow
the link from the email (sent to a real SMTP server on loopback), press Confirm, and see the
pledge and the count change on the video page."""

import re

import pytest

from alongside.conftest import run_tasks
from alongside.core.tests.browser import open_page, tab_to
from alongside.pledges.models import Pledge
from alongside.pledges.tests.test_browser import type_into_form

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def site(transactional_db, live_server, make_video, settings, smtp_server):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    settings.SITE_URL = live_server.url  # links in emails open the live server
    video = make_video("Finish line", pledge_goal=10)
    return {"live": live_server.url, "url": live_server.url + video.url, "smtp": smtp_server}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_pledge_confirmed_from_the_emailed_link_is_shown_and_counted(browser, site, javascript):
    page, _ = open_page(browser, site["url"], javascript=javascript)
    count = page.locator("#pledge .pledge-count")
    assert count.inner_text() == "0 people have pledged."
    tab_to(page, "#pledge_name")
    type_into_form(page, "lan@example.org")  # Tab through the fields to the button, anonymous
    page.keyboard.press("Enter")
    page.get_by_text("We have sent you an email.").wait_for()

    run_tasks()
    (email,) = site["smtp"].messages
    assert email["To"] == "lan@example.org"
    link = re.search(
        re.escape(site["live"]) + r"/pledges/confirm/\S+/", site["smtp"].body(email)
    ).group()
    page.goto(link)
    page.get_by_role("heading", name="Confirm your pledge").wait_for()
    assert Pledge.objects.get().confirmed_at is None  # opening the link changes nothing
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**?pledge=confirmed#pledge")
    assert "Your pledge is confirmed" in page.inner_text("#pledge")
    assert count.inner_text() == "1 person has pledged."
    assert page.locator("#pledge .pledge-progress__label").inner_text() == (
        "10% of the way to 10 pledges"
    )
    recent = page.locator("#pledge .pledge-list .pledge-item")
    assert recent.count() == 1
    assert recent.first.locator(".pledge-item__name").inner_text() == "Someone"
    assert "Para mi abuela." in recent.first.inner_text()
    page.context.close()


def fill_and_send(page, *, double_click=False) -> None:
    page.locator("#pledge_name").fill("Lan")
    page.locator("#pledge_email").fill("lan@example.org")
    button = page.locator("#pledge-form button[type=submit]")
    button.dblclick() if double_click else button.click()
    page.get_by_text("We have sent you an email.").wait_for()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_double_click_on_pledge_sends_one_email(browser, site, javascript):
    page, traffic = open_page(browser, site["url"], javascript=javascript)
    fill_and_send(page, double_click=True)
    page.wait_for_load_state("networkidle")
    sent = [request.post_data for request in traffic.requests if request.method == "POST"]
    # With JavaScript the form carries the key forms.js made (in place before htmx reads it).
    assert all(bool(re.search(r"submit_key=[0-9a-f]{32}", body)) == javascript for body in sent)
    run_tasks()
    assert len(site["smtp"].messages) == 1
    assert Pledge.objects.count() == 1
    if javascript:
        # Pledging again on a new visit of the same cached page is deliberate: its own email.
        page.goto(site["url"], wait_until="networkidle")
        assert page.evaluate("document.querySelector('input[name=submit_key]')") is None
        fill_and_send(page)
        run_tasks()
        assert len(site["smtp"].messages) == 2
    assert Pledge.objects.count() == 1
    page.context.close()
