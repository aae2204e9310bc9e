"""The home page: this week's video, the ones before it, and the topics to browse."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from alongside.core.cache import PublicCacheMixin
from alongside.videos import selectors
from alongside.videos.models import VideoIndexPage

RECENT_VIDEOS = 6


class HomePage(PublicCacheMixin, Page):
    """The site's root page."""

    tagline = models.CharField(
        _("tagline"),
        max_length=160,
        blank=True,
        help_text=_("One sentence under the site name saying what the site is for."),
    )

    content_panels = [*Page.content_panels, FieldPanel("tagline")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["videos.VideoIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = list(selectors.live_videos()[: RECENT_VIDEOS + 1])
        context.update(
            featured_video=latest[0] if latest else None,
            featured_thumbnail=selectors.image_with_renditions(
                image_id=latest[0].thumbnail_id if latest else None,
                specs=selectors.PLAYER_RENDITIONS,
            ),
            recent_videos=latest[1:],
            topics=selectors.topics(),
            video_index=VideoIndexPage.objects.child_of(self).live().first(),
        )
        return context
