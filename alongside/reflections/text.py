"""Viewers' text, turned into safe HTML once when it is written and stored that way."""

import hashlib
import re
import unicodedata

from django.utils.html import escape

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# Punctuation that ends a sentence rather than a URL: "see https://example.org."
TRAILING = ".,;:!?)]}'\""


def render_text(text: str) -> str:
    """Paragraphs and line breaks kept, web addresses linked, everything else escaped."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    rendered = []
    for paragraph in paragraphs:
        lines = [_linkify(line) for line in paragraph.split("\n")]
        rendered.append(f"<p>{'<br>'.join(lines)}</p>")
    return "".join(rendered)


def _linkify(line: str) -> str:
    output, position = [], 0
    for match in URL.finditer(line):
        address = match.group(0).rstrip(TRAILING)
        end = match.start() + len(address)
        output.append(escape(line[position : match.start()]))
        href = address if "://" in address else f"https://{address}"
        output.append(f'<a href="{escape(href)}" rel="nofollow ugc noopener">{escape(address)}</a>')
        position = end
    output.append(escape(line[position:]))
    return "".join(output)


def normalise_text(text: str) -> str:
    """What counts as "the same text" for spotting duplicates: case, spacing and Unicode form
    aside."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()


def initials(name: str) -> str:
    """One or two letters for an avatar: "Zoë O'Brien" → "ZO", "李小龙" → "李"."""
    words = [word for word in re.split(r"[\s\-_.,]+", name) if word]
    letters = [word[0] for word in words[:2] if word[0].isalnum()]
    if letters and all(unicodedata.category(letter).startswith("Lo") for letter in letters):
        letters = letters[:1]  # scripts without case: one character reads better
    return "".join(letters).upper() or "?"
