"""Security headers: the same on a copy from the page cache as on a fresh render, the
Content-Security-Policy we intend on public pages and the admin's own under /admin/."""

import pytest
from django.test import Client

from alongside.core.tests.browser import add_reflections

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
PLAYERS = {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}


def directives(policy: str) -> dict[str, set[str]]:
    """A CSP header as {directive: {sources}}."""
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        parsed[name] = set(sources)
    return parsed


@pytest.fixture
def video(make_video):
    return make_video("Finish line")


def test_a_copy_from_the_cache_carries_every_security_header_of_a_fresh_render(video):
    miss, hit = Client().get(video.url), Client().get(video.url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        assert hit.get(header) == miss.get(header) is not None, header


def test_public_pages_run_only_our_own_scripts_and_frame_only_the_players(video):
    policy = directives(Client().get(video.url)["Content-Security-Policy"])
    assert policy == {
        "default-src": {"'none'"},
        "script-src": {"'self'"},
        "style-src": {"'self'"},
        "img-src": {"'self'", "data:"},
        "media-src": {"'self'"},
        "font-src": {"'self'"},
        "connect-src": {"'self'"},
        "frame-src": PLAYERS,
        "form-action": {"'self'"},
        "base-uri": {"'none'"},
        "frame-ancestors": {"'none'"},
    }
    assert "unsafe" not in str(policy)  # no 'unsafe-inline', no 'unsafe-eval'


def test_static_files_and_media_may_come_from_where_their_settings_point(video, settings):
    settings.STATIC_URL = "https://static.example.org/assets/"
    settings.MEDIA_URL = "https://media.example.org/alongside/"
    policy = directives(Client().get("/videos/")["Content-Security-Policy"])
    assert "https://static.example.org" in policy["script-src"] & policy["style-src"]
    assert "https://media.example.org" in policy["img-src"] & policy["media-src"]


def test_the_players_alone_may_autoplay_and_go_full_screen(video):
    features = dict(
        feature.split("=", 1)
        for feature in Client().get(video.url)["Permissions-Policy"].split(", ")
    )
    players = " ".join(f'"{origin}"' for origin in sorted(PLAYERS, reverse=True))
    assert features["fullscreen"] == features["autoplay"] == f"(self {players})"
    assert features["camera"] == features["microphone"] == features["geolocation"] == "()"


def test_the_admin_and_its_preview_may_be_framed_by_the_admin_alone(admin_client, video):
    for url in ("/admin/", f"/admin/pages/{video.pk}/edit/preview/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["frame-ancestors"] == {"'self'"}, url
        assert policy["object-src"] == {"'none'"}, url
        assert "Permissions-Policy" in response, url


def test_avatars_take_their_colour_from_a_class_not_an_inline_style(video):
    add_reflections(video, 3, replies_to_first=1)
    html = Client().get(video.url).content.decode()
    assert html.count('class="avatar avatar--hue-') == 4
    assert " style=" not in html
