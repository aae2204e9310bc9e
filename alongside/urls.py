from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from alongside.core import routing

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("reflections/", include("alongside.reflections.urls")),
    path("pledges/", include("alongside.pledges.urls")),
    path("send/", include("alongside.discovery.friends.urls")),
    path("suggest/", include("alongside.discovery.suggestions.urls")),
    path("search/", include("alongside.discovery.search.urls")),
    path("newsletter/", include("alongside.newsletter.urls")),
    path("anymail/", include("anymail.urls")),  # bounce webhooks (alongside/newsletter/bounces.py)
    path("", include("alongside.discovery.urls")),  # robots.txt, sitemap.xml, /videos/feed/
    path("", include("alongside.core.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += [
    # Wagtail's serve view, with a shorter route to the page (alongside/core/routing.py).
    # Not "_util/…": Wagtail's own views there unlock password- and login-restricted pages.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
