"""HTTP helpers for public views: cross-site protection for forms on cached pages (they carry no
CSRF token), and the pages behind links sent by email."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

SAME_SITE_VALUES = {"same-origin", "none"}


def is_cross_site(request) -> bool:
    """True when a browser says this POST came from another site.

    Browsers send `Sec-Fetch-Site` and `Origin` with every POST; a request with neither comes
    from a non-browser client, which a cross-site attacker cannot make a visitor's browser send.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in SAME_SITE_VALUES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    allowed = {request.get_host(), urlsplit(settings.SITE_URL).netloc}
    return urlsplit(origin).netloc not in allowed


def same_origin_post(view):
    """Refuse cross-site POSTs with a plain 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return HttpResponseForbidden("Forms on this site can only be sent from this site.")
        return view(request, *args, **kwargs)

    return wrapped


def emailed_link_page(request, template, context=None, status=200) -> TemplateResponse:
    """A page behind a link sent by email (confirm, unsubscribe, do-not-send): never cached, and
    the link, which carries its reader's token, never leaks as a referrer or into an index."""
    response = TemplateResponse(request, template, context or {}, status=status)
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
