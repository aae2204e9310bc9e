from django import template

from alongside.discovery.sharing import share_links

register = template.Library()


@register.simple_tag
def video_share_links(video):
    """`{% video_share_links page as share %}`: the address and the Share block's links."""
    return share_links(video)
