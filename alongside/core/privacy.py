"""Private pages (Wagtail's view restrictions), read once per change and kept in memory.

Wagtail asks the database for a page's restrictions on every view, and `.public()` asks again
for listings. Restrictions change rarely, and every change to them (or a page moved under them)
changes the site's version (core/apps.py): each process keeps the list under that version.
"""

from wagtail.models import PageViewRestriction

from .cache import kept_for_site_version


def all_restrictions() -> list[PageViewRestriction]:
    return kept_for_site_version(
        "page-view-restrictions", lambda: list(PageViewRestriction.objects.select_related("page"))
    )


def restrictions_for(page) -> list[PageViewRestriction]:
    """The restrictions on `page` and its ancestors."""
    return [r for r in all_restrictions() if page.path.startswith(r.page.path)]


def exclude_restricted(pages):
    """A page queryset without the pages under any restriction (no query of its own)."""
    for restriction in all_restrictions():
        pages = pages.exclude(path__startswith=restriction.page.path)
    return pages
