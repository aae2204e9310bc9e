"""Two-step sign-in for curators: a code from an authenticator app (TOTP) after the password,
or one of ten single-use recovery codes. django-otp keeps the devices and checks the codes
(with its own growing delay after wrong ones); this module decides who needs which step."""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_CODE = re.compile(r"[0-9]{6}")


class Step:
    """What a signed-in curator must still do before the admin opens."""

    VERIFY = "verify"  # enter a code from their app, or a recovery code
    ENROL = "enrol"  # set up an app first: required and not done yet


def must_use_two_steps(user) -> bool:
    """Superusers must, when REQUIRE_2FA_FOR_SUPERUSERS is on; other curators may."""
    return user.is_superuser and settings.REQUIRE_2FA_FOR_SUPERUSERS


def uses_two_steps(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_step(user) -> str | None:
    """The step this signed-in user has yet to take, or None when the password is enough or
    the second step is done in this session (OTPMiddleware sets `is_verified`)."""
    if not user.is_authenticated or user.is_verified():
        return None
    if uses_two_steps(user):
        return Step.VERIFY
    if must_use_two_steps(user):
        return Step.ENROL
    return None


def pending_app(user) -> TOTPDevice:
    """The authenticator app being set up: the same secret until it is confirmed, so that
    reloading the page does not invalidate a code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def confirm_app(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn two-step sign-in on with `device` if `code` is its current one. Replaces any
    earlier app and recovery codes; returns the new recovery codes, shown once."""
    with transaction.atomic():
        if not device.verify_token(code):
            return None
        turn_off(device.user, keep=device)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        recovery = StaticDevice.objects.create(user=device.user, name="Recovery codes")
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes


def check_code(user, code: str):
    """The device that accepts `code` (six digits: the app; else a recovery code, used up
    by this check), or None. Only the device the code is meant for counts a wrong try, so
    a mistyped recovery code does not slow down the app's codes."""
    kind = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                return device
    return None


def wait_before_retry(user) -> bool:
    """True while django-otp's delay after wrong codes is running for this user's devices."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


def turn_off(user, *, keep: TOTPDevice | None = None) -> None:
    """Remove the user's apps and recovery codes (but `keep`)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=getattr(keep, "pk", None)).delete()
    StaticDevice.objects.filter(user=user).delete()


def qr_code_svg(device: TOTPDevice) -> str:
    """The app's setup link as an inline SVG QR code, drawn here: nothing leaves the site."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def secret_text(device: TOTPDevice) -> str:
    """The secret as apps ask for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
