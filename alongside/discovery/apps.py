from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "alongside.discovery"
    label = "discovery"
    verbose_name = "Discovery"
