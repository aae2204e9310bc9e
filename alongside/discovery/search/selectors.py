"""Searching the public videos, in a fixed number of queries whatever the number of matches."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from alongside.videos.models import Topic
from alongside.videos.selectors import public_videos, with_card_thumbnails

RESULTS_PER_PAGE = 10
# The best matches a search ranks; past them a reader refines the words rather than pages on.
MOST_RESULTS = 200
MOST_WORDS = 8
MOST_QUERY_CHARACTERS = 200


@dataclass
class SearchResults:
    words: list[str]
    page: Page | None  # None when the query has no word to search for


def search_words(query: str) -> list[str]:
    """The words of a query, lowercased: punctuation, quotes and operators are dropped, so
    what reaches the full-text engine is only ever plain words."""
    return re.findall(r"\w+", query[:MOST_QUERY_CHARACTERS].lower())[:MOST_WORDS]


def search_videos(*, query: str, page_number) -> SearchResults:
    """Live public videos matching every word of `query`: the most relevant first, the newest
    first among equally relevant ones. Three queries: the match, the page's videos, their
    thumbnails' renditions (with topics, four)."""
    words = search_words(query)
    if not words:
        return SearchResults(words=[], page=None)
    matches = list(
        public_videos()
        .only("pk", "first_published_at")
        .search(" ".join(words), operator="and")
        .annotate_score("score")[:MOST_RESULTS]
    )
    paginator = Paginator(_newest_among_equals(matches), RESULTS_PER_PAGE)
    page = paginator.get_page(page_number)
    by_pk = {
        video.pk: video
        for video in with_card_thumbnails(public_videos())
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.all()))
        .filter(pk__in=page.object_list)
    }
    # A video unpublished between the two reads is left out rather than shown.
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return SearchResults(words=words, page=page)


def _newest_among_equals(matches) -> list[int]:
    """The matches' pks in the engine's order of relevance, newest first within a score.

    The engines order scores each their own way (SQLite's bm25 ascending, PostgreSQL's rank
    descending); equal scores sit together either way, so each run of them is sorted alone."""
    ranked = []
    rank, last_score = -1, object()
    for video in matches:
        if video.score != last_score:
            rank, last_score = rank + 1, video.score
        ranked.append((rank, -video.first_published_at.timestamp(), -video.pk, video.pk))
    return [pk for *_, pk in sorted(ranked)]
