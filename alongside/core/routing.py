"""Find the page for a URL in three queries, whatever its depth.

Wagtail routes a URL by walking the tree one level at a time, two queries a level (the child,
then its specific row): five or more queries before a video page's own. Here the site is found
as Wagtail finds it, every page on the path is read in one query by `url_path`, and only the
deepest one's specific row is fetched. Sub-routes (a routable page's `topics/<slug>/`) and
anything unusual are left to Wagtail's own `route()`. The result goes where Wagtail's `serve`
view looks for it, so hooks (view restrictions) and serving stay Wagtail's.
"""

from django.http import Http404
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve


def serve(request, path):
    """Wagtail's page view, with the route found the short way."""
    request._wagtail_route_for_request = find_route(request, path)
    return wagtail_serve(request, path)


def find_route(request, path):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root_path = next(
        (root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk), None
    )
    if root_path is None:
        return None
    components = [component for component in path.split("/") if component]
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
    parent_path = prefixes[prefixes.index(deepest) - 1] if deepest != root_path else None
    # Templates link to the parent (a video's topics live on the index): no query for it.
    specific.route_parent = pages.get(parent_path)
    remaining = components[len(prefixes[: prefixes.index(deepest)]) :]
    try:
        return specific.route(request, remaining)
    except Http404:
        return None
