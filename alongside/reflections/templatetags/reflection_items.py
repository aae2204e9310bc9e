"""Each reflection is drawn once and kept: re-rendering a page of fifty after a new one is
posted draws the new one and joins the other forty-nine as they were.

A kept item is found under a key made from everything it shows (its words, name, dates and
replies, whether it is the viewer's own, whether reflections are closed, the page it is on), so
an edit, a reply or a curator's change makes a new key rather than a stale copy.
"""

import hashlib

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from alongside.core.fragment_cache import fragments as kept_fragments

register = template.Library()

ITEM_TEMPLATE = "reflections/includes/reflection.html"
ITEM_SECONDS = 600


@register.simple_tag(takes_context=True)
def reflection_items(context, reflections):
    """The list items of `reflections` (each with its visible replies), as ITEM_TEMPLATE
    renders them in this context."""
    fragments = kept_fragments()
    own = context.get("own_reflection_ids") or set()
    page = (context.get("reflections_closed"), context["reflections"].number)
    keys = [_item_key(reflection, own, page) for reflection in reflections]
    kept = fragments.get_many(keys)
    item_template = get_template(ITEM_TEMPLATE).template
    drawn = {}
    for key, reflection in zip(keys, reflections, strict=True):
        if key not in kept and key not in drawn:
            with context.push(reflection=reflection):
                drawn[key] = item_template.render(context)
    if drawn:
        fragments.set_many(drawn, ITEM_SECONDS)
    # Rendered by the item template, which escaped what people wrote.
    return mark_safe("".join(kept.get(key) or drawn[key] for key in keys))


def _item_key(reflection, own, page) -> str:
    shown = [page]
    for item in (reflection, *getattr(reflection, "visible_replies", ())):
        shown.append(
            (
                item.pk,
                item.parent_id,
                item.name,
                item.text_html,
                item.avatar_seed,
                item.created_at.isoformat(),
                item.edited_at.isoformat() if item.edited_at else "",
                item.pk in own,
            )
        )
    return "reflection-item:" + hashlib.sha256(repr(shown).encode()).hexdigest()
