from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each app that has demo content adds its loader here, in the order they depend on each other.
DEMO_LOADERS = [
    "alongside.videos.demo.load",
    "alongside.reflections.demo.load",
    "alongside.pledges.demo.load",
    "alongside.discovery.demo.load",
    "alongside.discovery.search.demo.load",
    "alongside.newsletter.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo site (home page, topics, videos). Running it again adds nothing twice."

    def handle(self, *args, **options):
        for dotted_path in DEMO_LOADERS:
            import_string(dotted_path)(stdout=self.stdout)
