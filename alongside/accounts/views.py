"""Setting up, taking and turning off the second step of signing in to the admin."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import two_step
from .forms import CodeForm


def _next_url(request) -> str:
    """Where to go once the step is done: the page asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("wagtailadmin_home")


def verify(request):
    """The second step: a code from the app, or a recovery code."""
    if two_step.pending_step(request.user) != two_step.Step.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = two_step.check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        if two_step.wait_before_retry(request.user):
            form.add_error("code", _("That code did not work. Wait a few seconds, then try again."))
        else:
            form.add_error(
                "code",
                _(
                    "That code did not work. Codes change every 30 seconds: check that the time "
                    "on your phone is right, or use one of your recovery codes."
                ),
            )
    return TemplateResponse(
        request, "accounts/verify.html", {"form": form, "next": _next_url(request)}
    )


def enrol(request):
    """Set up an authenticator app: scan (or type) the secret, confirm one code, then see the
    recovery codes once."""
    user = request.user
    if two_step.uses_two_steps(user) and not user.is_verified():
        # Someone with only the password must not replace the app that guards the account.
        return redirect(f"{reverse('two_step_verify')}?next={reverse('two_step_enrol')}")
    device = two_step.pending_app(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = two_step.confirm_app(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return TemplateResponse(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "code",
            _(
                "That code did not work. Enter the six digits your app shows now; if it keeps "
                "failing, check that the time on your phone is right."
            ),
        )
    return TemplateResponse(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_code": two_step.qr_code_svg(device),
            "secret": two_step.secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "required": two_step.must_use_two_steps(user),
            "next": _next_url(request),
        },
    )


def overview(request):
    """The curator's own page: whether two-step sign-in is on, and what they can change."""
    return TemplateResponse(
        request,
        "accounts/overview.html",
        {
            "is_on": two_step.uses_two_steps(request.user),
            "required": two_step.must_use_two_steps(request.user),
        },
    )


@require_POST
def turn_off(request):
    if two_step.must_use_two_steps(request.user):
        messages.error(request, _("Your account must use two-step sign-in; it stays on."))
    else:
        two_step.turn_off(request.user)
        messages.success(request, _("Two-step sign-in is off. Your password alone signs you in."))
    return redirect("two_step_overview")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once an account and address pair is paused (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
