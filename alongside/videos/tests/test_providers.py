import pytest

from alongside.videos.providers import Provider, UnsupportedVideoURL, parse_video_url

RECOGNISED = [
    ("https://www.youtube.com/watch?v=kZlXWp6vFdE", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    (
        "https://youtube.com/watch?feature=share&v=kZlXWp6vFdE&t=42s",
        Provider.YOUTUBE,
        "kZlXWp6vFdE",
        "",
    ),
    ("http://m.youtube.com/watch?v=kZlXWp6vFdE", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("https://youtu.be/kZlXWp6vFdE", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("https://youtu.be/kZlXWp6vFdE?si=abc&t=10", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("https://www.youtube.com/embed/kZlXWp6vFdE?start=3", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("https://www.youtube-nocookie.com/embed/kZlXWp6vFdE", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("https://www.youtube.com/shorts/aBcD_12-xYz", Provider.YOUTUBE, "aBcD_12-xYz", ""),
    (
        "https://www.youtube.com/live/aBcD_12-xYz?feature=shared",
        Provider.YOUTUBE,
        "aBcD_12-xYz",
        "",
    ),
    ("www.youtube.com/watch?v=kZlXWp6vFdE", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("  https://youtu.be/kZlXWp6vFdE  ", Provider.YOUTUBE, "kZlXWp6vFdE", ""),
    ("https://vimeo.com/22439234", Provider.VIMEO, "22439234", ""),
    ("https://www.vimeo.com/22439234#t=30s", Provider.VIMEO, "22439234", ""),
    ("https://vimeo.com/channels/staffpicks/22439234", Provider.VIMEO, "22439234", ""),
    ("https://vimeo.com/groups/shortfilms/videos/22439234", Provider.VIMEO, "22439234", ""),
    ("https://vimeo.com/showcase/1234567/video/22439234", Provider.VIMEO, "22439234", ""),
    (
        "https://player.vimeo.com/video/22439234?h=8272103f6e",
        Provider.VIMEO,
        "22439234",
        "8272103f6e",
    ),
    ("https://vimeo.com/22439234/8272103f6e", Provider.VIMEO, "22439234", "8272103f6e"),
]


@pytest.mark.parametrize("url, provider, video_id, unlisted_hash", RECOGNISED)
def test_recognises_usual_url_forms(url, provider, video_id, unlisted_hash):
    source = parse_video_url(url)
    assert (source.provider, source.video_id, source.unlisted_hash) == (
        provider,
        video_id,
        unlisted_hash,
    )


REJECTED = [
    ("https://dailymotion.com/video/x7u5", "Only YouTube and Vimeo"),
    ("https://www.youtube.com/", "does not point to a single video"),
    ("https://www.youtube.com/watch?v=short", "does not point to a single video"),
    ("https://www.youtube.com/@someone/videos", "does not point to a single video"),
    ("https://www.youtube.com/playlist?list=PL123", "does not point to a single video"),
    ("https://youtu.be/", "does not point to a single video"),
    ("https://vimeo.com/channels/staffpicks", "does not point to a single video"),
    ("not a url", "Only YouTube and Vimeo"),
    ("https://youtube.com.evil.example/watch?v=kZlXWp6vFdE", "Only YouTube and Vimeo"),
]


@pytest.mark.parametrize("url, message", REJECTED)
def test_rejects_other_urls_with_a_message(url, message):
    with pytest.raises(UnsupportedVideoURL, match=message):
        parse_video_url(url)


def test_youtube_embed_is_privacy_enhanced_and_autoplays():
    source = parse_video_url("https://youtu.be/kZlXWp6vFdE")
    assert source.embed_url.startswith("https://www.youtube-nocookie.com/embed/kZlXWp6vFdE?")
    assert "autoplay=1" in source.embed_url
    assert source.watch_url == "https://www.youtube.com/watch?v=kZlXWp6vFdE"


def test_vimeo_embed_keeps_the_unlisted_hash_and_asks_not_to_track():
    source = parse_video_url("https://vimeo.com/22439234/8272103f6e")
    assert source.embed_url.startswith("https://player.vimeo.com/video/22439234?")
    assert "h=8272103f6e" in source.embed_url and "dnt=1" in source.embed_url
    assert source.watch_url == "https://vimeo.com/22439234/8272103f6e"
