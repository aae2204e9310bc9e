from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "alongside.videos"
    label = "videos"
    verbose_name = "Videos"

    def ready(self):
        from wagtail.signals import page_published

        from . import signal_handlers
        from .models import VideoPage

        page_published.connect(signal_handlers.fetch_missing_thumbnail, sender=VideoPage)
