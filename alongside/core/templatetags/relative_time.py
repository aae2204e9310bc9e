"""How long ago something happened, in words: "just now", "5 minutes ago", "2 days ago"."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()

JUST_NOW = timedelta(minutes=1)


@register.filter
def ago(moment, now=None) -> str:
    """Within the first minute "just now" (Django's timesince would say "0 minutes")."""
    if moment is None:
        return ""
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment, now)}
