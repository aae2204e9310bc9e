from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_control

from . import views
from .feeds import LatestVideosFeed
from .sitemaps import SITEMAPS

app_name = "discovery"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=600)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    # Before Wagtail's catch-all route: /videos/ itself is the video index page.
    path("videos/feed/", LatestVideosFeed(), name="videos_feed"),
]
