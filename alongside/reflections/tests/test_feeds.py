import pytest
from defusedxml import ElementTree
from wagtail.models import Site

from alongside.reflections.services import post_reflection

from .test_display import write

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_list_published_reflections_with_names_only(client, make_video):
    video = make_video("The Finish Line")
    other = make_video("Another")
    post_reflection(
        video=video,
        name="Ana",
        email="ana@example.org",
        text="Shown",
        idempotency_key="1",
        mode="open",
    )
    post_reflection(
        video=video,
        name="Held",
        email="held@example.org",
        text="Held back",
        idempotency_key="2",
        mode="hold",
    )
    post_reflection(
        video=other,
        name="Cy",
        email="cy@example.org",
        text="Elsewhere",
        idempotency_key="3",
        mode="open",
    )
    site_feed = ElementTree.fromstring(client.get("/reflections/feed/").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in site_feed.iter(f"{ATOM}entry")]
    assert titles == ["Cy on “Another”", "Ana on “The Finish Line”"]
    assert site_feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}email") is None
    video_feed = client.get(f"/reflections/feed/video/{video.pk}/")
    assert video_feed["Content-Type"].startswith("application/atom+xml")
    entries = list(ElementTree.fromstring(video_feed.content).iter(f"{ATOM}entry"))
    assert [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in entries] == ["Ana"]
    assert "#reflection-" in entries[0].find(f"{ATOM}link").get("href")
    assert client.get("/reflections/feed/video/999999/").status_code == 404


def test_feed_links_are_site_url_and_the_page_path_with_several_wagtail_sites(
    client, settings, make_video, home
):
    settings.SITE_URL = "https://alongside.example"
    Site.objects.create(hostname="other.example", port=443, root_page=home.get_parent())
    video = make_video("The Finish Line")
    reflection = write(video, "Ana", "Shown")
    page = f"https://alongside.example/videos/{video.slug}/"
    feed = ElementTree.fromstring(client.get(f"/reflections/feed/video/{video.pk}/").content)
    assert feed.find(f"{ATOM}link").get("href") == page
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href") == f"{page}#{reflection.anchor}"
