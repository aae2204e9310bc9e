"""The Share block: the address without JavaScript, plain links to the share targets, and the
"Send to a friend" link inside it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://alongside.example"


def share_block(client, video):
    page = BeautifulSoup(client.get(video.url).content, "html.parser")
    return page.find("section", class_="share")


def test_the_address_is_shown_in_a_labelled_read_only_field(client, make_video):
    video = make_video("Finish line")
    block = share_block(client, video)
    field = block.find("input", id="share-url")
    assert field.has_attr("readonly")
    assert field["value"] == f"https://alongside.example{video.url}"
    assert block.find("label", attrs={"for": "share-url"}).text == "This video's address"


def test_plain_links_to_each_target_carry_the_address(client, make_video):
    video = make_video("Finish line & more")
    address = f"https://alongside.example{video.url}"
    anchors = share_block(client, video).select(".share__links a")
    links = {a.contents[0]: a["href"] for a in anchors}
    assert list(links) == [
        "Share by Email",
        "Share by WhatsApp",
        "Share by X",
        "Share by Facebook",
        "Share by LinkedIn",
    ]
    email = urlsplit(links["Share by Email"])
    assert email.scheme == "mailto" and "+" not in email.query
    assert parse_qs(email.query)["subject"] == ["Finish line & more"]
    assert address in parse_qs(email.query)["body"][0]
    hosts = {urlsplit(href).hostname for href in links.values()} - {None}
    assert hosts == {"wa.me", "x.com", "www.facebook.com", "www.linkedin.com"}
    assert all(address in str(parse_qs(urlsplit(href).query)) for href in links.values())
    # The web targets open in a new tab, say so, and get no handle on this page.
    for anchor in anchors[1:]:
        assert anchor["target"] == "_blank" and anchor["rel"] == ["noopener", "noreferrer"]
        assert anchor.find(class_="visually-hidden").text == " (opens in a new tab)"


def test_the_block_holds_the_send_to_a_friend_link_and_loads_its_script(client, make_video):
    video = make_video()
    html = client.get(video.url).content.decode()
    block = BeautifulSoup(html, "html.parser").find("section", class_="share")
    assert block.find("a", href=f"/send/{video.pk}/")
    assert html.count("Send this video to a friend") == 1
    assert '<script src="/static/js/forms.js" defer></script>' in html  # "Copy link"
    # Nothing from the share targets is loaded: their addresses are only in links.
    for host in ("wa.me", "x.com", "facebook.com", "linkedin.com"):
        assert f'src="https://{host}' not in html and f'src="https://www.{host}' not in html
