"""Wagtail's Site record, kept in agreement with SITE_URL, the one base of absolute links."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def agree_default_site_with_site_url() -> None:
    """Give the default site SITE_URL's host and port, so that the links Wagtail builds from
    it (the admin's "View live", a page's full URL) go where the site is served. `migrate` and
    the demo loader call this; links in emails are built from SITE_URL directly."""
    url = urlsplit(settings.SITE_URL)
    port = url.port or (443 if url.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).exclude(hostname=url.hostname, port=port).update(
        hostname=url.hostname, port=port
    )
