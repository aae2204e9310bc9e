"""The video pages curators publish, the index that lists them, and the topics that group them."""

import uuid
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from alongside.core.cache import PublicCacheMixin, page_versions, section_seconds
from alongside.core.models import ModerationMode

from . import selectors
from .forms import VideoPageForm, format_length
from .providers import Provider, UnsupportedVideoURL, VideoSource, parse_video_url

VIDEOS_PER_PAGE = 12
VIDEO_BODY_SECONDS = 600  # like the reflection list's: kept with the page cache on or off
# Apps that add a section to the video page (reflections, pledges) name a function here taking
# (video=, request=) and returning the context their section's template needs, in a fixed
# number of queries.
VIDEO_PAGE_SECTIONS: list[str] = [
    "alongside.reflections.selectors.video_page_context",
    "alongside.pledges.selectors.video_page_context",
]
# Functions returning {name: expression} of counts a section shows (reflections, pledges):
# routing annotates them onto the page, so they cost no query of their own.
VIDEO_PAGE_COUNTS: list[str] = [
    "alongside.reflections.selectors.count_annotations",
    "alongside.pledges.selectors.count_annotations",
]
STORY_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "blockquote"]


class Topic(models.Model):
    """A theme that groups videos, such as Kindness or Perseverance."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        allow_unicode=True,
        help_text=_("The topic's address: /videos/topics/<slug>/"),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class VideoIndexPage(PublicCacheMixin, RoutablePageMixin, Page):
    """Lists every video, newest first, with a browse page for each topic."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["discovery.HomePage"]
    subpage_types = ["videos.VideoPage"]
    max_count = 1

    class Meta:
        verbose_name = _("video index page")

    def paginate(self, request, videos):
        paginator = Paginator(videos, VIDEOS_PER_PAGE)
        try:
            return paginator.page(request.GET.get("page", 1))
        except Exception as error:  # EmptyPage or PageNotAnInteger: an unknown page is a 404
            raise Http404(_("No such page of videos.")) from error

    @path("")
    def all_videos(self, request):
        videos = selectors.live_videos(parent=self)
        context = {"videos": self.paginate(request, videos), "topics": selectors.topics()}
        return self.render(request, context_overrides=context)

    @path("topics/<str:slug>/", name="topic")
    def topic_videos(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        videos = selectors.live_videos(parent=self, topic=topic)
        context = {
            "videos": self.paginate(request, videos),
            "topics": selectors.topics(),
            "topic": topic,
        }
        return self.render(request, template="videos/topic_page.html", context_overrides=context)


class VideoPage(PublicCacheMixin, Page):
    """One curated video: where it plays, the story around it and three actions."""

    summary = models.CharField(
        _("one-line summary"),
        max_length=140,
        help_text=_("Shown under the title in lists and link previews."),
    )
    source_url = models.URLField(
        _("YouTube or Vimeo link"),
        blank=True,
        help_text=_("Paste the link from the video's Share button. Leave empty to upload a file."),
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("uploaded video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An MP4 or WebM file, used instead of a YouTube or Vimeo link."),
    )
    # Derived from source_url on every save; the embed is built from these at render time.
    provider = models.CharField(max_length=16, choices=Provider.choices, blank=True, editable=False)
    provider_video_id = models.CharField(max_length=32, blank=True, editable=False)
    provider_unlisted_hash = models.CharField(max_length=32, blank=True, editable=False)

    alternate_url = models.URLField(
        _("full version link"),
        blank=True,
        help_text=_("Optional: the full-length version or the original source."),
    )
    alternate_label = models.CharField(
        _("full version label"),
        max_length=80,
        blank=True,
        help_text=_("For example “Watch the full race”."),
    )
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Who made or published the video.")
    )
    duration = models.DurationField(
        _("duration"),
        null=True,
        blank=True,
        help_text=_("Minutes and seconds, for example 4:35."),
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("thumbnail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Leave empty to fetch the provider's thumbnail when the page is published. "
            "Choose an image to replace it."
        ),
    )
    story = RichTextField(
        _("story"),
        features=STORY_FEATURES,
        help_text=_("Set the scene, then stop where the video takes over."),
    )
    read_text = models.CharField(_("read: what to read"), max_length=200)
    read_url = models.URLField(_("read: link"))
    learn_text = models.CharField(_("learn: what to learn"), max_length=200)
    learn_url = models.URLField(_("learn: link"))
    act_title = models.CharField(
        _("act: the small act"), max_length=80, help_text=_("For example “Stand by someone today”.")
    )
    act_explanation = models.CharField(
        _("act: one line on how"),
        max_length=200,
        help_text=_("One line a viewer can act on today."),
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="videos")

    reflections_mode = models.CharField(
        _("reflections"),
        max_length=8,
        choices=ModerationMode.choices,
        blank=True,
        help_text=_("Leave empty to use the site's community settings."),
    )
    pledges_open = models.BooleanField(
        _("pledges open"), default=True, help_text=_("Untick to stop taking new pledges.")
    )
    pledge_goal = models.PositiveIntegerField(
        _("pledge goal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Optional: shows a progress bar toward this many pledges."),
    )
    pledge_follow_up_days = models.PositiveSmallIntegerField(
        _("ask “did you do it?” after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("source_url"),
                FieldPanel("video_file"),
                FieldPanel("duration"),
                FieldPanel("thumbnail"),
                FieldPanel("credit"),
                FieldRowPanel([FieldPanel("alternate_url"), FieldPanel("alternate_label")]),
            ],
            heading=_("Video"),
        ),
        FieldPanel("story"),
        MultiFieldPanel(
            [FieldPanel("read_text"), FieldPanel("read_url")], heading=_("Read about the person")
        ),
        MultiFieldPanel(
            [FieldPanel("learn_text"), FieldPanel("learn_url")], heading=_("Learn about the topic")
        ),
        MultiFieldPanel(
            [FieldPanel("act_title"), FieldPanel("act_explanation")], heading=_("Act today")
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    community_panels = [
        FieldPanel("reflections_mode"),
        MultiFieldPanel(
            [
                FieldPanel("pledges_open"),
                FieldPanel("pledge_goal"),
                FieldPanel("pledge_follow_up_days"),
            ],
            heading=_("Pledges"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(community_panels, heading=_("Community")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("story"),
        index.SearchField("act_title"),
        index.SearchField("act_explanation"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]
    base_form_class = VideoPageForm
    parent_page_types = ["videos.VideoIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("video page")

    @classmethod
    def route_queryset(cls, queryset):
        """How routing reads a video page: with its thumbnail and each section's counts."""
        return queryset.select_related("thumbnail").annotate(**cls.route_counts())

    @classmethod
    def route_counts(cls) -> dict:
        """Each section's counts, as annotations: all that a reflection or a pledge changes
        on the page itself, so routing reads only these again after one (core/routing.py)."""
        counts = {}
        for dotted_path in VIDEO_PAGE_COUNTS:
            counts |= import_string(dotted_path)()
        return counts

    def clean(self):
        super().clean()
        if bool(self.source_url) == bool(self.video_file_id):
            message = _("Give either a YouTube or Vimeo link or an uploaded file, not both.")
            if not self.source_url:
                message = _("Give a YouTube or Vimeo link, or upload a video file.")
            raise ValidationError({"source_url": message})
        if self.source_url:
            try:
                parse_video_url(self.source_url)
            except UnsupportedVideoURL as error:
                raise ValidationError({"source_url": str(error)}) from error
        if self.alternate_label and not self.alternate_url:
            raise ValidationError({"alternate_url": _("Add the link this label points to.")})
        if self.duration is not None and self.duration <= timedelta(0):
            raise ValidationError({"duration": _("Give the length in minutes and seconds.")})

    def save(self, *args, **kwargs):
        source = parse_video_url(self.source_url) if self.source_url else None
        self.provider = source.provider if source else ""
        self.provider_video_id = source.video_id if source else ""
        self.provider_unlisted_hash = source.unlisted_hash if source else ""
        super().save(*args, **kwargs)

    @cached_property
    def source(self) -> VideoSource | None:
        if not self.provider:
            return None
        return VideoSource(
            Provider(self.provider), self.provider_video_id, self.provider_unlisted_hash
        )

    @property
    def duration_display(self) -> str:
        """ "4:35" or "1:02:10", the way video players show lengths (and the admin form)."""
        return "" if self.duration is None else format_length(self.duration)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only if the parts of the page that show them are rendered, not found in the
        # cache (see `video_body_key`).
        around = SimpleLazyObject(self._topics_and_related)
        # Routing (alongside/core/routing.py) read the parent already; deferred, because the
        # template needs only the index's URL and routes, not its fields.
        parent = getattr(self, "route_parent", None) or self.get_parent()
        context.update(
            topics=SimpleLazyObject(lambda: around["topics"]),
            related_videos=SimpleLazyObject(lambda: around["related"]),
            thumbnail=self.thumbnail,
            video_index=parent.specific_deferred,
            # How long the sections (pledges, the weekly email's form; reflections decide
            # their own) may be kept whole: core.cache.section_seconds.
            section_seconds=section_seconds(request),
            **self._body_cache(request),
        )
        for dotted_path in VIDEO_PAGE_SECTIONS:
            context.update(import_string(dotted_path)(video=self, request=request))
        return context

    def _topics_and_related(self) -> dict:
        topics = list(self.topics.all())
        related = selectors.related_videos(video=self, topic_ids=[t.pk for t in topics])
        # The player's and the cards' renditions, in one query.
        selectors.attach_renditions(
            [self.thumbnail, *(video.thumbnail for video in related)],
            specs=selectors.PLAYER_RENDITIONS + selectors.CARD_RENDITIONS,
        )
        return {"topics": topics, "related": related}

    def _body_cache(self, request) -> dict:
        """How the page's own parts (story, actions, related videos) are kept rendered: under
        the site's version, since only publishing a page or changing a topic changes them.
        Previews show unsaved words and are never kept."""
        if getattr(request, "is_preview", False) or self.pk is None:
            return {"video_body_key": uuid.uuid4().hex, "video_body_seconds": 0}
        return {
            "video_body_key": f"{self.pk}-{page_versions(self.pk)[1]}",
            "video_body_seconds": VIDEO_BODY_SECONDS,
        }
