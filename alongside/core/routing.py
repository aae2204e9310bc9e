"""Find the page for a URL in three queries, whatever its depth.

Wagtail routes a URL by walking the tree one level at a time, two queries a level (the child,
then its specific row): five or more queries before a video page's own. Here the site is found
as Wagtail finds it, every page on the path is read in one query by `url_path`, and only the
deepest one's specific row is fetched. Sub-routes (a routable page's `topics/<slug>/`) and
anything unusual are left to Wagtail's own `route()`. The result goes where Wagtail's `serve`
view looks for it, so hooks (view restrictions) and serving stay Wagtail's.

Each process also remembers the pages it routed, with the page cache's versions (core/cache.py)
read *before* the queries: until a write changes the page's version (a reflection, a pledge: the
counts come with the page) or the site's (publishing, moving, a restriction), its next view
finds it with no query at all. When only the page's version changed, its fields cannot have
(every change to them is a publish, which changes the site's version): a page that names its
counts (`route_counts`) has only those read again, in one query.
"""

import copy
import threading
from collections import OrderedDict

from django.http import Http404
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from .cache import page_versions
from .sites import remembered_site


def serve(request, path):
    """Wagtail's page view, with the route found the short way."""
    request._wagtail_route_for_request = find_route(request, path)
    return wagtail_serve(request, path)


def find_route(request, path):
    components = [component for component in path.split("/") if component]
    key = (request.get_host(), request.get_port(), tuple(components))
    known = _routed_pages.get(key)
    # The page's id from an earlier view lets its versions be read before the queries.
    versions = page_versions(known.page.pk) if known is not None else None
    specific = None
    if known is not None and known.versions == versions:
        specific = copy.copy(known.page)  # attributes of its own per request
    elif _only_counts_changed(known, versions):
        specific = _with_counts_read_again(known.page)  # None if it was deleted meanwhile
        if specific is not None:
            _remember(key, _RoutedPage(specific, versions))
            specific = copy.copy(specific)
    if specific is None:
        site = remembered_site(request)
        specific = _read_page(site, components) if site is not None else None
        if specific is None:
            return None
        _remember(key, _RoutedPage(specific, versions if known is not None else None))
        specific = copy.copy(specific)
    try:
        return specific.route(request, components[specific.depth_below_root :])
    except Http404:
        return None


def _read_page(site, components):
    """The deepest page on the path (live or not: `route` decides), specific, with its parent
    attached."""
    root_path = next(
        (root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk), None
    )
    if root_path is None:
        return None
    prefixes = [root_path] + [
        f"{root_path}{'/'.join(components[: depth + 1])}/" for depth in range(len(components))
    ]
    pages = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes)}
    deepest = next((prefix for prefix in reversed(prefixes) if prefix in pages), None)
    if deepest is None:
        return None
    page = pages[deepest]
    specific_model = page.specific_class
    if specific_model is None:
        return None
    queryset = specific_model.objects.filter(pk=page.pk)
    if hasattr(specific_model, "route_queryset"):
        queryset = specific_model.route_queryset(queryset)
    specific = queryset.first()
    if specific is None:
        return None
    depth = prefixes.index(deepest)
    # Templates link to the parent (a video's topics live on the index): no query for it.
    specific.route_parent = pages.get(prefixes[depth - 1]) if depth else None
    specific.depth_below_root = depth  # the path's components past it are the page's route
    return specific


def _only_counts_changed(known, versions) -> bool:
    return (
        known is not None
        and known.versions is not None
        and known.versions[1] == versions[1]  # the site's: nothing published or moved
        and hasattr(known.page, "route_counts")
    )


def _with_counts_read_again(page):
    """A copy of `page` with the counts `route_counts` names read again, or None if the page
    is gone (deleting one changes the site's version, but maybe not yet in this request)."""
    counts = type(page).objects.filter(pk=page.pk).values(**page.route_counts()).first()
    if counts is None:
        return None
    fresh = copy.copy(page)
    for name, value in counts.items():
        setattr(fresh, name, value)
    return fresh


class _RoutedPage:
    __slots__ = ("page", "versions")

    def __init__(self, page, versions):
        self.page = page
        self.versions = versions  # None: read after the queries, so never trusted


ROUTED_PAGES = 500
_routed_pages: OrderedDict = OrderedDict()
_routed_lock = threading.Lock()  # gunicorn's gthread workers route several requests at once


def _remember(key, routed: _RoutedPage) -> None:
    with _routed_lock:
        _routed_pages[key] = routed
        _routed_pages.move_to_end(key)
        while len(_routed_pages) > ROUTED_PAGES:
            _routed_pages.popitem(last=False)
