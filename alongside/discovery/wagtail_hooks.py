"""The curators' queue of suggested videos, and a draft video page made from a suggestion."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.widgets.button import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from alongside.core.admin_views import with_count_in_menu
from alongside.core.permissions import NoAddingPolicy
from alongside.videos.models import VideoIndexPage

from .models import VideoSuggestion


class SuggestionFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Suggested"), widget=DateRangePickerWidget
    )

    class Meta:
        model = VideoSuggestion
        fields = ["status", "provider"]


class SuggestionViewSet(SnippetViewSet):
    model = VideoSuggestion
    icon = "media"
    menu_label = _("Suggested videos")
    menu_order = 210
    add_to_admin_menu = True
    filterset_class = SuggestionFilterSet
    list_display = [
        "source_url",  # the title column: it links to the suggestion and holds its buttons
        Column(
            "reason",
            label=_("Why it moved them"),
            accessor=lambda suggestion: Truncator(suggestion.reason).chars(140),
            classname="prose",
        ),
        "name",
        "status",
        "created_at",
        "video",
    ]
    list_per_page = 50
    search_fields = ["source_url", "reason", "name"]
    # The new ones first, then the rest, newest first.
    ordering = [
        Case(When(status=VideoSuggestion.Status.NEW, then=Value(0)), default=Value(1)),
        "-created_at",
        "-pk",
    ]
    inspect_view_enabled = True
    # The address is kept to send one email, nothing else: not shown, not exported.
    inspect_view_fields = ["source_url", "reason", "name", "status", "created_at", "video"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("source_url", read_only=True),
                FieldPanel("reason", read_only=True),
                FieldPanel("name", read_only=True),
            ],
            heading=_("Suggestion"),
        ),
        FieldPanel("status"),
    ]

    def get_queryset(self, request):
        # The "published as" column reads each row's video: joined, not a query per row.
        return VideoSuggestion.objects.select_related("video")

    @cached_property
    def menu_item_class(self):
        return with_count_in_menu(
            super().menu_item_class,
            count=lambda: VideoSuggestion.objects.filter(status=VideoSuggestion.Status.NEW).count(),
        )


suggestion_policy = NoAddingPolicy(VideoSuggestion)
register_permission_policy(VideoSuggestion, suggestion_policy)
register_snippet(SuggestionViewSet)


class DraftFromSuggestionView(CreateView):
    """Wagtail's own "new video page" form under the video index, with the suggestion's link
    filled in. The form posts to Wagtail's create view as usual."""

    def dispatch(self, request, suggestion_id: int):
        # Wagtail checks the permission to add the page; the suggestion needs its own.
        if not suggestion_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        self.suggestion = get_object_or_404(VideoSuggestion, pk=suggestion_id)
        index = VideoIndexPage.objects.order_by("path").first()
        if index is None:
            raise Http404("There is no video index to add the page under.")
        return super().dispatch(request, "videos", "videopage", index.pk)

    def get(self, request):
        self.page.source_url = self.suggestion.source_url
        return super().get(request)


@hooks.register("register_admin_urls")
def draft_from_suggestion_url():
    return [
        path(
            "suggested-videos/<int:suggestion_id>/draft/",
            DraftFromSuggestionView.as_view(),
            name="discovery_draft_from_suggestion",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def draft_button(snippet, user, next_url=None):
    if isinstance(snippet, VideoSuggestion) and snippet.video_id is None:
        yield ListingButton(
            _("Create a draft video page"),
            reverse("discovery_draft_from_suggestion", args=[snippet.pk]),
            icon_name="doc-empty-inverse",
            priority=5,
        )
