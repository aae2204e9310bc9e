"""The video page's queries do not grow with its pledges: the same with 10 and 10,000."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.core.cache import page_versions, section_version
from alongside.core.moderation import ModerationStatus
from alongside.pledges.models import PLEDGE_LISTS, KeptStory, Pledge
from alongside.pledges.selectors import video_page_context
from alongside.videos.tests.test_queries import VIDEO_PAGE_QUERIES, queries_for

# The pledge section's own queries: counts, recent pledges, kept stories (the lists only when
# they are shown, not kept rendered). On the video page the counts come with the video's own
# query (alongside/core/routing.py), leaving two.
PLEDGE_SECTION_QUERIES = 3
PLEDGE_SECTION_QUERIES_ON_PAGE = 2


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def add_pledges(video, count: int, start: int = 0) -> None:
    now = timezone.now()
    pledges = Pledge.objects.bulk_create(
        Pledge(
            video=video,
            name=f"Pledger {number}",
            email=f"pledger{number}@example.org",
            key=f"{number:032x}",
            show_name=number % 3 != 0,
            note="A note." if number % 2 else "",
            status=ModerationStatus.PUBLISHED,
            created_at=now,
            confirmed_at=now,
            kept_at=now if number % 4 == 0 else None,
        )
        for number in range(start, start + count)
    )
    KeptStory.objects.bulk_create(
        KeptStory(pledge=pledge, text="It went well.", created_at=now, status="published")
        for pledge in pledges
        if pledge.kept_at
    )


@pytest.mark.django_db
def test_the_video_page_makes_the_same_queries_with_10_and_10000_pledges(client, video, make_video):
    make_video("Related")  # so the page lists a related video, as in the videos app's count
    add_pledges(video, 10)
    with_ten = queries_for(client, video)
    add_pledges(video, 9_990, start=10)
    with_ten_thousand = queries_for(client, video)
    assert (with_ten, with_ten_thousand) == (VIDEO_PAGE_QUERIES, VIDEO_PAGE_QUERIES)
    assert "10000</strong> people have pledged" in client.get(video.url).content.decode()


@pytest.mark.django_db
def test_the_pledge_section_takes_three_queries_or_two_with_counts_from_routing(video):
    from alongside.pledges.selectors import count_annotations
    from alongside.videos.models import VideoPage

    add_pledges(video, 50)
    request = RequestFactory().get(video.url)
    # Read by every page view before its sections, then from the cache.
    page_versions(video.pk)
    section_version(video.pk, PLEDGE_LISTS)
    with CaptureQueriesContext(connection) as queries:
        context = video_page_context(video=video, request=request)
        shown = list(context["pledge_section"].recent), list(context["pledge_section"].stories)
    assert len(queries) == PLEDGE_SECTION_QUERIES
    assert [len(listed) for listed in shown] == [5, 3]
    assert (context["pledge_section"].totals.pledged, context["pledge_section"].totals.kept) == (
        50,
        13,
    )
    annotated = VideoPage.objects.annotate(**count_annotations()).get(pk=video.pk)
    with CaptureQueriesContext(connection) as queries:
        context = video_page_context(video=annotated, request=request)
        list(context["pledge_section"].recent), list(context["pledge_section"].stories)
    assert len(queries) == PLEDGE_SECTION_QUERIES_ON_PAGE
    assert (context["pledge_section"].totals.pledged, context["pledge_section"].totals.kept) == (
        50,
        13,
    )


@pytest.mark.django_db
def test_the_pledge_lists_make_the_same_queries_however_many_pledges(client, video, make_video):
    other = make_video("Other")
    add_pledges(video, 3)
    # The first views keep the site's root paths and the video; measure the next.
    client.get("/pledges/")
    client.get(f"/pledges/video/{video.pk}/")
    counts = []
    for start in (1_000, 2_000):
        with CaptureQueriesContext(connection) as recent:
            assert client.get("/pledges/").status_code == 200
        with CaptureQueriesContext(connection) as per_video:
            assert client.get(f"/pledges/video/{video.pk}/").status_code == 200
        counts.append((len(recent), len(per_video)))
        add_pledges(other, 100, start=start)
        add_pledges(video, 100, start=start + 500)
    assert counts[0] == counts[1]
