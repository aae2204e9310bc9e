"""sitemap.xml: the home page, the video index, each topic and each live public video, with the
date each last changed. Addresses are on SITE_URL, not on the host a request came by."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from alongside.videos.models import Topic, VideoIndexPage
from alongside.videos.selectors import public_videos


class _SiteUrl:
    """The `site` Django's sitemaps ask for: only its domain is read."""

    def __init__(self, domain: str):
        self.domain = domain


class SiteUrlSitemap(Sitemap):
    def get_urls(self, page=1, site=None, protocol=None):
        site_url = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=_SiteUrl(site_url.netloc), protocol=site_url.scheme)


def page_path(page) -> str:
    return page.get_url_parts()[2]


def video_index():
    return VideoIndexPage.objects.live().public().first()


class MainPagesSitemap(SiteUrlSitemap):
    """The home page and the video index: each changes when a video is published."""

    def items(self):
        index = video_index()
        return [] if index is None else [index.get_parent().specific_deferred, index]

    def location(self, item):
        return page_path(item)

    def lastmod(self, item):
        if not hasattr(self, "_newest_video"):
            self._newest_video = public_videos().aggregate(newest=Max("last_published_at"))
        return max(filter(None, (item.last_published_at, self._newest_video["newest"])))


class TopicsSitemap(SiteUrlSitemap):
    """Each topic's page of videos, changed when its newest video was."""

    def items(self):
        self.index = video_index()
        if self.index is None:
            return []
        live = Q(videos__in=public_videos().values("pk"))
        return list(
            Topic.objects.annotate(lastmod=Max("videos__last_published_at", filter=live))
            .filter(lastmod__isnull=False)
            .order_by("slug")
        )

    def location(self, item):
        return page_path(self.index) + self.index.reverse_subpage("topic", args=[item.slug])

    def lastmod(self, item):
        return item.lastmod


class VideosSitemap(SiteUrlSitemap):
    def items(self):
        return public_videos().only("url_path", "path", "last_published_at").order_by("-pk")

    def location(self, item):
        return page_path(item)

    def lastmod(self, item):
        return item.last_published_at


SITEMAPS = {"pages": MainPagesSitemap, "topics": TopicsSitemap, "videos": VideosSitemap}
