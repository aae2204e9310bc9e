from django import template

from ..forms import SubscribeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def subscribe_form(context):
    """The form a view handed back with errors, or an empty one with a fresh token."""
    return context.get("subscribe_form") or SubscribeForm()
