"""Wagtail's Site record: kept in agreement with SITE_URL, the one base of absolute links, and
remembered by each process rather than read on every request."""

import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Site

from .cache import invalidate_all_pages, page_versions


def agree_default_site_with_site_url() -> None:
    """Give the default site SITE_URL's host and port, so that the links Wagtail builds from
    it (the admin's "View live", a page's full URL) go where the site is served. `migrate` and
    the demo loader call this; links in emails are built from SITE_URL directly."""
    url = urlsplit(settings.SITE_URL)
    port = url.port or (443 if url.scheme == "https" else 80)
    with transaction.atomic():
        changed = (
            Site.objects.filter(is_default_site=True)
            .exclude(hostname=url.hostname, port=port)
            .update(hostname=url.hostname, port=port)
        )
        if changed:  # update() sends no signal: every page's links change
            invalidate_all_pages()


# Addresses whose Site each process has found, with the site's version read before the query
# (saving a Site changes it): Wagtail would query for the site on every request.
REMEMBERED_ADDRESSES = 100
_remembered: dict = {}
_remembered_lock = threading.Lock()


def remembered_site(request) -> Site | None:
    """`Site.find_for_request`, without its query when this process has found the site for this
    address since the last change to a site; left where Wagtail looks for it afterwards."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _find_site(request)
    return request._wagtail_site


def _find_site(request) -> Site | None:
    # The address as Wagtail reads it (unchecked against ALLOWED_HOSTS, which Django's own
    # middleware enforces); an odd one costs a query, and the memory stays bounded.
    address = (split_domain_port(request._get_raw_host())[0], request.get_port())
    version = page_versions(None)[1]
    known = _remembered.get(address)
    if known is not None and known[0] == version:
        return known[1]
    site = Site._find_for_request(request)
    with _remembered_lock:
        if len(_remembered) >= REMEMBERED_ADDRESSES:
            _remembered.clear()
        _remembered[address] = (version, site)
    return site
