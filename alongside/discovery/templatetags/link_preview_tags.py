from django import template

from alongside.discovery.link_preview import json_ld, page_preview, video_object
from alongside.videos.models import VideoPage

register = template.Library()


@register.inclusion_tag("discovery/includes/link_preview.html", takes_context=True)
def link_preview(context):
    """The canonical link, Open Graph and Twitter card tags of the page being rendered."""
    request = context.get("request")
    page = context.get("page")
    if not hasattr(page, "search_description"):  # not a Wagtail page: a paginator's, or none
        page = None
    preview = page_preview(page=page, path=request.path if request else "/")
    is_video = isinstance(page, VideoPage) and page.live
    return {"preview": preview, "video_json_ld": json_ld(video_object(page)) if is_video else ""}
