"""Reads for video listings, each in a fixed number of queries whatever the number of videos."""

import copy
import threading
from collections import OrderedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

from alongside.core.cache import page_versions
from alongside.core.privacy import exclude_restricted

# Every thumbnail size a template asks for, so renditions can be fetched up front.
CARD_RENDITIONS = ("fill-480x270|format-webp",)
PLAYER_RENDITIONS = ("fill-640x360|format-webp", "fill-1280x720|format-webp")
RELATED_VIDEOS = 4
RELATED_CANDIDATES = 200


def with_card_thumbnails(videos: QuerySet) -> QuerySet:
    """Fetch each video's thumbnail and its card-sized renditions in two queries in all."""
    renditions = Rendition.objects.filter(filter_spec__in=CARD_RENDITIONS)
    return videos.select_related("thumbnail").prefetch_related(
        Prefetch("thumbnail__renditions", queryset=renditions)
    )


def with_card_images(videos: QuerySet) -> QuerySet:
    """Videos with their thumbnails joined, renditions left to `attach_renditions`."""
    return videos.select_related("thumbnail")


def public_videos() -> QuerySet:
    """The videos anyone may see: published, and under no view restriction (a password, a
    sign-in, a group). Every public surface (pages, lists, feeds, per-item pages) starts here,
    so a private or draft video never shows through one of them."""
    from .models import VideoPage

    return exclude_restricted(VideoPage.objects.live())


# The public videos each process has read for a form's POST, under the site's version read
# before the query. Whether a video is public, where it lives and how it takes reflections
# change only by publishing, unpublishing, moving, deleting or restricting a page, and each of
# those changes the site's version (core/apps.py). A reflection or pledge changes only the
# video's own version, so the busiest video is not read again after every post.
REMEMBERED_VIDEOS = 200
_remembered_videos: OrderedDict = OrderedDict()
_remembered_lock = threading.Lock()  # gunicorn's gthread workers take several posts at once


def public_video_or_404(video_id: int):
    """The public video with this id, for a form posted to it; Http404 if there is none."""
    version = page_versions(None)[1]
    known = _remembered_videos.get(video_id)
    if known is not None and known[0] == version:
        return copy.copy(known[1])  # attributes of its own per request
    video = public_videos().filter(pk=video_id).first()
    if video is None:
        raise Http404("No such video.")
    with _remembered_lock:
        _remembered_videos[video_id] = (version, video)
        _remembered_videos.move_to_end(video_id)
        while len(_remembered_videos) > REMEMBERED_VIDEOS:
            _remembered_videos.popitem(last=False)
    return copy.copy(video)


def live_videos(*, parent=None, topic=None) -> QuerySet:
    """Published, public videos, newest first, ready to render as cards."""
    videos = public_videos()
    if parent is not None:
        videos = videos.child_of(parent)
    if topic is not None:
        videos = videos.filter(topics=topic)
    return with_card_thumbnails(videos).order_by("-first_published_at", "-pk")


def related_videos(*, video, topic_ids: list[int]) -> list:
    """Other live videos: those sharing most topics with `video` first, then the newest.

    Chosen among the RELATED_CANDIDATES newest videos, so the cost of this one query stays
    the same however large the catalogue grows.
    """
    live = public_videos().exclude(pk=video.pk)
    candidates = live.order_by("-first_published_at", "-pk").values("pk")[:RELATED_CANDIDATES]
    shared = Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
    return list(
        with_card_images(live.filter(pk__in=candidates))
        .annotate(shared_topics=shared)
        .order_by("-shared_topics", "-first_published_at", "-pk")[:RELATED_VIDEOS]
    )


def image_with_renditions(*, image_id: int | None, specs: tuple[str, ...]):
    """One image with the given renditions prefetched, or None."""
    if image_id is None:
        return None
    return get_image_model().objects.prefetch_renditions(*specs).filter(pk=image_id).first()


def attach_renditions(images, specs: tuple[str, ...]) -> None:
    """Fetch the renditions of several images (already loaded) in one query, so that
    `{% image %}` finds them without a query of its own."""
    images = [image for image in images if image is not None]
    if not images:
        return
    by_id = {image.pk: image for image in images}
    found = {}
    for rendition in Rendition.objects.filter(image_id__in=by_id, filter_spec__in=specs):
        rendition.image = by_id[rendition.image_id]  # templates read it: no query for it
        found.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        image.prefetched_renditions = found.get(image.pk, [])


def topics() -> list:
    from .models import Topic

    return list(Topic.objects.all())
