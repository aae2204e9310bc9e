"""The curators' side: pledge and kept-story lists (with filters, CSV export and the shared
moderation bulk actions from core) and a chart per video, grouped under one menu item."""

import django_filters
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

import alongside.core.converters  # noqa: F401  (registers the "id" converter)
from alongside.core.admin_views import ModeratedViewSet
from alongside.core.moderation import ModerationStatus
from alongside.core.permissions import NoAddingPolicy
from alongside.videos.models import VideoPage

from . import selectors
from .chart import weekly_chart
from .models import PUBLIC_STATUSES, KeptStory, Pledge

STAGES = [
    ("unconfirmed", _("Not confirmed yet")),
    ("confirmed", _("Confirmed, not kept yet")),
    ("kept", _("Kept")),
]


class PledgeFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=STAGES, method="by_stage")
    video = django_filters.ModelChoiceFilter(
        label=_("Video"), queryset=VideoPage.objects.order_by("title")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ModerationStatus.choices)

    class Meta:
        model = Pledge
        fields = ["stage", "video", "status", "show_name"]

    def by_stage(self, queryset, name, value):
        if value == "unconfirmed":
            return queryset.filter(confirmed_at__isnull=True)
        if value == "confirmed":
            return queryset.filter(confirmed_at__isnull=False, kept_at__isnull=True)
        return queryset.filter(kept_at__isnull=False)


class KeptStoryFilterSet(WagtailFilterSet):
    video = django_filters.ModelChoiceFilter(
        label=_("Video"), field_name="pledge__video", queryset=VideoPage.objects.order_by("title")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ModerationStatus.choices)

    class Meta:
        model = KeptStory
        fields = ["video", "status"]


class PledgeViewSet(ModeratedViewSet):
    model = Pledge
    icon = "thumbtack"
    menu_label = _("Pledges")
    list_display = [
        "name",
        "video",
        Column("stage", label=_("Stage")),
        BooleanColumn("show_name", label=_("Name shown")),
        Column(
            "note",
            label=_("Note"),
            accessor=lambda pledge: Truncator(pledge.note).chars(140),
            classname="prose",
        ),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    filterset_class = PledgeFilterSet
    search_fields = ["name", "note"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    # Addresses stay out of listings and exports: they are kept to send mail, nothing else.
    list_export = [
        "video",
        "name",
        "show_name",
        "note",
        "get_status_display",
        "created_at",
        "confirmed_at",
        "kept_at",
        "follow_ups_sent",
    ]
    export_headings = {"get_status_display": _("Status")}
    export_filename = "pledges"
    inspect_view_enabled = True
    inspect_view_fields = [
        "video",
        "name",
        "show_name",
        "note",
        "status",
        "created_at",
        "confirmed_at",
        "kept_at",
        "not_yet_at",
        "emails_stopped_at",
        "follow_ups_sent",
    ]
    panels = [FieldPanel("name"), FieldPanel("show_name"), FieldPanel("note")]

    def get_queryset(self, request):
        return Pledge.objects.select_related("video")


class KeptStoryViewSet(ModeratedViewSet):
    model = KeptStory
    icon = "openquote"
    menu_label = _("Kept stories")
    list_display = [
        "text",
        Column("pledge", label=_("Pledge by")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Told")),
    ]
    filterset_class = KeptStoryFilterSet
    search_fields = ["text"]
    ordering = ["-created_at", "-pk"]
    list_export = [
        "pledge.video",
        "pledge.name",
        "pledge.show_name",
        "text",
        "get_status_display",
        "created_at",
    ]
    export_headings = {
        "pledge.video": _("Video"),
        "pledge.name": _("Name"),
        "pledge.show_name": _("Name shown"),
        "get_status_display": _("Status"),
    }
    export_filename = "kept-stories"
    inspect_view_enabled = True
    inspect_view_fields = ["pledge", "text", "status", "created_at"]
    panels = [FieldPanel("text")]

    def get_queryset(self, request):
        return KeptStory.objects.select_related("pledge__video")


# The charts count pledges of every video, drafts and private ones included: they need a
# permission on pledges (pledges.view_pledge or pledges.change_pledge), not just admin access.
CHART_PERMISSIONS = ("view", "change")


class ChartPermissionMixin(PermissionCheckedMixin):
    model = Pledge
    any_permission_required = CHART_PERMISSIONS


class ChartMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(Pledge)
        return policy.user_has_any_permission(request.user, CHART_PERMISSIONS)


class ChartIndexView(ChartPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Pledge charts")
    header_icon = "table"
    template_name = "pledges/admin/chart_index.html"
    viewset = None

    def get_breadcrumbs_items(self):
        # Without an item of its own, the header would show only "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        public = Q(pledges__confirmed_at__isnull=False, pledges__status__in=PUBLIC_STATUSES)
        # Drafts and unpublished videos collect no pledges; listing them only adds noise.
        videos = (
            VideoPage.objects.live()
            .annotate(
                pledged=Count("pledges", filter=public),
                kept=Count("pledges", filter=public & Q(pledges__kept_at__isnull=False)),
            )
            .order_by("-first_published_at", "-pk")
        )
        return super().get_context_data(
            videos=videos, chart_url_name=self.viewset.get_url_name("chart"), **kwargs
        )


class ChartView(ChartPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    template_name = "pledges/admin/chart.html"
    viewset = None
    weeks = 12

    def get_page_title(self):
        return _("Pledges per week")

    def get_page_subtitle(self):
        return self.video.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.viewset.get_url_name("index")),
                "label": ChartIndexView.page_title,
            },
            {"url": "", "label": self.video.title},
        ]

    def get(self, request, video_id):
        self.video = get_object_or_404(VideoPage, pk=video_id)
        return super().get(request)

    def get_context_data(self, **kwargs):
        bars = selectors.weekly_activity(video=self.video, weeks=self.weeks)
        pledges_url = reverse(PledgeViewSet().get_url_name("list"))
        return super().get_context_data(
            video=self.video,
            bars=bars,
            chart=weekly_chart(bars),
            totals=selectors.pledge_totals(video=self.video),
            pledges_url=f"{pledges_url}?video={self.video.pk}",
            **kwargs,
        )


class PledgeChartViewSet(ViewSet):
    name = "pledge_charts"
    icon = "table"
    menu_label = _("Charts")
    menu_item_class = ChartMenuItem

    def get_urlpatterns(self):
        return [
            path("", ChartIndexView.as_view(viewset=self), name="index"),
            path("<id:video_id>/", ChartView.as_view(viewset=self), name="chart"),
        ]


class PledgesGroup(SnippetViewSetGroup):
    menu_label = _("Pledges")
    menu_icon = "thumbtack"
    menu_order = 310
    items = (PledgeViewSet, KeptStoryViewSet, PledgeChartViewSet)


register_permission_policy(Pledge, NoAddingPolicy(Pledge))
register_permission_policy(KeptStory, NoAddingPolicy(KeptStory))
register_snippet(PledgesGroup)
