"""In a real browser: "Send to a friend" and "Suggest a video" by keyboard without JavaScript,
WCAG 2.2 AA by axe-core in both colour schemes (forms in their error state too), valid HTML."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from alongside.core.tests.browser import (
    DESKTOP,
    PHONE,
    axe_source,
    axe_violations,
    open_page,
    tab_to,
    vnu_command,
    vnu_errors,
)
from alongside.discovery.friends.links import do_not_send_link
from alongside.discovery.friends.services import recipient_digest
from alongside.discovery.models import FriendEmail, FriendSending, VideoSuggestion

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def site(transactional_db, live_server, make_video, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    settings.AKISMET_API_KEY = ""
    settings.SITE_URL = live_server.url
    return {"live": live_server.url, "video": make_video("The Finish Line")}


def type_field(page, selector: str, text: str) -> None:
    """Move to a field with Tab, as a keyboard user does, and type."""
    tab_to(page, selector)
    page.keyboard.type(text)


def test_send_to_a_friend_by_keyboard_without_javascript(browser, site):
    page, _ = open_page(browser, site["live"] + site["video"].url, javascript=False)
    tab_to(page, "a.send-link, .send-link a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/send/{site['video'].pk}/")
    type_field(page, "#id_name", "Nguyễn Thị Lan")
    type_field(page, "#id_email", "lan@example.org")
    type_field(page, "#id_friend_1", "minh@example")
    type_field(page, "#id_friend_2", "hoa@example.net")
    type_field(page, "#id_note", "Watch it at example.com tonight")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".form-errors").wait_for()

    # Each mistake is said next to its field, and nothing typed is lost.
    expect(page.locator("#id_friend_1")).to_have_attribute("aria-invalid", "true")
    assert "does not look like an email address" in page.locator("#id_friend_1_error").inner_text()
    assert "leave out web addresses" in page.locator("#id_note_error").inner_text()
    assert page.input_value("#id_name") == "Nguyễn Thị Lan"
    assert page.input_value("#id_friend_2") == "hoa@example.net"
    assert not FriendSending.objects.exists()

    tab_to(page, "#id_friend_1")
    page.keyboard.press("Control+A")
    page.keyboard.type("minh@example.org")
    tab_to(page, "#id_note")
    page.keyboard.press("Control+A")
    page.keyboard.type("Watch it tonight, it made me think of you.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/send/{site['video'].pk}/sent/")
    assert "Thank you for passing it on" in page.locator("main").inner_text()
    sending = FriendSending.objects.get()
    assert sending.note == "Watch it tonight, it made me think of you."
    assert FriendEmail.objects.filter(sending=sending).count() == 2
    page.context.close()


def test_suggest_a_video_by_keyboard_without_javascript(browser, site):
    page, _ = open_page(browser, site["live"] + "/", javascript=False)
    tab_to(page, "footer a[href='/suggest/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suggest/")
    type_field(page, "#id_source_url", "https://vimeo.com/76979871")
    type_field(page, "#id_reason", "A teacher who never gave up on a class.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suggest/thanks/?result=new")
    assert "Your suggestion is with our curators" in page.locator("main").inner_text()
    assert VideoSuggestion.objects.get().provider_video_id == "76979871"
    page.context.close()


def submit_with_mistakes(page) -> None:
    page.fill("#id_name", "Seán O'Brien")
    page.locator("button[type=submit]").click()
    page.locator(".form-errors").wait_for()


def pages(site) -> dict:
    """Each page type of these features: where it is, and what brings it to its state."""
    video = site["video"]
    stop = do_not_send_link(address_digest=recipient_digest("anna@example.org"))
    return {
        "send": (f"/send/{video.pk}/", None),
        "send-error": (f"/send/{video.pk}/", submit_with_mistakes),
        "sent": (f"/send/{video.pk}/sent/", None),
        "do-not-send": (stop.removeprefix(site["live"]), None),
        "suggest": ("/suggest/", None),
        "suggest-error": ("/suggest/", submit_with_mistakes),
        "suggest-thanks": ("/suggest/thanks/?result=suggested", None),
    }


def test_every_page_has_no_accessibility_violations_in_light_or_dark(browser, site):
    axe_source()  # installed, or skip (fail under E2E=required) before any work
    problems = []
    for name, (path, act) in pages(site).items():
        for scheme, viewport in (("light", DESKTOP), ("dark", PHONE)):
            page, _ = open_page(
                browser, site["live"] + path, viewport=viewport, color_scheme=scheme
            )
            if act:
                act(page)
            problems.extend(
                f"{name} ({scheme}): {violation['rule']}: {violation['help']} "
                f"{[node['target'] for node in violation['nodes'][:3]]}"
                for violation in axe_violations(page)
            )
            page.context.close()
    assert not problems, "\n".join(problems)


def test_every_page_is_valid_html(site, tmp_path):
    """The HTML as served (not the DOM after scripts), forms in their error state included."""
    vnu_command()  # installed, or skip (fail under E2E=required) before any work
    client = Client()
    files = []
    for name, (path, act) in pages(site).items():
        response = client.get(path)
        if act:  # sent back with its token and one field filled, as the browser would
            token = re.search(r'name="token" value="([^"]+)"', response.content.decode())
            response = client.post(path, {"token": token.group(1), "name": "Seán"})
        assert response.status_code == 200, (name, response.status_code)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = vnu_errors(files)
    assert not errors, errors
