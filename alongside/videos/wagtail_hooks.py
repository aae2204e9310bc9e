from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    ordering = ["name"]


register_snippet(TopicViewSet)
