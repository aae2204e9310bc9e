"""Reflections in a real browser, by keyboard, with JavaScript (htmx answers in place) and in a
context with JavaScript off (the page reloads): post, the error with the input kept, reply,
page 2, newest first, report."""

import re

import pytest
from playwright.sync_api import expect

from alongside.core.tests.browser import add_reflections, open_page, tab_to
from alongside.reflections.models import Reflection, Report

pytestmark = [pytest.mark.e2e]

WITH_AND_WITHOUT_JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def site(transactional_db, live_server, make_video, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    video = make_video("The Finish Line")
    return {"live": live_server.url, "video": video, "url": live_server.url + video.url}


def type_reflection(page, *, name: str, email: str, text: str) -> None:
    """Reach the form from the top of the page with Tab and fill it, ending on its button."""
    tab_to(page, "#id_name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # "Email me when someone replies"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"


@WITH_AND_WITHOUT_JS
def test_a_viewer_posts_a_reflection_by_keyboard_and_sees_it(browser, site, javascript):
    page, _ = open_page(browser, site["url"], javascript=javascript)
    type_reflection(page, name="Seán O'Brien", email="sean@example.org", text="So will I.")
    page.keyboard.press("Enter")
    page.get_by_text("Thank you. Your reflection is published").wait_for()
    reflection = Reflection.objects.get()
    posted = page.locator(f"#{reflection.anchor}")
    assert "Seán O'Brien" in posted.inner_text()
    assert "So will I." in posted.inner_text()
    if javascript:  # answered in place, and the thank-you has focus for screen readers
        assert page.url == site["url"]
        expect(page.locator(":focus")).to_have_attribute("role", "status")
    else:
        assert f"?thanks={reflection.pk}" in page.url
    page.context.close()


@WITH_AND_WITHOUT_JS
def test_an_empty_reflection_is_explained_and_the_name_kept(browser, site, javascript):
    page, _ = open_page(browser, site["url"], javascript=javascript)
    type_reflection(page, name="Zoë Ångström", email="zoe@example.org", text="")
    page.keyboard.press("Enter")
    page.locator("#reflect .form-errors").wait_for()
    assert "Please write your reflection before sending it." in page.inner_text("#reflect")
    assert page.input_value("#id_name") == "Zoë Ångström"
    assert page.input_value("#id_email") == "zoe@example.org"
    assert page.get_attribute("#id_text", "aria-invalid") == "true"
    if javascript:
        expect(page.locator(":focus")).to_have_class(re.compile(r"\bform-errors\b"))
    # Then the same form, filled in, goes through.
    page.fill("#id_text", "Now with words.")
    page.get_by_role("button", name="Send reflection").click()
    page.get_by_text("Thank you. Your reflection is published").wait_for()
    assert Reflection.objects.get().text == "Now with words."
    page.context.close()


@WITH_AND_WITHOUT_JS
def test_a_viewer_replies_to_a_reflection(browser, site, javascript):
    (first,) = add_reflections(site["video"], 1, replies_to_first=0)
    page, _ = open_page(browser, site["url"], javascript=javascript)
    tab_to(page, "a[href*='reply_to=']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Reply to Viewer 1").wait_for()
    type_reflection(page, name="Ana", email="ana@example.org", text="Same here.")
    page.keyboard.press("Enter")
    page.get_by_text("Thank you. Your reflection is published").wait_for()
    reply = Reflection.objects.get(parent=first)
    replies = page.get_by_role("list", name="Replies to Viewer 1")
    assert "Same here." in replies.locator(f"#{reply.anchor}").inner_text()
    page.context.close()


@WITH_AND_WITHOUT_JS
def test_a_viewer_goes_to_page_2_of_reflections(browser, site, javascript):
    add_reflections(site["video"], 55)
    page, _ = open_page(browser, site["url"], javascript=javascript)
    assert page.locator(".reflection-list > li").count() == 50
    pages = page.get_by_role("navigation", name="Pages of reflections")
    assert "Page 1 of 2" in pages.inner_text()
    pages.get_by_role("link", name="Next").click()
    page.wait_for_url("**?page=2#reflections")
    assert page.locator(".reflection-list > li").count() == 5
    names = page.locator(".reflection-list > li .reflection__name")
    assert names.all_inner_texts()[0] == "Viewer 51"
    assert "Page 2 of 2" in pages.inner_text()
    page.context.close()


@WITH_AND_WITHOUT_JS
def test_a_viewer_switches_to_newest_first(browser, site, javascript):
    add_reflections(site["video"], 3, replies_to_first=0)
    page, _ = open_page(browser, site["url"], javascript=javascript)
    names = page.locator(".reflection-list > li .reflection__name")
    assert names.all_inner_texts() == ["Viewer 1", "Viewer 2", "Viewer 3"]
    order = page.get_by_role("navigation", name="Order of reflections")
    order.get_by_role("link", name="Newest first").click()
    page.wait_for_url("**?order=newest#reflections")
    assert names.all_inner_texts() == ["Viewer 3", "Viewer 2", "Viewer 1"]
    assert order.locator("[aria-current]").inner_text() == "Newest first"
    page.context.close()


@WITH_AND_WITHOUT_JS
def test_a_viewer_reports_a_reflection_by_keyboard(browser, site, javascript):
    (reflection,) = add_reflections(site["video"], 1, replies_to_first=0)
    page, _ = open_page(browser, site["url"], javascript=javascript)
    tab_to(page, "a[href$='/report/']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Report a reflection").wait_for()
    tab_to(page, "textarea[name=reason]")
    page.keyboard.type("It names someone.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Thank you").wait_for()
    report = Report.objects.get()
    assert (report.reflection, report.reason) == (reflection, "It names someone.")
    page.context.close()


@WITH_AND_WITHOUT_JS
def test_deleting_your_own_reflection_says_it_is_deleted(browser, site, javascript):
    page, _ = open_page(browser, site["url"], javascript=javascript)
    type_reflection(page, name="Noor", email="noor@example.org", text="A second thought.")
    page.keyboard.press("Enter")
    page.get_by_text("Thank you. Your reflection is published").wait_for()
    page.get_by_role("link", name="Delete", exact=True).click()
    page.get_by_role("heading", name="Delete your reflection?").wait_for()
    page.get_by_role("button", name="Delete it").click()
    page.get_by_text("Your reflection has been deleted.").wait_for()
    assert "A second thought." not in page.inner_text("#reflections")
    assert not Reflection.objects.exists()
    page.context.close()
