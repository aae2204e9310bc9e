from . import editions


def make_edition(sender, instance, **kwargs):
    """Wagtail's `page_published` for a video (published now or by its schedule)."""
    editions.video_went_live(video=instance)
