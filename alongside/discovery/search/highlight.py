"""Marking the searched words in text shown on the results page.

The text is escaped piece by piece and only our own <mark> tags are added, so nothing a
curator or a searcher typed is ever trusted as HTML."""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

EXCERPT_CHARACTERS = 220


def words_pattern(words: list[str]) -> re.Pattern | None:
    """Each word, at the start of a word, and the rest of that word: the prefixes SQLite
    matches and most of the plurals PostgreSQL's stemming matches."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text: str, words: list[str]) -> SafeString:
    pattern = words_pattern(words)
    if pattern is None:
        return escape(text)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[start : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        start = match.end()
    pieces.append(escape(text[start:]))
    return mark_safe("".join(pieces))  # every piece escaped above


def excerpt(rich_text: str, words: list[str]) -> str:
    """Plain text of a story around its first searched word, or "" when no word is in it."""
    text = " ".join(html.unescape(strip_tags(rich_text)).split())
    pattern = words_pattern(words)
    match = pattern.search(text) if pattern else None
    if match is None:
        return ""
    start = max(0, match.start() - EXCERPT_CHARACTERS // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + EXCERPT_CHARACTERS)
    end = text.find(" ", end) if text.find(" ", end) != -1 else len(text)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
