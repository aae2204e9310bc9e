"""The curators' side of the weekly email: every edition with its counts, a preview of the
HTML and plain text, a test sent to themselves, Send now / Pause / Resume / Cancel, progress
that updates while it sends, and the log of its recipients."""

import re
import uuid

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

import alongside.core.converters  # noqa: F401  (registers the "id" converter)

from . import compose, sending, tasks
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


def progress_of(edition) -> dict:
    """How far sending has got, from an edition `with_counts`: deliveries done (sent, failed
    or bounced) out of all of them."""
    total = sum(getattr(edition, f"{state}_count") for state in Delivery.State.values)
    done = edition.sent_count + edition.failed_count + edition.bounced_count
    return {
        "total": total,
        "done": done,
        "percent": done * 100 // total if total else 0,
        "polling": edition.status == Edition.Status.SENDING,
    }


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


def _edition(edition_id):
    return get_object_or_404(with_counts(Edition.objects.select_related("video")), pk=edition_id)


def _progress_context(viewset, edition) -> dict:
    return {
        "edition": edition,
        "progress": progress_of(edition),
        "progress_url": reverse(viewset.get_url_name("progress"), args=[edition.pk]),
        "edition_url": reverse(viewset.get_url_name("edition"), args=[edition.pk]),
    }


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
        self.edition = _edition(edition_id)
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
            html_preview=compose.for_the_archive(html),
            text_preview=compose.personalise(text, unsubscribe_url=str(sample_link)),
            action_url_name=self.viewset.get_url_name("action"),
            test_url=reverse(self.viewset.get_url_name("test"), args=[self.edition.pk]),
            # A new key each time the page is shown: a double click sends one test.
            test_request_key=uuid.uuid4().hex,
            recipients_url=reverse(self.viewset.get_url_name("recipients"), args=[self.edition.pk]),
            **_progress_context(self.viewset, self.edition),
            **kwargs,
        )


class EditionProgressView(EditionPermissionMixin, View):
    """The counts and the bar alone, which the edition page asks for every 2 seconds (htmx)
    while the edition is sending. Once it is not, the page reloads once (its buttons change)
    and asks no more."""

    viewset = None
    http_method_names = ["get"]

    def get(self, request, edition_id):
        edition = _edition(edition_id)
        response = TemplateResponse(
            request,
            "newsletter/admin/includes/progress.html",
            _progress_context(self.viewset, edition),
        )
        if request.headers.get("HX-Request") and edition.status != Edition.Status.SENDING:
            response["HX-Refresh"] = "true"
        add_never_cache_headers(response)
        return response


REQUEST_KEY = re.compile(r"[0-9a-f]{32}")


class EditionTestView(EditionPermissionMixin, View):
    """Send a test to yourself (POST): queued as a task, to the signed-in curator's own
    address, the message readers get with links that name nobody (emails.send_test_edition)."""

    viewset = None
    http_method_names = ["post"]

    def post(self, request, edition_id):
        edition = get_object_or_404(Edition, pk=edition_id)
        back = redirect(self.viewset.get_url_name("edition"), edition_id=edition.pk)
        if not request.user.email:
            admin_messages.error(
                request,
                _(
                    "Your account has no email address to send the test to. Add yours in "
                    "your account settings, then press the button again."
                ),
                buttons=[
                    admin_messages.button(reverse("wagtailadmin_account"), _("Account settings"))
                ],
            )
            return back
        request_key = request.POST.get("request_key", "")
        if not REQUEST_KEY.fullmatch(request_key):
            request_key = uuid.uuid4().hex
        tasks.send_test_edition.enqueue(
            edition_id=edition.pk, user_id=request.user.pk, request_key=request_key
        )
        messages.success(
            request,
            _(
                "A test is on its way to %(address)s. Its links work, but its unsubscribe link "
                "unsubscribes nobody, and it counts in none of this edition's numbers."
            )
            % {"address": request.user.email},
        )
        return back


class RecipientFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Address contains"),
        max_length=254,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state")), *Delivery.State.choices], required=False
    )


class RecipientPaginator(WagtailPaginator):
    verbose_name = _("recipient")
    verbose_name_plural = _("recipients")


class EditionRecipientsView(EditionPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who this edition went to and what happened to each: searchable by part of the address,
    filtered by state, a page of PER_PAGE at a time in a fixed number of queries. Curators see
    addresses here and nowhere else; they are never logged (the request log drops the query
    string)."""

    header_icon = "mail"
    template_name = "newsletter/admin/recipients.html"
    viewset = None
    PER_PAGE = 50

    def get_page_title(self):
        return _("Recipients")

    def get_page_subtitle(self):
        return self.edition.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.viewset.get_url_name("index")), "label": _("Weekly email")},
            {
                "url": reverse(self.viewset.get_url_name("edition"), args=[self.edition.pk]),
                "label": self.edition.subject,
            },
            {"url": "", "label": _("Recipients")},
        ]

    def get(self, request, edition_id):
        self.edition = get_object_or_404(Edition.objects.only("subject"), pk=edition_id)
        return super().get(request)

    def get_context_data(self, **kwargs):
        form = RecipientFilterForm(self.request.GET)
        deliveries = (
            Delivery.objects.filter(edition=self.edition)
            .select_related("subscriber")
            .only("state", "attempts", "sent_at", "last_error", "subscriber__email", "edition_id")
            .order_by("pk")
        )
        form.is_valid()  # a field that is not valid (a made-up state) filters nothing
        query = form.cleaned_data.get("q", "").strip()
        state = form.cleaned_data.get("state", "")
        if query:
            deliveries = deliveries.filter(subscriber__email__icontains=query)
        if state:
            deliveries = deliveries.filter(state=state)
        paginator = RecipientPaginator(deliveries, self.PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            edition=self.edition,
            form=form,
            filtering=bool(query or state),
            page_obj=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            edition_url=reverse(self.viewset.get_url_name("edition"), args=[self.edition.pk]),
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
        _("Sending has started. The worker sends it in batches; the counts below follow it."),
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
                "<id:edition_id>/progress/",
                EditionProgressView.as_view(viewset=self),
                name="progress",
            ),
            path(
                "<id:edition_id>/recipients/",
                EditionRecipientsView.as_view(viewset=self),
                name="recipients",
            ),
            path("<id:edition_id>/test/", EditionTestView.as_view(viewset=self), name="test"),
            path(
                "<id:edition_id>/<str:action>/",
                EditionActionView.as_view(viewset=self),
                name="action",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_edition_viewset():
    return EditionViewSet()
