"""The curators' moderation queue. Bulk actions (approve, reject, spam, block) come from core."""

import django_filters
from django.db.models import Case, Value, When
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from alongside.core.admin_views import ModeratedViewSet, with_count_in_menu
from alongside.core.models import ModerationStatus
from alongside.core.permissions import NoAddingPolicy

from .models import Reflection


class ReflectionFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Written"), widget=DateRangePickerWidget
    )
    reported = django_filters.BooleanFilter(
        label=_("Reported"), field_name="report_count", lookup_expr="gt", method="filter_reported"
    )

    class Meta:
        model = Reflection
        fields = ["status", "video"]

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


class ReflectionViewSet(ModeratedViewSet):
    model = Reflection
    icon = "comment"
    menu_label = _("Reflections")
    menu_order = 200
    add_to_admin_menu = True
    filterset_class = ReflectionFilterSet
    list_display = [
        "name",
        Column(
            "text",
            label=_("Reflection"),
            accessor=lambda reflection: Truncator(reflection.text).chars(140),
            classname="prose",
        ),
        "video",
        "status",
        "report_count",
        "created_at",
    ]
    list_per_page = 50
    search_fields = ["name", "text"]
    # The queue's work first: reflections awaiting moderation, then the rest, newest first.
    ordering = [
        Case(When(status=ModerationStatus.PENDING, then=Value(0)), default=Value(1)),
        "-created_at",
        "-pk",
    ]
    # Addresses and IP addresses stay out of exports: they are kept to send mail, nothing else.
    list_export = ["video", "name", "text", "get_status_display", "report_count", "created_at"]
    export_headings = {"get_status_display": _("Status")}
    export_filename = "reflections"
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("text")], heading=_("Reflection")),
        FieldPanel("status"),
        FieldPanel("notify_replies"),
    ]

    @cached_property
    def menu_item_class(self):
        # Wagtail's item, shown only to curators with a permission on reflections, with the
        # number awaiting moderation.
        return with_count_in_menu(
            super().menu_item_class,
            count=lambda: Reflection.objects.filter(status=ModerationStatus.PENDING).count(),
        )


register_permission_policy(Reflection, NoAddingPolicy(Reflection))
register_snippet(ReflectionViewSet)
