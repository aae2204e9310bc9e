"""Reads for video listings, each in a fixed number of queries whatever the number of videos."""

from django.db.models import Count, Prefetch, Q, QuerySet
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

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
