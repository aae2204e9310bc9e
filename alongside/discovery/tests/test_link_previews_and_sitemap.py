"""What other sites read: canonical links, Open Graph and Twitter tags, JSON-LD VideoObject,
sitemap.xml, robots.txt and the Atom feed of videos list exactly the live public videos."""

import json
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from wagtail.models import PageViewRestriction

from alongside.videos.models import Topic

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://alongside.example"


@pytest.fixture
def videos(make_video):
    """A public video, a view-restricted one and a draft."""
    courage = Topic.objects.create(name="Courage", slug="courage")
    public = make_video("Public <video> & more", topics=[courage])
    private = make_video("Private video", topics=[courage])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft = make_video("Draft video")
    draft.unpublish()
    return public, private, draft


def head_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def meta(head, name):
    tag = head.find("meta", property=name) or head.find("meta", attrs={"name": name})
    return tag and tag["content"]


def test_a_video_page_previews_with_its_title_summary_and_largest_thumbnail(client, videos):
    public, *_ = videos
    head = head_of(client, public.url)
    page_url = f"https://alongside.example{public.url}"
    assert head.find("link", rel="canonical")["href"] == page_url
    assert meta(head, "og:url") == page_url and meta(head, "og:type") == "video.other"
    assert meta(head, "og:title") == meta(head, "twitter:title") == "Public <video> & more"
    assert meta(head, "og:description") == public.summary
    image = meta(head, "og:image")
    assert image == f"https://alongside.example{public.thumbnail.file.url}"
    assert meta(head, "og:image:width") == str(public.thumbnail.width)
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "twitter:image") == image


def test_a_video_page_previews_its_new_title_once_published(
    client, videos, django_capture_on_commit_callbacks
):
    """The preview is kept with the video's body, and published changes redraw both."""
    public, *_ = videos
    assert meta(head_of(client, public.url), "og:title") == "Public <video> & more"
    public.title = "A new title"
    with django_capture_on_commit_callbacks(execute=True):
        public.save_revision().publish()
    client.cookies.clear()
    assert meta(head_of(client, public.url), "og:title") == "A new title"


def test_a_video_page_carries_a_video_object_safely_escaped(client, videos):
    public, *_ = videos
    page = client.get(public.url).content.decode()
    script = BeautifulSoup(page, "html.parser").head.find("script", type="application/ld+json")
    assert "<video>" not in script.string and "\\u003Cvideo\\u003E" in script.string
    data = json.loads(script.string)
    uploaded = datetime.fromisoformat(data.pop("uploadDate"))
    assert abs(uploaded - public.first_published_at) < timedelta(milliseconds=1)
    assert data == {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": "Public <video> & more",
        "description": public.summary,
        "url": f"https://alongside.example{public.url}",
        "thumbnailUrl": [f"https://alongside.example{public.thumbnail.file.url}"],
        "duration": "PT3M5S",
        "embedUrl": public.source.embed_url,
    }


def test_other_pages_have_a_canonical_link_and_no_video_object(client, videos):
    for path in ("/", "/videos/", "/videos/topics/courage/", "/videos/?page=1"):
        head = head_of(client, path)
        assert (
            head.find("link", rel="canonical")["href"]
            == "https://alongside.example" + (path.partition("?")[0])
        )
        assert head.find("script", type="application/ld+json") is None
    assert meta(head_of(client, "/videos/"), "og:title") == "All videos"


def test_views_other_than_pages_repeat_no_address(client, videos):
    """Some addresses carry a reader's own token (a pledge's links): no canonical link there."""
    head = head_of(client, "/search/?q=private")
    assert head.find("link", rel="canonical") is None and meta(head, "og:url") is None


def test_a_private_or_draft_video_shows_no_preview(client, videos):
    _, private, draft = videos
    private_page = client.get(private.url).content.decode()
    assert "og:title" not in private_page and "Private video" not in private_page
    assert client.get(draft.url).status_code == 404


def sitemap_entries(client) -> dict:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in root.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_the_main_pages_topics_and_exactly_the_public_videos(client, videos):
    public, *_ = videos
    Topic.objects.create(name="Empty", slug="empty")
    entries = sitemap_entries(client)
    assert sorted(entries) == sorted(
        [
            "https://alongside.example/",
            "https://alongside.example/videos/",
            "https://alongside.example/videos/topics/courage/",
            f"https://alongside.example{public.url}",
        ]
    )
    assert entries[f"https://alongside.example{public.url}"] == (
        public.last_published_at.date().isoformat()
    )


def test_the_sitemap_costs_the_same_queries_however_many_videos(
    client, make_video, django_assert_max_num_queries
):
    make_video("One")
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(10) as few:
        client.get("/sitemap.xml")
    for number in range(10):
        make_video(f"More {number}")
    with django_assert_max_num_queries(len(few)):
        assert len(sitemap_entries(client)) == 13


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: https://alongside.example/sitemap.xml",
    ]


def test_the_video_feed_lists_exactly_the_public_videos_and_is_announced(client, videos):
    public, *_ = videos
    response = client.get("/videos/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Public <video> & more"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"https://alongside.example{public.url}"
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.head.find("link", rel="alternate", href="/videos/feed/")["title"] == (
        "New videos on Alongside"
    )
    assert page.find("footer").find("a", href="/videos/feed/")
