"""No page, page 2, feed, fragment or log line shows a reflection author's address."""

import hashlib
import logging

import pytest

from alongside.reflections.models import Reflection

from .conftest import reflection_post

pytestmark = pytest.mark.django_db

ADDRESSES = ["Ana.Lopez@Example.org", "ben+videos@example.net", "li.wei@例え.jp"]


def fingerprints(address):
    """The address and the hashes a careless site would expose (Gravatar's MD5, and so on)."""
    forms = {address, address.lower(), address.strip().lower()}
    found = set(forms)
    for form in forms:
        for algorithm in ("md5", "sha1", "sha256"):
            found.add(hashlib.new(algorithm, form.encode()).hexdigest())
    return found


def test_addresses_appear_nowhere_public(client, video, post, caplog):
    from .test_display import add_reflections

    add_reflections(video, 55)  # a page 2 exists
    caplog.set_level(logging.DEBUG)
    for number, address in enumerate(ADDRESSES):
        post(reflection_post(video, email=address, text=f"Thought {number}", notify_replies="on"))
    parent = Reflection.objects.get(text="Thought 0")
    post(reflection_post(video, email=ADDRESSES[1], text="A reply", parent=parent.pk))
    fragment = post(
        reflection_post(video, email=ADDRESSES[2], text="Through htmx"), HX_Request="true"
    )
    error_page = post(reflection_post(video, email=ADDRESSES[0], text=" "))
    client.cookies.clear()
    surfaces = {
        "page": client.get(video.url),
        "page 2": client.get(f"{video.url}?page=2"),
        "newest": client.get(f"{video.url}?order=newest"),
        "feed": client.get("/reflections/feed/"),
        "video feed": client.get(f"/reflections/feed/video/{video.pk}/"),
        "fragment": fragment,
        "home": client.get("/"),
        "report page": client.get(f"/reflections/{parent.pk}/report/"),
    }
    assert "Thought 2" in surfaces["page 2"].content.decode()  # the check looks at real text
    for name, response in surfaces.items():
        body = response.content.decode().lower()
        for address in ADDRESSES:
            for fingerprint in fingerprints(address):
                assert fingerprint.lower() not in body, f"{name} shows {address}"
    # The form re-shown to its own author keeps what they typed, and nothing else's.
    assert ADDRESSES[1] not in error_page.content.decode()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for address in ADDRESSES:
        assert address.lower() not in logged.lower()
