"""Caching of public pages: HTTP headers for shared caches, and a whole-page cache in the app.

Pages that anonymous viewers see carry no cookie and no per-visitor token, so they can be kept
whole (docs/decisions/0003-cacheable-pages.md). A cached copy is valid while the page's version
and the site-wide version are the ones it was stored with: a write that changes one page (a new
reflection) bumps that page's version; publishing or moving any page bumps the site's.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

SITE_VERSION = "site"
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Vary", "Content-Language")


def patch_public_cache(request, response):
    """Mark a page response public for anonymous viewers and private for everyone else."""
    is_anonymous = not request.user.is_authenticated
    if (
        is_anonymous
        and response.status_code == 200
        and not response.cookies
        and not request.COOKIES
    ):
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.EDGE_CACHE_SECONDS)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


class PublicCacheMixin:
    """For Wagtail pages: anonymous views are public, and kept by the page cache."""

    def get_view_restrictions(self):
        from .privacy import restrictions_for

        return restrictions_for(self)

    def serve(self, request, *args, **kwargs):
        response = patch_public_cache(request, super().serve(request, *args, **kwargs))
        response.page_cache_id = self.pk
        return response


def _version_key(scope) -> str:
    return f"page-cache-version:{scope}"


# A version must outlive every copy stored under the version before it; copies live minutes
# (PAGE_CACHE_SECONDS), versions a day.
VERSION_SECONDS = 60 * 60 * 24


def invalidate_page(page_id: int) -> None:
    """Cached copies of this page (every query string of it) are stale from now on."""
    cache.set(_version_key(page_id), time.time_ns(), timeout=VERSION_SECONDS)


def invalidate_all_pages() -> None:
    cache.set(_version_key(SITE_VERSION), time.time_ns(), timeout=VERSION_SECONDS)


def page_versions(page_id: int) -> tuple:
    """The versions a cached copy of this page (or of a fragment of it) must match."""
    keys = [_version_key(page_id), _version_key(SITE_VERSION)]
    found = cache.get_many(keys)
    return tuple(found[key] if key in found else _start_version(key) for key in keys)


def _start_version(key: str) -> int:
    """A version that is missing (never set, evicted, the cache emptied) starts anew rather
    than at a fixed value, so copies stored under an earlier version can never match it."""
    version = time.time_ns()
    if cache.add(key, version, timeout=VERSION_SECONDS):
        return version
    return cache.get(key, version)  # another process started it first


def _is_cacheable(request) -> bool:
    # Any cookie means a curator, or a viewer with something of their own on the page.
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not request.headers.get("HX-Request")
    )


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, without touching the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable(request):
            return self.get_response(request)
        key = f"page-cache:{request.get_host()}:{request.get_full_path()}"
        entry = self._find(key)
        if entry is not None:
            response = HttpResponse(entry["content"], headers=entry["headers"])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        page_id = getattr(response, "page_cache_id", None)
        is_public = "public" in response.get("Cache-Control", "")
        if page_id and is_public and response.status_code == 200 and not response.cookies:
            self._store(key, page_id, response)
        return response

    def _find(self, key):
        """A valid copy: from this process's memory when it has one (saving the transfer),
        else from the shared cache; either way its versions are checked in the shared cache."""
        entry = _local_copies.get(key)
        if entry is None or time.monotonic() - entry["kept_at"] > settings.PAGE_CACHE_SECONDS:
            entry = cache.get(key)
            if entry is not None:
                entry = entry | {"kept_at": time.monotonic()}
        if entry is None or page_versions(entry["page_id"]) != entry["versions"]:
            with _local_lock:
                _local_copies.pop(key, None)
            return None
        _keep_locally(key, entry)
        return entry

    @staticmethod
    def _store(key, page_id, response):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        entry = {
            "page_id": page_id,
            "versions": page_versions(page_id),
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        }
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"


# Each process keeps the copies it served last, so a hit reads only two small version numbers
# from the shared cache rather than the whole page.
LOCAL_COPIES = 200
_local_copies: OrderedDict = OrderedDict()
_local_lock = threading.Lock()  # gunicorn's gthread workers serve several requests at once


def _keep_locally(key, entry) -> None:
    with _local_lock:
        _local_copies[key] = entry
        _local_copies.move_to_end(key)
        while len(_local_copies) > LOCAL_COPIES:
            _local_copies.popitem(last=False)
