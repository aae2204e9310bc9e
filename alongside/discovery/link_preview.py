"""What a page tells the sites it is shared on: canonical address, Open Graph and Twitter card
tags, and for a video page a JSON-LD VideoObject (decision 0071)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from alongside.core.mail import absolute_page_url, absolute_url
from alongside.videos.models import VideoPage

DESCRIPTION_CHARACTERS = 200
# Inside <script>, these would let text end the element or start markup: written as escapes,
# as Django's json_script does.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_file_url(url: str) -> str:
    """A media file's link: already absolute when object storage serves media."""
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def page_preview(*, page, path: str) -> dict:
    """The tags' values for a Wagtail page. Other views get none: some addresses carry a
    reader's own token (a pledge's links), which a page must never repeat."""
    if page is None:
        return {}
    preview = {"url": absolute_url(path), "site_name": "Alongside"}
    summary = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")
    preview |= {
        "title": page.seo_title or page.title,
        "description": Truncator(summary).chars(DESCRIPTION_CHARACTERS),
        "type": "website",
    }
    if isinstance(page, VideoPage):
        preview |= {"type": "video.other", "image": largest_thumbnail(page)}
    return preview


def largest_thumbnail(video: VideoPage) -> dict | None:
    """The thumbnail's original file: the provider's largest image, or the one the curator
    chose. Renditions are no larger (Wagtail does not upscale), and reading one would cost the
    page a query; the original costs none (routing joins the thumbnail)."""
    image = video.thumbnail
    if image is None:
        return None
    return {"url": absolute_file_url(image.file.url), "width": image.width, "height": image.height}


def video_object(video: VideoPage) -> dict:
    """schema.org VideoObject with the properties video rich results require and recommend."""
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": video.summary,
        "uploadDate": video.first_published_at,
        "url": absolute_page_url(video),
    }
    thumbnail = largest_thumbnail(video)
    if thumbnail:
        data["thumbnailUrl"] = [thumbnail["url"]]
    if video.duration:
        data["duration"] = iso_8601_duration(video.duration)
    if video.source:
        data["embedUrl"] = video.source.embed_url
    elif video.video_file_id:
        data["contentUrl"] = absolute_file_url(video.video_file.url)
    return data


def iso_8601_duration(duration) -> str:
    """ "PT1H2M10S" for 1:02:10."""
    seconds = int(duration.total_seconds())
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return f"PT{parts}{seconds}S" if seconds or not parts else f"PT{parts}"


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
