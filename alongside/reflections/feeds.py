"""Atom feeds of published reflections: site-wide, and per video. Names only, never addresses."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from alongside.core.mail import absolute_page_url, absolute_url
from alongside.videos.selectors import public_videos

from .models import Reflection

FEED_LENGTH = 50


def latest_published():
    return (
        Reflection.objects.published()
        .filter(video__in=public_videos().values("pk"))
        .select_related("video")
        .order_by("-created_at", "-pk")
    )


class LatestReflectionsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Alongside: latest reflections")
    subtitle = _("What viewers wrote about this week's videos and the ones before.")

    def link(self):
        return absolute_url("/")

    def items(self):
        return latest_published()[:FEED_LENGTH]

    def item_title(self, item):
        return _("%(name)s on “%(video)s”") % {"name": item.name, "video": item.video.title}

    def item_description(self, item):
        return item.text_html

    def item_link(self, item):
        return f"{absolute_page_url(item.video)}#{item.anchor}"

    def item_author_name(self, item):
        return item.name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at


class VideoReflectionsFeed(LatestReflectionsFeed):
    def get_object(self, request, video_id):
        return get_object_or_404(public_videos(), pk=video_id)

    def title(self, obj):
        return _("Reflections on “%(video)s”") % {"video": obj.title}

    def link(self, obj):
        return absolute_page_url(obj)

    def items(self, obj):
        return latest_published().filter(video=obj)[:FEED_LENGTH]
