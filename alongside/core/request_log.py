"""One log line per request, safe to keep: what was asked, the answer, and how long it took.

    GET /videos/the-finish-line/ 200 4.2ms cache=hit
    POST /pledges/stop/<token>/ 302 31.0ms cache=-

The line never holds an email address or what a form carried: no query string (links in emails
and forms sent by GET carry addresses and tokens there), no body, the tokens of links in emails
replaced by the name of their part, and any part of the path with an "@" in it left out.
`cache=` is the page cache's answer (`X-Page-Cache`: hit, stale, miss) or `-`.
"""

import logging
import time

logger = logging.getLogger("alongside.requests")

# Parts of an address that are secrets, by the name their URL pattern gives them.
SECRET_PARTS = ("token", "key")


class RequestLogMiddleware:
    """Outermost, so the time is the whole answer's, page cache included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        milliseconds = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s %s %.1fms cache=%s",
            request.method,
            loggable_path(request),
            response.status_code,
            milliseconds,
            response.get("X-Page-Cache", "-"),
        )
        return response


def loggable_path(request) -> str:
    """The request's path without its secrets (see the module's docstring)."""
    path = request.path
    match = request.resolver_match
    if match is not None:
        for name, value in match.kwargs.items():
            if any(part in name for part in SECRET_PARTS):
                path = path.replace(str(value), f"<{name}>")
    return "/".join("<email>" if "@" in part else part for part in path.split("/"))
