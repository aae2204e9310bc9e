"""The site's icon, at the address browsers try and the one pages link to; and the reflections
feeds, announced in every page's head and linked where people can see them."""

from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

pytestmark = pytest.mark.django_db

ICO_HEADER = b"\x00\x00\x01\x00"  # reserved, then type 1: an icon
SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("method", ["get", "head"])
def test_favicon_ico_is_an_icon_kept_long_and_served_without_the_database(
    client, django_assert_num_queries, method
):
    with django_assert_num_queries(0):
        response = getattr(client, method)("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response["Cache-Control"] == "public, max-age=2592000"  # 30 days
    assert not response.cookies
    if method == "get":
        assert response.content.startswith(ICO_HEADER)


def test_pages_carry_an_svg_icon(client, home):
    head = BeautifulSoup(client.get("/").content, "html.parser").head
    icon = head.find("link", rel="icon")
    assert icon["type"] == "image/svg+xml"
    scheme, _, svg = icon["href"].partition(",")
    assert scheme == "data:image/svg+xml"
    assert ElementTree.fromstring(unquote(svg)).tag == SVG


def feed_links(html: bytes) -> tuple[list, list]:
    """Feeds announced in the head (address, title), and the addresses of visible links."""
    soup = BeautifulSoup(html, "html.parser")
    announced = [
        (link["href"], link["title"])
        for link in soup.head.find_all("link", rel="alternate", type="application/atom+xml")
    ]
    visible = [link["href"] for link in soup.body.find_all("a", href=True)]
    return announced, visible


def test_the_site_feed_is_announced_and_linked_on_every_page(client, make_video):
    make_video("The Finish Line")
    for path in ("/", "/videos/", "/pledges/"):
        announced, visible = feed_links(client.get(path).content)
        assert ("/reflections/feed/", "Latest reflections on Alongside") in announced, path
        assert "/reflections/feed/" in visible, path
    assert client.get("/reflections/feed/")["Content-Type"].startswith("application/atom+xml")


def test_a_video_page_announces_its_own_feed_too(client, make_video):
    video = make_video("The Finish Line")
    announced, _ = feed_links(client.get(video.url).content)
    assert announced == [
        ("/videos/feed/", "New videos on Alongside"),
        ("/reflections/feed/", "Latest reflections on Alongside"),
        (f"/reflections/feed/video/{video.pk}/", "Reflections on “The Finish Line”"),
    ]
    feed = client.get(f"/reflections/feed/video/{video.pk}/")
    assert feed["Content-Type"].startswith("application/atom+xml")
