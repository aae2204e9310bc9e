"""Answers that belong to no page and no app."""

import os
from pathlib import Path

from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Browsers and feed readers ask for /favicon.ico whatever the page links to. Read once at start,
# so the answer needs neither the disk nor the database.
FAVICON = (Path(__file__).resolve().parent.parent / "static" / "favicon.ico").read_bytes()
# The address carries no version, so a changed icon must reach browsers in weeks, not never.
FAVICON_MAX_AGE = 30 * 24 * 60 * 60


@require_safe
def favicon(request):
    """The site's icon at the address browsers try first."""
    response = HttpResponse(FAVICON, content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={FAVICON_MAX_AGE}"
    return response


@never_cache
@require_safe
def healthz(request):
    """For load balancers: this process answers. Touches neither the database nor the cache."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    """For load balancers: whether this process can serve. 503 only when the database does
    not answer; a cache outage is reported but is not fatal, since pages then render."""
    checks = {"database": _database_state(), "cache": _cache_state()}
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unavailable"
    return "ok"


def _cache_state() -> str:
    if isinstance(cache, DummyCache):
        return "off"
    # The Redis cache answers a failure as a miss (core/resilient_cache.py): write, read back.
    key, value = f"readyz:{os.getpid()}", os.urandom(8).hex()
    try:
        cache.set(key, value, timeout=30)
        stored = cache.get(key)
    except Exception:  # any other backend failing: reported, never fatal
        return "unavailable"
    return "ok" if stored == value else "unavailable"
