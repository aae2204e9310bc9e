from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "alongside.newsletter"
    label = "newsletter"
    verbose_name = _("Weekly email")

    def ready(self):
        from . import bounces  # noqa: F401 (anymail's bounce receiver)
