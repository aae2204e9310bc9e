from django import template

from alongside.discovery.search.highlight import excerpt, highlight

register = template.Library()


@register.filter(name="highlight")
def highlight_filter(text, words):
    """`{{ video.title|highlight:words }}`: the text escaped, the searched words marked."""
    return highlight(str(text), words)


@register.filter(name="story_excerpt")
def story_excerpt(rich_text, words):
    """The story around the first searched word, escaped and marked; "" if none is in it."""
    return highlight(excerpt(str(rich_text), words), words)
