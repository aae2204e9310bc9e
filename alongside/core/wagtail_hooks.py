import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static
from django.utils.functional import classproperty
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import get_snippet_models, register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BlockedSender, ModerationAction, ModerationLogEntry
from .moderation import Moderated, log_moderation, moderate
from .permissions import ModerationLogPolicy


class BlocklistViewSet(SnippetViewSet):
    model = BlockedSender
    icon = "warning"
    menu_label = _("Blocklist")
    menu_order = 400
    add_to_settings_menu = True
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


class KindChoiceField(forms.ModelChoiceField):
    """Content types named as curators know them: "Kept story", not "pledges | kept story"."""

    def label_from_instance(self, obj):
        return capfirst(obj.name)


class KindFilter(django_filters.ModelChoiceFilter):
    field_class = KindChoiceField


class ModerationLogFilterSet(WagtailFilterSet):
    content_type = KindFilter(
        label=_("Kind"),
        queryset=lambda request: ContentType.objects.filter(
            pk__in=[
                ContentType.objects.get_for_model(model).pk
                for model in get_snippet_models()
                if issubclass(model, Moderated)
            ]
        ),
    )

    class Meta:
        model = ModerationLogEntry
        fields = ["action", "content_type"]


class ModerationLogViewSet(SnippetViewSet):
    model = ModerationLogEntry
    icon = "history"
    menu_label = _("Moderation log")
    add_to_settings_menu = True
    list_display = [
        "object_repr",
        Column("kind", label=_("Kind")),
        "action",
        # Actions the site takes on its own (the Akismet check) have no curator.
        UserColumn("actor", label=_("Done by"), blank_display_name=_("Automatic")),
        "reason",
        "created_at",
    ]
    filterset_class = ModerationLogFilterSet
    search_fields = ["object_repr", "reason"]
    inspect_view_enabled = True
    inspect_view_fields = ["object_repr", "content_type", "action", "actor", "reason", "created_at"]

    def get_queryset(self, request):
        return ModerationLogEntry.objects.select_related("actor")


register_permission_policy(ModerationLogEntry, ModerationLogPolicy(ModerationLogEntry))
register_snippet(BlocklistViewSet)
register_snippet(ModerationLogViewSet)


class ModerationBulkAction(SnippetBulkAction):
    """A curator action on selected submissions of any `Moderated` snippet model."""

    moderation_action = None
    template_name = "core/bulk_actions/confirm_moderation.html"
    description = ""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if issubclass(model, Moderated)]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_label=self.display_name, action_description=self.description, **kwargs
        )

    def get_execution_context(self):
        # Wagtail passes no user to execute_action; the log needs the curator who acted.
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return moderate(items=objects, action=cls.moderation_action, actor=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(action)s: %(count)d item.", "%(action)s: %(count)d items.", num_parent_objects
        ) % {"action": self.display_name, "count": num_parent_objects}


def moderation_action(action, *, priority, description, classes=()):
    return type(
        f"{action.name.title()}BulkAction",
        (ModerationBulkAction,),
        {
            "display_name": action.label,
            "action_type": f"moderation-{action.value}",
            "aria_label": action.label,
            "action_priority": priority,
            "moderation_action": action,
            "description": description,
            "classes": set(classes),
        },
    )


for bulk_action in (
    moderation_action(
        ModerationAction.APPROVE, priority=10, description=_("These will be published.")
    ),
    moderation_action(
        ModerationAction.REJECT, priority=20, description=_("These will be hidden from viewers.")
    ),
    moderation_action(
        ModerationAction.SPAM,
        priority=30,
        description=_("These will be hidden and kept as spam."),
        classes=["serious"],
    ),
    moderation_action(
        ModerationAction.BLOCK,
        priority=40,
        description=_(
            "These will be kept as spam, and their senders' addresses added to the blocklist."
        ),
        classes=["serious"],
    ),
):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("after_delete_snippet")
def log_deleted_submissions(request, instances):
    """Deleting from the admin (one or many) is a moderation action too: log it."""
    for instance in instances:
        if isinstance(instance, Moderated):
            log_moderation(item=instance, action=ModerationAction.DELETE, actor=request.user)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/css/admin.css"))
