"""Private pages (Wagtail's view restrictions), read once and kept in the cache.

Wagtail asks the database for a page's restrictions on every view, and `.public()` asks again
for listings. Restrictions change rarely: we keep the list in the cache and drop it whenever a
restriction is saved or deleted.
"""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

CACHE_KEY = "page-view-restrictions"


def all_restrictions() -> list[PageViewRestriction]:
    return cache.get_or_set(
        CACHE_KEY, lambda: list(PageViewRestriction.objects.select_related("page")), None
    )


def forget_restrictions() -> None:
    cache.delete(CACHE_KEY)


def restrictions_for(page) -> list[PageViewRestriction]:
    """The restrictions on `page` and its ancestors."""
    return [r for r in all_restrictions() if page.path.startswith(r.page.path)]


def exclude_restricted(pages):
    """A page queryset without the pages under any restriction (no query of its own)."""
    for restriction in all_restrictions():
        pages = pages.exclude(path__startswith=restriction.page.path)
    return pages
