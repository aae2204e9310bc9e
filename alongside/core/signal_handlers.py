from . import cache, sites


def invalidate_all_pages(sender, **kwargs):
    """Something every page shows changed (a page published or moved, a topic, a setting)."""
    cache.invalidate_all_pages()


def invalidate_all_pages_on_settings_change(sender, created=False, **kwargs):
    """Settings change what pages show; settings created with their defaults (on a page's
    first view) change nothing."""
    if not created:
        cache.invalidate_all_pages()


def invalidate_page_showing(sender, instance, **kwargs):
    """A row a page shows (a reflection, a pledge, a kept story) was saved or deleted, by a
    viewer, a service or a curator in the admin: that page's copies are stale."""
    page_id = instance.shown_on_page_id()
    if page_id is not None:
        cache.invalidate_page(page_id, section=instance.page_section)


def agree_default_site_on_migrate(sender, **kwargs):
    sites.agree_default_site_with_site_url()
