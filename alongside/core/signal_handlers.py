from django.db import transaction

from . import cache, guard, privacy, sites
from .models import community_settings_key


def invalidate_all_pages_on_commit(sender, **kwargs):
    transaction.on_commit(cache.invalidate_all_pages)


def forget_restrictions_on_commit(sender, **kwargs):
    """Restrictions changed, or pages moved under them: re-read them, redraw every page."""
    transaction.on_commit(privacy.forget_restrictions)
    transaction.on_commit(cache.invalidate_all_pages)


def forget_community_settings(sender, instance, **kwargs):
    transaction.on_commit(lambda: cache.cache.delete(community_settings_key(instance.site_id)))


def forget_blocklist_on_commit(sender, **kwargs):
    transaction.on_commit(guard.forget_blocklist)


def agree_default_site_on_migrate(sender, **kwargs):
    sites.agree_default_site_with_site_url()
