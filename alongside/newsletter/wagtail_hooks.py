"""The curators' side of the weekly email: every edition with its counts, a preview of the
HTML and plain text, and Send now / Pause / Resume / Cancel."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

import alongside.core.converters  # noqa: F401  (registers the "id" converter)

from . import compose, sending
from .models import Delivery, Edition

# Seeing and sending editions takes the permission to change them (superusers have it).
PERMISSIONS = ("change",)


def with_counts(editions):
    """Editions with how many deliveries are in each state, in the same query."""
    return editions.annotate(
        **{
            f"{state}_count": Count("deliveries", filter=Q(deliveries__state=state))
            for state in Delivery.State.values
        }
    )


class EditionPermissionMixin(PermissionCheckedMixin):
    model = Edition
    any_permission_required = PERMISSIONS


class EditionsMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(Edition)
        return policy.user_has_any_permission(request.user, PERMISSIONS)


class EditionIndexView(EditionPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Weekly email")
    header_icon = "mail"
    template_name = "newsletter/admin/index.html"
    viewset = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        editions = with_counts(Edition.objects.select_related("video")).order_by(
            "-created_at", "-pk"
        )
        return super().get_context_data(
            editions=editions, edition_url_name=self.viewset.get_url_name("edition"), **kwargs
        )


class EditionView(EditionPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"
    template_name = "newsletter/admin/edition.html"
    viewset = None

    def get_page_title(self):
        return self.edition.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.viewset.get_url_name("index")), "label": _("Weekly email")},
            {"url": "", "label": self.edition.subject},
        ]

    def get(self, request, edition_id):
        self.edition = get_object_or_404(
            with_counts(Edition.objects.select_related("video")), pk=edition_id
        )
        return super().get(request)

    def get_context_data(self, **kwargs):
        # What readers get (as sent, or as it would be sent now), without anyone's own link.
        html, text = (
            (self.edition.html_body, self.edition.text_body)
            if self.edition.started_at
            else compose.render_bodies(self.edition)
        )
        sample_link = _("(each reader's own unsubscribe link)")
        return super().get_context_data(
            edition=self.edition,
            html_preview=compose.for_the_archive(html),
            text_preview=compose.personalise(text, unsubscribe_url=str(sample_link)),
            action_url_name=self.viewset.get_url_name("action"),
            **kwargs,
        )


class EditionActionView(EditionPermissionMixin, View):
    """Send now, pause, resume or cancel (POST only); back to the edition with what happened."""

    viewset = None
    http_method_names = ["post"]

    def post(self, request, edition_id, action):
        if action not in ACTIONS:
            raise Http404
        edition = get_object_or_404(Edition, pk=edition_id)
        do, done = ACTIONS[action]
        if do(edition=edition):
            messages.success(request, done)
        else:
            messages.error(request, _("That cannot be done to this edition now."))
        return redirect(self.viewset.get_url_name("edition"), edition_id=edition.pk)


ACTIONS = {
    "send": (
        sending.start_sending,
        _("Sending has started. The worker sends it in batches; reload to see the counts."),
    ),
    "resume": (sending.start_sending, _("Sending resumed where it stopped.")),
    "pause": (
        sending.pause,
        _("Paused after the batch in hand. Nobody is skipped when you resume."),
    ),
    "cancel": (sending.cancel, _("Cancelled. Nobody else gets it.")),
}


class EditionViewSet(ViewSet):
    name = "weekly_email"
    icon = "mail"
    menu_label = _("Weekly email")
    menu_order = 320
    add_to_admin_menu = True
    menu_item_class = EditionsMenuItem

    def get_urlpatterns(self):
        return [
            path("", EditionIndexView.as_view(viewset=self), name="index"),
            path("<id:edition_id>/", EditionView.as_view(viewset=self), name="edition"),
            path(
                "<id:edition_id>/<str:action>/",
                EditionActionView.as_view(viewset=self),
                name="action",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_edition_viewset():
    return EditionViewSet()
