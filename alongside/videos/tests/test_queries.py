"""The number of SQL queries for a page does not grow with the number of videos."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Routing (alongside/core/routing.py): the site, the pages on the path, the video with its
# thumbnail and its sections' counts; then the pledge section's recent pledges and kept
# stories. (The page's view restrictions and the community settings come from the cache, and
# so do its own parts, story to related videos: rendering those reads the topics, the related
# videos and their renditions, three queries, only when the site has changed.)
VIDEO_PAGE_QUERIES = 5
HOME_PAGE_QUERIES = 9


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure rendering: the page cache would answer the second request without SQL."""
    settings.PAGE_CACHE_SECONDS = 0


def queries_for(client, url) -> int:
    client.get(url)  # the first view creates image renditions; measure a normal view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_video_page_query_count_is_fixed(client, make_video, topic):
    video = make_video("Main", topics=[topic])
    make_video("Second", topics=[topic])
    with_two = queries_for(client, video.url)
    for number in range(38):
        make_video(f"More {number}", topics=[topic] if number % 2 else [])
    with_forty = queries_for(client, video.url)
    assert (with_two, with_forty) == (VIDEO_PAGE_QUERIES, VIDEO_PAGE_QUERIES)


@pytest.mark.django_db
def test_home_page_query_count_is_fixed(client, make_video, topic):
    make_video("One", topics=[topic])
    make_video("Two")
    with_two = queries_for(client, "/")
    for number in range(38):
        make_video(f"More {number}", topics=[topic])
    with_forty = queries_for(client, "/")
    assert (with_two, with_forty) == (HOME_PAGE_QUERIES, HOME_PAGE_QUERIES)
