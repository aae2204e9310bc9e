"""The Atom feed of videos, newest first (/videos/feed/)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from alongside.core.mail import absolute_page_url, absolute_url
from alongside.videos.selectors import public_videos

FEED_LENGTH = 30


class LatestVideosFeed(Feed):
    feed_type = Atom1Feed
    title = _("Alongside: new videos")
    subtitle = _("Each new video, the story behind it and one small thing to do today.")

    def link(self):
        return absolute_url("/videos/")

    def items(self):
        return public_videos().order_by("-first_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_page_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
