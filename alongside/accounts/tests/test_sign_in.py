"""How curators sign in: wrong passwords pause one account from one address, and a code from
an authenticator app (or a recovery code) after the password (decision 0042)."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts import two_step

PASSWORD = "a-long-curator-password-1"
HERE, ELSEWHERE = "203.0.113.5", "198.51.100.7"


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser("curator", "", PASSWORD)


def sign_in(client, username="curator", password=PASSWORD, **headers):
    headers.setdefault("REMOTE_ADDR", HERE)
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_ten_wrong_passwords_pause_the_account_from_that_address(client, curator):
    for _ in range(9):
        assert sign_in(client, password="not-it").status_code == 200
    assert sign_in(client, password="not-it").status_code == 429
    answer = sign_in(client)
    assert answer.status_code == 429
    assert "Too many tries" in answer.text
    assert "wait 30 minutes" in answer.text
    assert not is_signed_in(client)


def test_the_same_account_still_signs_in_from_elsewhere(client, curator):
    for _ in range(10):
        sign_in(client, password="not-it")
    other_place = Client()
    assert sign_in(other_place, REMOTE_ADDR=ELSEWHERE).url == "/admin/"
    assert is_signed_in(other_place)


def test_another_account_still_signs_in_from_the_paused_address(client, curator, django_user_model):
    django_user_model.objects.create_superuser("colleague", "", PASSWORD)
    for _ in range(10):
        sign_in(client, password="not-it")
    colleague = Client()
    assert sign_in(colleague, username="colleague").url == "/admin/"
    assert is_signed_in(colleague)


def test_behind_a_trusted_proxy_tries_count_per_viewer_address(client, curator, settings):
    """The address is the one the rest of the site uses (core.guard.client_ip)."""
    settings.TRUST_X_FORWARDED_FOR = True
    for _ in range(10):
        sign_in(client, password="not-it", HTTP_X_FORWARDED_FOR=HERE, REMOTE_ADDR="10.0.0.1")
    assert sign_in(client, HTTP_X_FORWARDED_FOR=HERE, REMOTE_ADDR="10.0.0.1").status_code == 429
    other_viewer = Client()
    answer = sign_in(other_viewer, HTTP_X_FORWARDED_FOR=ELSEWHERE, REMOTE_ADDR="10.0.0.1")
    assert answer.url == "/admin/"


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_SUPERUSERS = True


def test_a_superuser_must_set_up_the_second_step_before_any_admin_page(client, curator, required):
    assert sign_in(client).url == "/admin/"
    for page in ("/admin/", "/admin/pages/", "/admin/two-step/"):
        answer = client.get(page)
        assert answer.status_code == 302
        assert answer.url.startswith("/admin/two-step/set-up/?next=")


def test_setting_up_the_app_shows_the_code_as_svg_and_text_then_ten_recovery_codes(
    client, curator, required
):
    sign_in(client)
    page = client.get("/admin/two-step/set-up/?next=/admin/pages/")
    device = TOTPDevice.objects.get(user=curator, confirmed=False)
    assert "<svg" in page.text  # drawn here: no request to a third party
    assert two_step.secret_text(device) in page.text

    answer = client.post(
        "/admin/two-step/set-up/", {"code": current_code(device), "next": "/admin/pages/"}
    )
    assert answer.status_code == 200
    codes = answer.context["codes"]
    assert len(set(codes)) == 10
    assert all(code in answer.text for code in codes)
    assert TOTPDevice.objects.get(user=curator).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_turn_it_on(client, curator, required):
    sign_in(client)
    client.get("/admin/two-step/set-up/")
    device = TOTPDevice.objects.get(user=curator)
    answer = client.post("/admin/two-step/set-up/", {"code": wrong_code(device)})
    assert "That code did not work" in answer.text
    assert not TOTPDevice.objects.get(user=curator).confirmed
    assert client.get("/admin/").url.startswith("/admin/two-step/set-up/")


@pytest.fixture
def app(curator):
    """The curator's confirmed authenticator app; `app.recovery_codes` are theirs."""
    device = two_step.pending_app(curator)
    device.recovery_codes = two_step.confirm_app(device=device, code=current_code(device))
    # A code counts once: the next sign-in must wait for the app's next one.
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return device


def test_with_an_app_the_admin_asks_for_its_code_after_the_password(client, app):
    assert sign_in(client).url == "/admin/"
    assert client.get("/admin/pages/").url == "/admin/two-step/verify/?next=%2Fadmin%2Fpages%2F"
    answer = client.post(
        "/admin/two-step/verify/", {"code": current_code(app), "next": "/admin/pages/"}
    )
    assert answer.url == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_is_refused(client, app):
    sign_in(client)
    answer = client.post("/admin/two-step/verify/", {"code": wrong_code(app)})
    assert answer.status_code == 200
    assert "That code did not work" in answer.text
    assert client.get("/admin/").url.startswith("/admin/two-step/verify/")


def test_a_recovery_code_works_exactly_once(client, app):
    code = app.recovery_codes[0]
    sign_in(client)
    assert client.post("/admin/two-step/verify/", {"code": code.upper()}).url == "/admin/"
    assert client.get("/admin/").status_code == 200

    again = Client()
    sign_in(again)
    answer = again.post("/admin/two-step/verify/", {"code": code})
    assert "That code did not work" in answer.text
    assert again.get("/admin/").url.startswith("/admin/two-step/verify/")


def test_with_only_the_password_the_app_cannot_be_replaced(client, app):
    sign_in(client)
    assert client.get("/admin/two-step/set-up/").url.startswith("/admin/two-step/verify/")
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


def test_other_curators_may_turn_it_on_from_their_account(client, django_user_model, required):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", "", PASSWORD)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, username="editor")
    assert client.get("/admin/").status_code == 200  # optional for them
    assert "/admin/two-step/" in client.get("/admin/account/").text

    client.get("/admin/two-step/set-up/")
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-step/set-up/", {"code": current_code(device)})
    assert two_step.uses_two_steps(editor)

    client.post("/admin/two-step/turn-off/")
    assert not two_step.uses_two_steps(editor)
