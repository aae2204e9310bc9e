from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"
    verbose_name = "Alongside core"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import signal_handlers
        from .exports import defuse_every_csv_export
        from .models import BlockedSender
        from .moderation import Moderated

        defuse_every_csv_export()
        # Task workers beat when they start a task (core/tasks.py: tasks whose worker died).
        from django_tasks_db.compat import task_finished, task_started

        from .tasks import start_beating, stop_beating

        task_started.connect(start_beating)
        task_finished.connect(stop_beating)
        post_migrate.connect(signal_handlers.agree_default_site_on_migrate, sender=self)
        # Publishing, unpublishing or moving a page changes the lists on other pages.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(signal_handlers.invalidate_all_pages)
        # One mechanism for every write that shows on a page, whoever makes it (a viewer, a
        # service, a task, a curator in the admin): the row's page, or every page for settings.
        for model in apps.get_models():
            if issubclass(model, Moderated):
                receiver = signal_handlers.invalidate_page_showing
            elif issubclass(model, BaseSiteSetting | BaseGenericSetting):
                receiver = signal_handlers.invalidate_all_pages_on_settings_change
            else:
                continue
            post_save.connect(receiver, sender=model)
            post_delete.connect(receiver, sender=model)
        # Topics appear on every page.
        for signal in (post_save, post_delete):
            signal.connect(signal_handlers.invalidate_all_pages, sender="videos.Topic")
            # A site's address or root page decides what every address shows.
            signal.connect(signal_handlers.invalidate_all_pages, sender="wagtailcore.Site")
            # A redirect replaces a "no such page" answer the cache may keep.
            signal.connect(signal_handlers.invalidate_all_pages, sender="wagtailredirects.Redirect")
            # Restrictions are kept under the site's version (core/privacy.py).
            signal.connect(signal_handlers.invalidate_all_pages, sender=PageViewRestriction)
            # So is the blocklist (core/guard.py).
            signal.connect(signal_handlers.invalidate_all_pages, sender=BlockedSender)
