"""In a real browser, by keyboard: the subscribe form with htmx and without JavaScript, and the
Confirm button behind the emailed link."""

import re

import pytest
from playwright.sync_api import expect

from alongside.newsletter import links
from alongside.newsletter.models import Subscriber

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def site(transactional_db, live_server, make_video, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    settings.SITE_URL = live_server.url
    return {"url": live_server.url + make_video("Finish line").url, "root": live_server.url}


def type_into_form(page, email: str) -> None:
    """Focus the address, then Tab to the name and on to the button."""
    page.locator("#newsletter_email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("Nguyễn Thị Lan")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send me the weekly email"


def test_with_htmx_errors_and_thanks_appear_in_place_and_take_focus(browser, site):
    page = browser.new_page()
    page.goto(site["url"], wait_until="networkidle")
    type_into_form(page, "not-an-address")
    page.keyboard.press("Enter")
    page.locator("#newsletter .form-errors").wait_for()
    expect(page.locator(":focus")).to_have_class(re.compile(r"\bform-errors\b"))
    assert page.input_value("#newsletter_name") == "Nguyễn Thị Lan"
    page.locator("#newsletter_email").fill("lan@example.org")
    page.locator("#newsletter_email").press("Enter")
    page.get_by_text("Nearly there: check your inbox").wait_for()
    expect(page.locator(":focus")).to_have_attribute("role", "status")
    assert page.url == site["url"]  # no page load
    assert "lan@example.org" not in page.content()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page.close()


def test_without_javascript_the_form_posts_and_the_link_confirms_by_button(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["url"])
    type_into_form(page, "lan@example")
    page.keyboard.press("Enter")
    page.wait_for_url("**/newsletter/")
    assert "This does not look like an email address" in page.locator("#newsletter").inner_text()
    assert page.input_value("#newsletter_name") == "Nguyễn Thị Lan"
    page.locator("#newsletter_email").fill("lan@example.org")
    page.locator("#newsletter_email").press("Enter")
    page.wait_for_url("**/newsletter/check-your-inbox/")

    subscriber = Subscriber.objects.get()
    page.goto(links.link(subscriber=subscriber, action="confirm"))
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Yes, send me the weekly email").focus()
    page.keyboard.press("Enter")
    page.get_by_text("You are subscribed. Welcome!").wait_for()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    context.close()
