"""Admin views shared by the viewsets of moderated submissions (reflections, pledges, kept
stories): a listing that names what is selected and exports readable values, and an edit form
whose status changes are logged."""

import datetime

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from .moderation import STATUS_ACTION, moderate


class ModeratedIndexView(IndexView):
    """The listing: Wagtail's bulk-action bar would say "1 snippet selected"; this one names
    the rows ("1 reflection selected"). CSV cells read like the screen: "Yes", local times."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        bool: {IndexView.FORMAT_CSV: lambda value: _("Yes") if value else _("No")},
        datetime.datetime: {
            **IndexView.custom_value_preprocess[datetime.datetime],
            IndexView.FORMAT_CSV: lambda value: date_format(localtime(value), "Y-m-d H:i"),
        },
    }

    def get_context_data(self, **kwargs):
        opts = self.model._meta
        names = {"name": opts.verbose_name, "names": opts.verbose_name_plural}
        # The bulk-action script fills in %(objects)s itself.
        names["objects"] = "%(objects)s"
        return super().get_context_data(
            bulk_action_strings={
                "SINGULAR": _("1 %(name)s selected") % names,
                "PLURAL": _("%(objects)s %(names)s selected") % names,
                "ALL": _("All %(objects)s %(names)s on this screen selected") % names,
                "ALL_IN_LISTING": _("All %(names)s in listing selected") % names,
            },
            **kwargs,
        )


class ModeratedEditView(EditView):
    """An edit form that may change the status: a status set by hand is a moderation action
    like any other, so it goes through `moderate()` and into the log under the curator's name."""

    def save_instance(self):
        instance = super().save_instance()
        if "status" in self.form.changed_data:
            moderate(
                items=[instance], action=STATUS_ACTION[instance.status], actor=self.request.user
            )
        return instance


class ModeratedViewSet(SnippetViewSet):
    """Base for the viewsets of what viewers write."""

    index_view_class = ModeratedIndexView
    index_template_name = "core/moderated_index.html"
    edit_view_class = ModeratedEditView


def with_count_in_menu(menu_item_class, *, count):
    """A viewset's admin menu item that shows `count()` after its label when it is not zero,
    "Reflections (3)": the work waiting in a queue. `count` runs one query per admin page."""

    class CountedMenuItem(menu_item_class):
        def render_component(self, request):
            component = super().render_component(request)
            waiting = count()
            if waiting:
                component.label = f"{self.label} ({waiting})"
            return component

    return CountedMenuItem
