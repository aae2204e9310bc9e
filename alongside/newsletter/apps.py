from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "alongside.newsletter"
    label = "newsletter"
    verbose_name = _("Weekly email")

    def ready(self):
        from wagtail.signals import page_published

        from alongside.videos.models import VideoPage

        from . import bounces, signal_handlers  # noqa: F401 (bounces: anymail's receiver)

        page_published.connect(signal_handlers.make_edition, sender=VideoPage)
