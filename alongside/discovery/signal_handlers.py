"""Receivers for events Wagtail owns."""

from .suggestions import services as suggestions


def tell_suggesters(sender, instance, **kwargs):
    """A video page went live: the readers who suggested it hear so (once)."""
    suggestions.video_published(video=instance)
