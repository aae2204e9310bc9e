"""Caching of public pages: HTTP headers for shared caches, and a whole-page cache in the app.

Pages that anonymous viewers see carry no cookie and no per-visitor token, so they can be kept
whole (docs/decisions/0003-cacheable-pages.md). A copy is kept with the versions it was
rendered from: its page's (reflections, pledges) and the site's (publishing, topics, settings).
Versions are read *before* rendering, so a write landing mid-render leaves a copy that is
already out of date, never one that looks current. A write changes a version inside its own
transaction (a `PageVersion` row) and copies it to the cache on commit; a version missing from
the cache is read from the database, so a lost or evicted version can never revive a stale copy
(docs/decisions/0032-page-cache-versions.md).

After a write, one request re-renders the page while the others get the previous copy; a page
that keeps changing is re-rendered at most once a grace period (`PAGE_CACHE_GRACE_SECONDS`),
so the cost of keeping it current does not grow with the rate of writes. The cache key holds
only the query parameters pages use. The cache itself may fail at any moment: every call here
degrades to rendering (see ResilientRedisCache).
"""

import re
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control

from . import resilient_cache

SITE_VERSION = "site"
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Vary", "Content-Language")
# The query parameters public pages read, with the values they accept. Anything else is left
# out of the cache key and of the request the page sees, so `?x=<random>` is a hit.
QUERY_PARAMETERS = {
    "page": re.compile(r"[0-9]{1,6}"),
    "order": re.compile(r"newest|oldest"),
    "reply_to": re.compile(r"[0-9]{1,18}"),
    "pledge": re.compile(r"[a-z_]{1,20}"),
}
# The parameters that only choose what a section shows (part of its key), and how long a
# section is kept rendered (see section_seconds).
SECTION_QUERY_PARAMETERS = {"page", "order"}
SECTION_SECONDS = 600
# The sections pages keep under versions of their own (see page_section).
_page_sections: set[str] = set()
# A version copied to the cache is trusted this long, then read from the database again: the
# longest a version bump lost between commit and cache can leave a page stale.
VERSION_CACHE_SECONDS = 5
# While another request re-renders, the previous copy is served if it is no older than this;
# past it (a renderer stuck or killed), requests render for themselves.
MAX_STALE_SECONDS = 2.0
RENDER_CLAIM_SECONDS = 10  # a claim outlives any render; a killed renderer's claim expires
# "No such page" answers are kept briefly (publishing a page changes the site's version), and
# only in each process's own bounded copies: made-up addresses must not fill the shared cache.
NOT_FOUND_SECONDS = 60


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
        # Before rendering: a write landing during the render must make this copy stale.
        version = page_versions(self.pk)[0]
        response = patch_public_cache(request, super().serve(request, *args, **kwargs))
        response.page_cache_id = self.pk
        response.page_cache_version = version
        return response


def _version_key(scope) -> str:
    return f"page-version:{scope}"


def invalidate_page(page_id: int, *, section: str = "") -> None:
    """Copies of this page (every query string of it) are stale once the current transaction
    commits. Call it inside the transaction that changes what the page shows. A `section` of
    the page kept under its own version (`section_version`) is stale too; the others are not."""
    _change_version(str(page_id))
    if section:
        _change_version(_section_scope(page_id, section))


def page_section(name: str) -> str:
    """Name a section of pages kept under a version of its own (see section_version), as the
    app owning it loads. A page's versions are read with its sections' in one round trip,
    before anything they cover: the counts routing reads must not be older than a section's
    version, or the section would be kept with an old count under a new version."""
    _page_sections.add(name)
    return name


def section_version(page_id: int, section: str) -> tuple:
    """What a kept rendering of one section of a page must match: its own version (changed
    only by writes to that section) and the site's."""
    scope = _section_scope(page_id, section)
    versions = _read_versions([scope, SITE_VERSION])
    return (versions[scope], versions[SITE_VERSION])


def section_seconds(request) -> int:
    """How long a section of a page (a video's reflections, pledges, the weekly email's form)
    may be kept rendered whole, under the versions it shows: on a plain GET it is the same for
    every viewer, its forms' tokens filled as the answer leaves (guard.FormTokenMiddleware).
    A form re-shown with someone's words (a POST), a notice after a redirect or a reply form
    (another query parameter) and a preview make a section of that one answer's own."""
    plain = (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and set(request.GET) <= SECTION_QUERY_PARAMETERS
    )
    return SECTION_SECONDS if plain else 0


def _section_scope(page_id: int, section: str) -> str:
    return f"{page_id}:{section}"


def invalidate_all_pages() -> None:
    """Copies of every page are stale once the current transaction commits."""
    _change_version(SITE_VERSION)


def _change_version(scope: str) -> None:
    from .models import PageVersion

    if (known := _versions_read_this_request.get()) is not None:
        known.pop(scope, None)  # this request reads the new one, once it is committed

    version = time.time_ns()
    PageVersion.objects.bulk_create(
        [PageVersion(scope=scope, version=version)],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["version"],
    )
    transaction.on_commit(
        lambda: cache.set(_version_key(scope), version, timeout=VERSION_CACHE_SECONDS)
    )


def page_versions(page_id) -> tuple:
    """(the page's version, the site's version): what a copy of the page must match.

    From the cache when it has them, else from the database (and then into the cache). A page
    not saved yet (a preview) or no page at all (a 404) has only the site's version."""
    if page_id is None:
        return (0, _read_versions([SITE_VERSION])[SITE_VERSION])
    sections = [_section_scope(page_id, section) for section in sorted(_page_sections)]
    versions = _read_versions([str(page_id), SITE_VERSION, *sections])
    return (versions[str(page_id)], versions[SITE_VERSION])


# The versions a request has read, so that it reads each once (the first read comes before
# anything it renders). Set by PageCacheMiddleware for every request.
_versions_read_this_request: ContextVar[dict | None] = ContextVar("page_versions", default=None)


# Small things every page reads that only a site-wide change alters (the view restrictions,
# the community settings): each process keeps them under the site's version, read before they
# are, so the change, which always changes the site's version in its own transaction, has them
# read again.
_site_wide: dict = {}


def kept_for_site_version(name: str, build):
    """`build()`, or what it gave when the site's version was the same as now."""
    version = page_versions(None)[1]
    known = _site_wide.get(name)
    if known is not None and known[0] == version:
        return known[1]
    value = build()
    _site_wide[name] = (version, value)
    return value


def _read_versions(scopes: list[str]) -> dict:
    known = _versions_read_this_request.get()
    if known is not None and all(scope in known for scope in scopes):
        return {scope: known[scope] for scope in scopes}
    versions = _read_shared_versions(scopes)
    if known is not None:
        known.update(versions)
    return versions


def _read_shared_versions(scopes: list[str]) -> dict:
    found = cache.get_many([_version_key(scope) for scope in scopes])
    versions = {scope: found.get(_version_key(scope)) for scope in scopes}
    missing = [scope for scope, version in versions.items() if version is None]
    if missing:
        from .models import PageVersion

        stored = dict(PageVersion.objects.filter(scope__in=missing).values_list("scope", "version"))
        for scope in missing:
            versions[scope] = stored.get(scope, 0)
            # `add`, not `set`: a newer version copied by a writer meanwhile must win.
            cache.add(_version_key(scope), versions[scope], timeout=VERSION_CACHE_SECONDS)
    return versions


def _is_cacheable(request) -> bool:
    # Any cookie means a curator, or a viewer with something of their own on the page.
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not request.headers.get("HX-Request")
        and _is_page_address(request.path_info)
    )


def _is_page_address(path: str) -> bool:
    """Whether Wagtail routes this address (other views, feeds and files are not kept here;
    a 404 here means "no such page", which only publishing can change)."""
    try:
        return resolve(path).url_name == "wagtail_serve"
    except Resolver404:
        return False


def _keep_known_query_parameters(request) -> str:
    """Leave in `request.GET` only the parameters pages read, a value they do not accept made
    empty (so that every such value is one page, answered as the page answers ""); return
    them as the query string of the cache key."""
    kept = sorted(
        (name, value if pattern.fullmatch(value) else "")
        for name, pattern in QUERY_PARAMETERS.items()
        if (value := request.GET.get(name)) is not None
    )
    query = urlencode(kept)
    request.GET = QueryDict(query)
    return query


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, without touching the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = _versions_read_this_request.set({})
        try:
            return self._serve(request)
        finally:
            _versions_read_this_request.reset(reading)

    def _serve(self, request):
        if not _is_cacheable(request):
            return self.get_response(request)
        query = _keep_known_query_parameters(request)
        key = f"page-cache:{request.get_host()}:{request.path}?{query}"
        current, previous = self._find(key)
        if current is not None:
            return _answer(current, "hit")
        if previous is not None and _fresh_within(previous, settings.PAGE_CACHE_GRACE_SECONDS):
            return _answer(previous, "stale")
        claimed = False
        if previous is not None:
            claimed = cache.add(f"{key}:render", 1, timeout=RENDER_CLAIM_SECONDS)
            # Not claimed: another request is rendering it, unless the cache is down (then
            # nobody can claim, and every request renders).
            if (
                not claimed
                and not resilient_cache.unavailable()
                and _fresh_within(previous, MAX_STALE_SECONDS)
            ):
                return _answer(previous, "stale")
        # Before routing: the copy shows what was true at this moment (or later).
        fresh_at = time.time()
        site_version = page_versions(None)[1]
        try:
            response = self.get_response(request)
            self._store(key, request, response, site_version, fresh_at)
        finally:
            if claimed:
                cache.delete(f"{key}:render")
        return response

    @staticmethod
    def _find(key):
        """(a current copy, None) or (None, the latest copy that is out of date, or None).

        This process's memory is looked at first (saving the transfer), then the shared
        cache; either way the versions are checked in the shared cache, at most once a grace
        period for a copy in memory (a copy checked less than that ago is as current as the
        grace asks: no round trip at all)."""
        previous = None
        local = _local_copies.get(key)
        if local is not None and time.monotonic() - local["kept_at"] <= local["seconds"]:
            if time.time() - local["checked_at"] < settings.PAGE_CACHE_GRACE_SECONDS:
                return local, None
            versions = page_versions(local["page_id"])
            if versions == local["versions"]:
                local["checked_at"] = time.time()
                return local, None
            previous = local | {"current": versions}
            if _fresh_within(local, settings.PAGE_CACHE_GRACE_SECONDS):
                return None, previous  # served as it is: no need to fetch a newer one yet
        shared = cache.get(key)
        if shared is not None and (local is None or shared["versions"] != local["versions"]):
            versions = page_versions(shared["page_id"])
            if versions == shared["versions"]:
                _keep_locally(
                    key, shared | {"kept_at": time.monotonic(), "checked_at": time.time()}
                )
                return shared, None
            previous = shared | {"current": versions}
        return None, previous

    @staticmethod
    def _store(key, request, response, site_version, fresh_at):
        if response.cookies or "public" not in response.get("Cache-Control", "public"):
            return
        page_id = getattr(response, "page_cache_id", None)
        if page_id is not None and response.status_code == 200:
            versions, seconds = (response.page_cache_version, site_version), None
        elif response.status_code == 404:
            versions, seconds = (0, site_version), NOT_FOUND_SECONDS
        else:
            return
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        entry = {
            "page_id": page_id,
            "versions": versions,
            "fresh_at": fresh_at,
            "status": response.status_code,
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            "seconds": seconds or settings.PAGE_CACHE_SECONDS,
        }
        if page_id is not None:
            cache.set(key, entry, timeout=entry["seconds"])
        _keep_locally(key, entry | {"kept_at": time.monotonic(), "checked_at": fresh_at})
        response["X-Page-Cache"] = "miss"


def _fresh_within(entry, seconds) -> bool:
    """Whether this copy's versions were read less than `seconds` ago."""
    return time.time() - entry.get("fresh_at", 0) < seconds  # copies kept before 2026-11-26 lack it


def _answer(entry, how: str) -> HttpResponse:
    response = HttpResponse(
        entry["content"], status=entry.get("status", 200), headers=entry["headers"]
    )
    response["X-Page-Cache"] = how
    return response


# Each process keeps the copies it served last, so a hit reads only two small version numbers
# from the shared cache rather than the whole page; they also stand in while the cache is down.
LOCAL_COPIES = 200
_local_copies: OrderedDict = OrderedDict()
_local_lock = threading.Lock()  # gunicorn's gthread workers serve several requests at once


def _keep_locally(key, entry) -> None:
    with _local_lock:
        _local_copies[key] = entry
        _local_copies.move_to_end(key)
        while len(_local_copies) > LOCAL_COPIES:
            _local_copies.popitem(last=False)
