"""The number of SQL queries for a page does not grow with the number of videos."""

import pytest
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from alongside.core.cache import invalidate_page
from alongside.pledges.models import PLEDGE_LISTS

# A view right after a pledge changed the page, the most a busy page costs: routing
# (alongside/core/routing.py) reads only the video's sections' counts again, its fields being
# unchanged since it last read them (a publish changes the site's version); then the pledge
# section's recent pledges and kept stories; the reflections section is kept under a version
# of its own. (After a reflection the pledge section is kept: reflections/tests/test_display.py.)
# The site is remembered (core/sites.py); the page's view restrictions, the community settings
# and the page's own parts, story to related videos, come from the cache (rendering those reads
# the topics, the related videos and their renditions, three queries, only when the site has
# changed). A view of a page that has not changed since this process last rendered it makes
# none.
VIDEO_PAGE_QUERIES = 3
HOME_PAGE_QUERIES = 8


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure rendering: the page cache would answer the second request without SQL."""
    settings.PAGE_CACHE_SECONDS = 0


def queries_for(client, page, *, section=PLEDGE_LISTS) -> int:
    # The first view creates image renditions, and its routing read the page's versions after
    # the page; measure a view on a site in use.
    client.get(page.url)
    client.get(page.url)
    changed_by_a_write(page, section=section)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def changed_by_a_write(page, *, section=PLEDGE_LISTS) -> None:
    """What a pledge (or, with its section, a reflection) does to its page: new versions, in
    the cache once the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        invalidate_page(page.pk, section=section)


@pytest.mark.django_db
def test_video_page_query_count_is_fixed(client, make_video, topic):
    video = make_video("Main", topics=[topic])
    make_video("Second", topics=[topic])
    with_two = queries_for(client, video)
    for number in range(38):
        make_video(f"More {number}", topics=[topic] if number % 2 else [])
    with_forty = queries_for(client, video)
    assert (with_two, with_forty) == (VIDEO_PAGE_QUERIES, VIDEO_PAGE_QUERIES)


@pytest.mark.django_db
def test_a_page_unchanged_since_its_last_view_renders_without_sql(client, make_video, topic):
    video = make_video("Main", topics=[topic])
    make_video("Second", topics=[topic])
    queries_for(client, video)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(video.url).status_code == 200
    assert len(queries) == 0


@pytest.mark.django_db
def test_home_page_query_count_is_fixed(client, make_video, topic):
    make_video("One", topics=[topic])
    make_video("Two")
    home = Site.objects.get(is_default_site=True).root_page
    with_two = queries_for(client, home)
    for number in range(38):
        make_video(f"More {number}", topics=[topic])
    with_forty = queries_for(client, home)
    assert (with_two, with_forty) == (HOME_PAGE_QUERIES, HOME_PAGE_QUERIES)
