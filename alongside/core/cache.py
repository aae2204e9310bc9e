"""HTTP caching for public pages.

Pages that anonymous viewers see carry no cookie and no per-visitor token, so a shared cache
(nginx, a CDN) may keep them. See docs/decisions/0003-cacheable-pages.md.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control


def patch_public_cache(request, response):
    """Mark a page response public for anonymous viewers and private for everyone else."""
    is_anonymous = not request.user.is_authenticated
    if is_anonymous and response.status_code == 200 and not response.cookies:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.EDGE_CACHE_SECONDS)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


class PublicCacheMixin:
    """For Wagtail pages: anonymous views may be cached by a shared cache for a short while."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return patch_public_cache(request, response)
