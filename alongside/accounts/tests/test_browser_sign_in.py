"""In a real browser, by keyboard alone: a superuser who must use
two-step sign-in sets it up at their first sign-in, and too many wrong passwords give a page
that says what happened. No request leaves the site; axe-core finds nothing at WCAG 2.2 AA."""

from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.tests.test_sign_in import PASSWORD, current_code
from alongside.core.tests.browser import DESKTOP, axe_violations, tab_to

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def live(transactional_db, live_server, django_user_model, settings):
    settings.REQUIRE_2FA_FOR_SUPERUSERS = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("curator", "", PASSWORD)
    return live_server.url


@pytest.fixture
def login_page(browser, live):
    """The sign-in page in a fresh browser, and every address it asks for from then on. The
    browser is closed before the live server stops, so no connection outlives the test."""
    context = browser.new_context(viewport=DESKTOP)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live}/admin/login/")
    yield page, requested
    context.close()


def type_password(page, password):
    tab_to(page, "#id_username")
    page.keyboard.type("curator")
    tab_to(page, "#id_password")
    page.keyboard.type(password)
    submit(page)


def submit(page):
    """Press Enter in a form and wait for the page that answers."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_setting_up_two_step_sign_in_by_keyboard(login_page, live):
    page, requested = login_page
    type_password(page, PASSWORD)
    assert urlsplit(page.url).path == "/admin/two-step/set-up/"
    assert page.locator("h1").inner_text() == "Set up two-step sign-in"
    assert page.locator("svg path").count() >= 1
    assert axe_violations(page) == []

    tab_to(page, "#id_code")
    page.keyboard.type(current_code(TOTPDevice.objects.get(confirmed=False)))
    submit(page)
    assert page.locator("h1").inner_text() == "Two-step sign-in is on"
    assert page.locator(".two-step-codes code").count() == 10
    assert axe_violations(page) == []

    tab_to(page, "main a.button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live}/admin/")
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(live).netloc}


def test_too_many_wrong_passwords_say_so(login_page, live):
    page, _ = login_page
    for _ in range(10):
        type_password(page, "not-it")
    assert page.locator("h1").inner_text() == "Too many tries"
    assert "wait 30 minutes" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    tab_to(page, "main a.button")
    submit(page)
    assert page.url == f"{live}/admin/login/"
