"""The second step of signing in, enforced (docs/decisions/0042-how-curators-sign-in.md)."""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .two_step import Step, pending_step

STEP_VIEWS = {Step.VERIFY: "two_step_verify", Step.ENROL: "two_step_enrol"}
# Admin pages a half-signed-in curator may open: the steps themselves, signing out, and what
# every admin page (the steps' too) loads: the translation script and the icons, which the
# admin's script would otherwise fetch as a redirect to the step and paste into the page.
OPEN_VIEWS = (
    *STEP_VIEWS.values(),
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)


class TwoStepSignInMiddleware:
    """Until a curator who needs a second step has taken it, admin pages send them to it and
    the rest of the site treats them as signed out (private pages and documents stay shut).
    Goes after django_otp's OTPMiddleware, which tells whether the step is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request.user)
        if step is None:
            return self.get_response(request)
        admin_home = reverse("wagtailadmin_home")
        if not request.path.startswith(admin_home):
            request.user = AnonymousUser()
            return self.get_response(request)
        if request.path in {reverse(name) for name in OPEN_VIEWS}:
            return self.get_response(request)
        next_url = request.get_full_path() if request.method == "GET" else admin_home
        return redirect(f"{reverse(STEP_VIEWS[step])}?{urlencode({'next': next_url})}")
