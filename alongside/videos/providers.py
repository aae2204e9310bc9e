"""Recognise YouTube and Vimeo URLs and build their links and privacy-friendly embeds.

We store the provider and the video id, never a provider's embed HTML, and build the embed
at render time, so a provider changing its player never leaves stale markup behind.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"


class UnsupportedVideoURL(ValueError):
    """The URL is not one of the YouTube or Vimeo forms we recognise."""


YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
# Paths that carry the id as their second segment: /embed/ID, /shorts/ID, /live/ID, /v/ID.
YOUTUBE_ID_PATHS = {"embed", "shorts", "live", "v", "e"}

VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
VIMEO_ID = re.compile(r"^\d{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")

YOUTUBE_PLAYER_ORIGIN = "https://www.youtube-nocookie.com"
VIMEO_PLAYER_ORIGIN = "https://player.vimeo.com"
# Where embeds come from: the pages' Content-Security-Policy allows frames from these alone.
PLAYER_ORIGINS = (YOUTUBE_PLAYER_ORIGIN, VIMEO_PLAYER_ORIGIN)


@dataclass(frozen=True)
class VideoSource:
    provider: Provider
    video_id: str
    # Vimeo's unlisted videos need the hash from their share link to play.
    unlisted_hash: str = ""

    @property
    def watch_url(self) -> str:
        """The video's page on the provider's site (what a viewer without JavaScript opens)."""
        if self.provider == Provider.YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.video_id}"
        suffix = f"/{self.unlisted_hash}" if self.unlisted_hash else ""
        return f"https://vimeo.com/{self.video_id}{suffix}"

    @property
    def embed_url(self) -> str:
        """The player URL, inserted only after the viewer presses play."""
        if self.provider == Provider.YOUTUBE:
            query = urlencode({"autoplay": 1, "rel": 0})
            return f"{YOUTUBE_PLAYER_ORIGIN}/embed/{self.video_id}?{query}"
        params = {"autoplay": 1, "dnt": 1}
        if self.unlisted_hash:
            params["h"] = self.unlisted_hash
        return f"{VIMEO_PLAYER_ORIGIN}/video/{self.video_id}?{urlencode(params)}"


def parse_video_url(url: str) -> VideoSource:
    """Return the provider and id for any usual YouTube or Vimeo URL form.

    Raises UnsupportedVideoURL with a message a curator can act on.
    """
    raw = url.strip()
    if "://" not in raw:
        raw = f"https://{raw}"
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        return VideoSource(Provider.YOUTUBE, _youtube_id(host, segments, parts.query))
    if host in VIMEO_HOSTS:
        video_id, unlisted_hash = _vimeo_id(segments, parts.query)
        return VideoSource(Provider.VIMEO, video_id, unlisted_hash)
    raise UnsupportedVideoURL(
        _("Only YouTube and Vimeo links are supported; upload the file instead for other videos.")
    )


def _youtube_id(host: str, segments: list[str], query: str) -> str:
    if host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        candidate = parse_qs(query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in YOUTUBE_ID_PATHS:
        candidate = segments[1]
    else:
        candidate = ""
    if not YOUTUBE_ID.match(candidate):
        raise UnsupportedVideoURL(
            _(
                "This YouTube link does not point to a single video. Use the link from the "
                "video's Share button, like https://youtu.be/… or https://www.youtube.com/watch?v=…"
            )
        )
    return candidate


def _vimeo_id(segments: list[str], query: str) -> tuple[str, str]:
    # The id follows "video(s)" in /showcase/X/video/ID, /groups/X/videos/ID and
    # player.vimeo.com/video/ID; otherwise it is the first all-digit segment (/ID,
    # /channels/X/ID). An unlisted link adds /HASH after the id, or ?h=HASH.
    for marker in ("video", "videos"):
        if marker in segments:
            segments = segments[segments.index(marker) + 1 :]
            break
    for position, segment in enumerate(segments):
        if VIMEO_ID.match(segment):
            following = segments[position + 1] if position + 1 < len(segments) else ""
            if not VIMEO_HASH.match(following):
                following = parse_qs(query).get("h", [""])[0]
            return segment, following if VIMEO_HASH.match(following) else ""
    raise UnsupportedVideoURL(
        _("This Vimeo link does not point to a single video. Use a link like https://vimeo.com/…")
    )
