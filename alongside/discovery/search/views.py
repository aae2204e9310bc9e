"""The search page: /search/?q=words (decision 0070)."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from alongside.core.cache import patch_public_cache
from alongside.videos import selectors as video_selectors
from alongside.videos.models import VideoIndexPage

from .selectors import MOST_QUERY_CHARACTERS, search_videos

SUGGESTED_VIDEOS = 4


@require_GET
def search(request):
    query = request.GET.get("q", "")[:MOST_QUERY_CHARACTERS].strip()
    results = search_videos(query=query, page_number=request.GET.get("page"))
    found = results.page is not None and results.page.object_list
    context = {
        "query": query,
        "words": results.words,
        "results": results.page,
        "video_index": VideoIndexPage.objects.live().first(),
        "topics": [] if found else video_selectors.topics(),
        "newest_videos": [] if found or not query else _newest_videos(),
    }
    response = TemplateResponse(request, "discovery/search/search.html", context)
    return patch_public_cache(request, response)


def _newest_videos() -> list:
    return list(video_selectors.live_videos()[:SUGGESTED_VIDEOS])
