"""Thumbnails in our own media storage: fetched from the provider, or drawn locally.

Viewers never load an image from YouTube or Vimeo; we copy the provider's thumbnail once, in a
background task, and draw a placeholder when the provider cannot be reached.
"""

import hashlib
import json
import logging
import textwrap
from io import BytesIO
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, UnidentifiedImageError
from wagtail.images import get_image_model

from .providers import Provider, VideoSource

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (1280, 720)
MAX_THUMBNAIL_BYTES = 5 * 1024 * 1024
PLACEHOLDER_COLOURS = ("#2f5d62", "#5e3c58", "#3b5249", "#4a4e69", "#6b4f3a", "#31572c")


class ThumbnailUnavailable(Exception):
    """The provider did not give us a usable image."""


def _get(url: str) -> bytes:
    request = Request(url, headers={"User-Agent": "Alongside thumbnail fetcher"})
    with urlopen(request, timeout=settings.THUMBNAIL_FETCH_TIMEOUT) as response:
        body = response.read(MAX_THUMBNAIL_BYTES + 1)
    if len(body) > MAX_THUMBNAIL_BYTES:
        raise ThumbnailUnavailable(f"larger than {MAX_THUMBNAIL_BYTES} bytes")
    return body


def provider_thumbnail_urls(source: VideoSource) -> list[str]:
    """Where the provider publishes this video's thumbnail, largest first (one oEmbed call for
    Vimeo, which gives the size asked for). YouTube has `maxresdefault` (1280x720) only for
    videos uploaded in HD, and always `hqdefault` (480x360)."""
    if source.provider == Provider.YOUTUBE:
        usual = settings.YOUTUBE_THUMBNAIL_URL.format(video_id=source.video_id)
        return [usual.replace("/hqdefault.", "/maxresdefault."), usual]
    return [vimeo_thumbnail_url(source)]


def vimeo_thumbnail_url(source: VideoSource) -> str:
    query = urlencode({"url": source.watch_url, "width": THUMBNAIL_SIZE[0]})
    try:
        oembed = json.loads(_get(f"{settings.VIMEO_OEMBED_URL}?{query}"))
        return oembed["thumbnail_url"]
    except (ValueError, KeyError, TypeError) as error:
        raise ThumbnailUnavailable("Vimeo's oEmbed answer has no thumbnail") from error


def fetch_provider_thumbnail(source: VideoSource) -> bytes:
    """The provider's thumbnail as JPEG bytes; raises ThumbnailUnavailable on any failure."""
    try:
        urls = provider_thumbnail_urls(source)
    except OSError as error:  # Vimeo's oEmbed unreachable
        raise ThumbnailUnavailable(str(error)) from error
    failure = None
    for url in dict.fromkeys(urls):  # each once, largest first
        try:
            body = _get(url)
            with PILImage.open(BytesIO(body)) as picture:
                picture.load()
                return _as_jpeg(picture)
        except (OSError, UnidentifiedImageError) as error:  # URLError and timeouts: OSErrors
            failure = error
    raise ThumbnailUnavailable(str(failure)) from failure


def draw_placeholder(title: str, colour: str = "") -> bytes:
    """A calm 16:9 card with the title in white, as JPEG bytes."""
    if not colour:
        digest = hashlib.sha256(title.encode()).digest()
        colour = PLACEHOLDER_COLOURS[digest[0] % len(PLACEHOLDER_COLOURS)]
    picture = PILImage.new("RGB", THUMBNAIL_SIZE, colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=60)
    # Top-left, so the play button drawn over the middle of the poster never hides the title.
    margin, line_height = 72, 78
    for number, line in enumerate(textwrap.wrap(title, width=30)[:3]):
        draw.text((margin, margin + number * line_height), line, font=font, fill="white")
    return _as_jpeg(picture)


def _as_jpeg(picture) -> bytes:
    output = BytesIO()
    picture.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()


def save_thumbnail(*, title: str, data: bytes, filename: str):
    """Store JPEG bytes as a Wagtail image curators can find and reuse."""
    image = get_image_model()(title=title)
    image.file = ImageFile(BytesIO(data), name=filename)
    image.save()
    return image
