from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def two_step_urls():
    return [
        path("two-step/", views.overview, name="two_step_overview"),
        path("two-step/verify/", views.verify, name="two_step_verify"),
        path("two-step/set-up/", views.enrol, name="two_step_enrol"),
        path("two-step/turn-off/", views.turn_off, name="two_step_turn_off"),
    ]


@hooks.register("register_account_menu_item")
def two_step_menu_item(request):
    return {
        "url": reverse("two_step_overview"),
        "label": _("Two-step sign-in"),
        "help_text": _("Ask for a code from an app on your phone after your password."),
    }
