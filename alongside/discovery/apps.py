from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "alongside.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self):
        from wagtail.signals import page_published

        from alongside.videos.models import VideoPage

        from . import signal_handlers

        page_published.connect(signal_handlers.tell_suggesters, sender=VideoPage)
