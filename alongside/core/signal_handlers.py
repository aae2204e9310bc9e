from django.db import transaction

from . import cache


def invalidate_all_pages_on_commit(sender, **kwargs):
    transaction.on_commit(cache.invalidate_all_pages)
