"""Answers that belong to no page and no app."""

from pathlib import Path

from django.http import HttpResponse
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
