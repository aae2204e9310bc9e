"""User text becomes safe HTML once, at write time."""

import pytest

from alongside.reflections.text import content_hash, initials, render_text

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "<b>unclosed <i>markup",
    '"><svg onload=alert(1)>',
    "[link](javascript:alert(1))",
    "<iframe src=https://evil.example></iframe>",
    'https://example.org/"onmouseover="alert(1)',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markup_and_scripts_render_inert(payload):
    html = render_text(payload)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "<iframe" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    # the only tags left are the ones we write ourselves
    for tag in ("<a ", "</a>", "<p>", "</p>", "<br>"):
        html = html.replace(tag, "")
    assert "<" not in html


def test_event_handler_in_a_url_stays_inside_the_escaped_href():
    html = render_text('https://example.org/"onmouseover="alert(1)')
    assert 'href="https://example.org/"' in html
    assert " onmouseover=" not in html


def test_paragraphs_and_line_breaks_are_kept():
    assert render_text("One\ntwo\n\n\nThree") == "<p>One<br>two</p><p>Three</p>"


def test_web_addresses_become_links_for_people_not_search_engines():
    html = render_text("Read https://en.wikipedia.org/wiki/Derek_Redmond. And www.example.org")
    assert (
        '<a href="https://en.wikipedia.org/wiki/Derek_Redmond" rel="nofollow ugc noopener">'
        "https://en.wikipedia.org/wiki/Derek_Redmond</a>." in html
    )
    assert (
        '<a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a>' in html
    )


def test_email_addresses_in_text_are_not_turned_into_links():
    assert "mailto:" not in render_text("write to me@example.org")


def test_markdown_is_not_interpreted():
    assert render_text("**bold** _it_") == "<p>**bold** _it_</p>"


def test_duplicates_are_spotted_whatever_the_spacing_and_case():
    assert content_hash("He kept going.") == content_hash("  he KEPT\n going. ")
    assert content_hash("He kept going.") != content_hash("He kept going!")


@pytest.mark.parametrize(
    "name, expected",
    [("Zoë O'Brien", "ZO"), ("李小龙", "李"), ("anne-marie", "AM"), ("🌻", "?"), ("Priya 🌻", "P")],
)
def test_avatar_initials(name, expected):
    assert initials(name) == expected
