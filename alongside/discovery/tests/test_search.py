"""Search: the header's box, what is found (and never found), highlighting, odd queries and
the fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.search import index

from alongside.videos.models import Topic, VideoPage

pytestmark = pytest.mark.django_db


def index_videos():
    """What Wagtail's background task does for each saved page (run here, in the test's
    transaction, so that it works the same on PostgreSQL)."""
    for video in VideoPage.objects.all():
        index.insert_or_update_object(video)


def search(client, query, **params):
    index_videos()
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_has_a_search_box_that_works_without_javascript(client, video_index):
    page = client.get("/").content.decode()
    assert '<form class="site-search" method="get" action="/search/" role="search">' in page
    assert '<label class="visually-hidden" for="site-search">' in page


def test_a_word_in_the_story_finds_the_video_with_the_word_marked(client, make_video):
    make_video("Finish line", story="<p>His uncle ran down from the stands.</p>")
    make_video("Other", story="<p>A quiet morning.</p>")
    page = search(client, "Uncle")
    assert "Finish line" in page and "Other" not in page
    assert "His <mark>uncle</mark> ran down" in page


def test_a_topic_finds_its_videos(client, make_video):
    courage = Topic.objects.create(name="Courage", slug="courage")
    make_video("Brave one", topics=[courage])
    make_video("Not tagged")
    page = search(client, "courage")
    assert "Brave one" in page and "Not tagged" not in page
    assert "<mark>Courage</mark>" in page


def test_the_act_is_searched(client, make_video):
    make_video("Act video", act_title="Write to your grandmother")
    assert "Act video" in search(client, "grandmother")


def test_a_plural_is_found_by_its_singular(client, make_video):
    make_video("Race", summary="A runner tears both hamstrings.")
    page = search(client, "hamstring")
    assert "Race" in page and "<mark>hamstrings</mark>" in page


def test_private_and_draft_videos_are_never_found(client, make_video):
    make_video("Public needle")
    private = make_video("Private needle")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft = make_video("Draft needle")
    draft.unpublish()
    page = search(client, "needle")
    assert "Public <mark>needle</mark>" in page
    assert "Private" not in page and "Draft" not in page


def test_the_most_relevant_first_then_the_newest(client, make_video):
    make_video("Old kindness", days_ago=3)
    make_video("New kindness", days_ago=1)
    make_video("Kindness, kindness", summary="Kindness and kindness again.", days_ago=9)
    page = search(client, "kindness")
    assert page.index(">Kindness</mark>, ") < page.index(">New <mark>") < page.index(">Old <mark>")


def test_text_is_escaped_before_it_is_marked(client, make_video):
    make_video("<b>Bold</b> move")
    page = search(client, "bold")
    assert "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; move" in page
    page = search(client, "<script>alert(1)</script>")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_result_suggests_topics_and_the_newest_videos(client, make_video, topic):
    make_video("Something else")
    page = search(client, "zeppelin")
    assert "Nothing matches “zeppelin” yet" in page
    assert "Browse by topic" in page and "/videos/topics/kindness/" in page
    assert "The newest videos" in page and "Something else" in page


def test_an_empty_query_shows_the_topics(client, video_index, topic):
    page = search(client, "")
    assert "Browse by topic" in page and "Nothing matches" not in page
    assert "The newest videos" not in page


@pytest.mark.parametrize(
    "query",
    ["x" * 5000, "!!! ??? ...", "%", "%_%", '"', "'", '"unclosed', "a AND NOT OR", "*", "\\", "😀"],
)
def test_odd_queries_never_fail(client, make_video, query):
    make_video("Anything")
    search(client, query)
    search(client, query, page="9999")
    search(client, query, page="x")


def test_pages_of_results_keep_the_query(client, make_video):
    for number in range(12):
        make_video(f"Needle {number}")
    first = search(client, "needle")
    page_two = search(client, "needle", page=2)
    assert "12 videos found" in first and 'href="?q=needle&amp;page=2"' in first
    assert page_two.count('class="search-result"') == 2


def test_the_answer_is_public_for_a_short_while(client, video_index):
    response = client.get("/search/", {"q": "anything"})
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]


@pytest.mark.parametrize("videos", [1, 20])
def test_a_search_costs_the_same_queries_however_many_videos_match(
    client, make_video, topic, videos
):
    for _ in range(videos):
        make_video("Counted", topics=[topic])
    search(client, "counted")  # indexed; the restrictions and the site kept warm
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/search/", {"q": "counted kindness"}).content.decode()
    assert page.count('class="search-result"') == min(videos, 10)
    assert len(queries) == 6, [q["sql"] for q in queries]
