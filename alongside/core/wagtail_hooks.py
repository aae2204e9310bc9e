from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BlockedSender


class BlocklistViewSet(SnippetViewSet):
    model = BlockedSender
    icon = "warning"
    menu_label = _("Blocklist")
    menu_order = 400
    add_to_settings_menu = True
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


register_snippet(BlocklistViewSet)
