"""Indexing videos written without `save()`, which Wagtail's background task never sees."""

from wagtail.search.backends import get_search_backend

from alongside.videos.models import VideoPage

BATCH = 500


def index_videos(videos=None) -> int:
    """Add or refresh the search entries of `videos` (a VideoPage queryset, all by default),
    a batch at a time, each batch's topics read in one query. Returns how many."""
    videos = (VideoPage.objects.all() if videos is None else videos).order_by("pk")
    backend = get_search_backend()
    pks = list(videos.values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = VideoPage.objects.filter(pk__in=pks[start : start + BATCH])
        backend.add_bulk(VideoPage, list(batch.prefetch_related("topics")))
    return len(pks)
