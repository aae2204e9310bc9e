"""In a real browser, by keyboard: the pledge form with htmx and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from alongside.pledges.models import Pledge

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def site(transactional_db, live_server, make_video, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    return {"url": live_server.url + make_video("Finish line", pledge_goal=10).url}


def type_into_form(page, email: str) -> None:
    """Fill the form the way a keyboard user does: focus the name, then Tab between fields."""
    page.locator("#pledge_name").focus()
    page.keyboard.type("Nguyễn Thị Lan")
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("Para mi abuela.")
    page.keyboard.press("Tab")  # the first radio: "Show my name"
    page.keyboard.press("ArrowDown")  # "Pledge anonymously"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Pledge"


def test_with_htmx_errors_and_thanks_appear_in_place_and_take_focus(browser, site):
    page = browser.new_page()
    page.goto(site["url"], wait_until="networkidle")
    type_into_form(page, "not-an-address")
    page.keyboard.press("Enter")
    errors = page.locator("#pledge-form .form-errors")
    errors.wait_for()
    # forms.js moves focus to the message, so screen readers announce it
    expect(page.locator(":focus")).to_have_class(re.compile(r"\bform-errors\b"))
    assert page.input_value("#pledge_name") == "Nguyễn Thị Lan"
    assert page.is_checked("#pledge_visibility_1")
    page.locator("#pledge_email").fill("lan@example.org")
    page.locator("#pledge_email").press("Enter")
    page.get_by_text("We have sent you an email.").wait_for()
    expect(page.locator(":focus")).to_have_attribute("role", "status")
    assert page.url == site["url"]  # no page load
    pledge = Pledge.objects.get()
    assert (pledge.name, pledge.show_name, pledge.note) == (
        "Nguyễn Thị Lan",
        False,
        "Para mi abuela.",
    )
    page.close()


def test_without_javascript_the_form_posts_and_comes_back_with_a_message(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["url"])
    type_into_form(page, "lan@example")
    page.keyboard.press("Enter")
    page.wait_for_url("**/pledge/#pledge")
    assert "This does not look like an email address" in page.locator("#pledge").inner_text()
    page.locator("#pledge_email").fill("lan@example.org")
    page.locator("#pledge_email").press("Enter")
    page.wait_for_url("**?pledge=sent#pledge")
    assert "We have sent you an email" in page.locator("#pledge").inner_text()
    context.close()
