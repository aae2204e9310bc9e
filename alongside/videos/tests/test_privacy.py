"""A viewer's browser is sent to no third-party host before they press play."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

SITE_HOSTS = {None, "testserver"}
NOT_FETCHED = {"canonical", "alternate"}


class RequestedURLs(HTMLParser):
    """Collects every URL the browser would fetch while parsing the page (not links)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        for name in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        # Stylesheets, preloads and icons fetch; a canonical or alternate address does not.
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in NOT_FETCHED:
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


def third_party_urls(html: str) -> list[str]:
    parser = RequestedURLs()
    parser.feed(html)
    assert parser.urls, "the page should at least load our stylesheet and images"
    return [url for url in parser.urls if urlsplit(url).hostname not in SITE_HOSTS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source_url",
    ["https://www.youtube.com/watch?v=kZlXWp6vFdE", "https://vimeo.com/22439234"],
)
def test_video_page_loads_nothing_from_a_third_party(client, make_video, source_url):
    video = make_video(source_url=source_url)
    make_video("Another")  # a related video with its own thumbnail
    html = client.get(video.url).content.decode()
    assert third_party_urls(html) == []
    # the player's embed address is only data for the click handler, never a src
    assert 'data-embed-src="https://' in html
    assert "<iframe" not in html


def test_the_check_would_catch_an_embed(db):
    html = '<img src="/a.webp"><iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'
    assert third_party_urls(html) == ["https://www.youtube-nocookie.com/embed/x"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/videos/", "/videos/topics/kindness/", "VIDEO"])
def test_public_pages_set_no_cookie_and_may_be_cached(client, make_video, topic, path):
    video = make_video(topics=[topic])
    response = client.get(video.url if path == "VIDEO" else path)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=60" in cache_control


@pytest.mark.django_db
def test_pages_seen_by_a_curator_are_private(admin_client, make_video):
    video = make_video()
    cache_control = admin_client.get(video.url)["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control
