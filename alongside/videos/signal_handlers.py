from functools import partial

from django.db import transaction

from .tasks import attach_thumbnail


def fetch_missing_thumbnail(sender, instance, **kwargs):
    """On publish, queue the thumbnail fetch: providers are slow or down, requests must not wait."""
    if instance.thumbnail_id is None:
        transaction.on_commit(partial(attach_thumbnail.enqueue, page_id=instance.pk))
