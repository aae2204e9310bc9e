"""Writes on video pages that happen outside the page editor."""

import logging

from django.db import transaction

from alongside.core.cache import invalidate_all_pages

from .models import VideoPage
from .thumbnails import (
    ThumbnailUnavailable,
    draw_placeholder,
    fetch_provider_thumbnail,
    save_thumbnail,
)

logger = logging.getLogger(__name__)


def attach_thumbnail(*, page_id: int) -> None:
    """Give a video page without a thumbnail the provider's one, or a drawn placeholder.

    Safe to run twice: a page that has a thumbnail by now (fetched, or chosen by a curator
    meanwhile) is left alone.
    """
    page = VideoPage.objects.filter(pk=page_id, thumbnail__isnull=True).first()
    if page is None:
        return
    data = None
    if page.source is not None:
        try:
            data = fetch_provider_thumbnail(page.source)
        except ThumbnailUnavailable as error:
            logger.warning("Thumbnail for video page %s not fetched: %s", page_id, error)
    filename = f"{page.slug}.jpg"
    image = save_thumbnail(
        title=f"{page.title} (thumbnail)",
        data=data or draw_placeholder(page.title),
        filename=filename,
    )
    with transaction.atomic():
        updated = VideoPage.objects.filter(pk=page_id, thumbnail__isnull=True).update(
            thumbnail=image
        )
        if not updated:  # a curator chose one while we were fetching
            image.delete()
            return
        _add_thumbnail_to_latest_revision(page, image)
        # The thumbnail shows on the page and on every card of it (home, lists, related).
        transaction.on_commit(invalidate_all_pages)


def _add_thumbnail_to_latest_revision(page: VideoPage, image) -> None:
    # The editor opens the latest revision; without this the next publish would clear the
    # thumbnail we just attached and fetch it all over again.
    revision = page.latest_revision
    if revision is not None and not revision.content.get("thumbnail"):
        revision.content["thumbnail"] = image.pk
        revision.save(update_fields=["content"])
