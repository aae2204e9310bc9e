"""In a real browser, under the Content-Security-Policy and Permissions-Policy: the home page,
a video page whose player starts and whose reflection form answers through htmx, the admin's
dashboard, a page's live preview and the userbar on a public page, without one violation."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from alongside.core.tests.browser import DESKTOP, tab_to
from alongside.reflections.models import Reflection

pytestmark = [pytest.mark.e2e]

# Runs in every document (frames too) before the page's own scripts: the browser fires this
# event for each thing the policy blocks.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""
# What Chromium prints about a policy: CSP violations, and Permissions-Policy mistakes.
POLICY_WORDS = ("Content Security Policy", "Permissions-Policy", "Permissions policy", "feature")


class Watched:
    """A browser context that blocks off-site requests (the players, here) and keeps every
    policy complaint from events and from the console."""

    def __init__(self, browser, live):
        own_host = urlsplit(live).netloc
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.context.route(
            lambda address: urlsplit(address).netloc != own_host, lambda route: route.abort()
        )
        self.console = []
        self.off_site = []  # hosts asked for (and blocked): the policy let these through
        self.context.on(
            "request",
            lambda request: (
                self.off_site.append(urlsplit(request.url).hostname)
                if urlsplit(request.url).netloc != own_host
                else None
            ),
        )
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if any(word in message.text for word in POLICY_WORDS)
                else None
            ),
        )

    def violations(self) -> list[str]:
        found = list(self.console)
        for frame in self.page.frames:
            if urlsplit(frame.url).scheme.startswith("http") and not frame.is_detached():
                try:
                    found += frame.evaluate("window.__violations || []")
                except Exception:  # a cross-origin frame the test blocked: nothing of ours
                    continue
        return found


@pytest.fixture
def site(transactional_db, live_server, make_video, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    youtube = make_video("The Finish Line")
    vimeo = make_video("Across the line", source_url="https://vimeo.com/76979871")
    return {"live": live_server.url, "youtube": youtube, "vimeo": vimeo}


def test_home_video_player_and_htmx_reflection_break_no_policy(browser, site):
    watched = Watched(browser, site["live"])
    page = watched.page
    page.goto(site["live"] + "/", wait_until="networkidle")
    for video in (site["vimeo"], site["youtube"]):
        page.goto(site["live"] + video.url, wait_until="networkidle")
        page.get_by_role("button", name=f"Play “{video.title}”").click()
        page.locator("iframe.player__frame").wait_for(state="attached")
        page.wait_for_timeout(300)  # the frame's request is checked, then blocked here
    assert watched.off_site == ["player.vimeo.com", "www.youtube-nocookie.com"]
    # The form answers in place through htmx (no reload) and the answer takes focus.
    tab_to(page, "#id_name")
    page.keyboard.type("Seán O'Brien")
    page.fill("#id_email", "sean@example.org")
    page.fill("#id_text", "So will I.")
    page.get_by_role("button", name="Send reflection").click()
    page.get_by_text("Thank you. Your reflection is published").wait_for()
    expect(page.locator(":focus")).to_have_attribute("role", "status")
    assert page.url == site["live"] + site["youtube"].url
    assert Reflection.objects.get().text == "So will I."
    assert watched.violations() == []
    watched.context.close()


def test_the_admin_dashboard_a_live_preview_and_the_userbar_break_no_policy(
    browser, site, django_user_model
):
    django_user_model.objects.create_superuser("curator", "", "curator-pass-1")
    watched = Watched(browser, site["live"])
    page = watched.page
    page.goto(site["live"] + "/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "curator-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url(site["live"] + "/admin/")
    page.get_by_role("heading", name="Site summary").wait_for()

    page.goto(f"{site['live']}/admin/pages/{site['youtube'].pk}/edit/", wait_until="networkidle")
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads the preview in a second frame, then swaps it for the first.
    page.wait_for_function(
        """() => {
          const frames = document.querySelectorAll("iframe[title=Preview]");
          return frames.length === 1 && frames[0].src.includes("/preview/");
        }"""
    )
    preview = page.frame_locator("iframe[title='Preview']")
    preview.get_by_role("heading", name="The Finish Line", level=1).wait_for()
    # A signed-in curator's public page carries Wagtail's userbar, under the public policy.
    page.goto(site["live"] + site["youtube"].url, wait_until="networkidle")
    page.get_by_role("button", name="View Wagtail quick actions").click()
    page.get_by_role("menuitem", name="Edit this page").wait_for()
    assert watched.violations() == []
    watched.context.close()
