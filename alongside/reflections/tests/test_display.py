"""How reflections appear on a video page: order, pages, replies, and a fixed query count."""

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.core.models import ModerationStatus
from alongside.reflections.models import REFLECTION_LIST, Reflection
from alongside.reflections.services import post_reflection
from alongside.videos.tests.test_queries import queries_for

pytestmark = pytest.mark.django_db


def add_reflections(video, count, *, start=0, **fields):
    """Bulk-insert published reflections, oldest first (as a busy page would have them)."""
    now = timezone.now()
    Reflection.objects.bulk_create(
        Reflection(
            video=video,
            name=f"Viewer {number}",
            email=f"viewer{number}@example.org",
            text=f"Reflection number {number}",
            text_html=f"<p>Reflection number {number}</p>",
            avatar_seed="abcd",
            submission_key=f"{video.pk}-{number}",
            content_hash=f"{number}",
            status=ModerationStatus.PUBLISHED,
            created_at=now - timezone.timedelta(minutes=100_000 - number),
            **fields,
        )
        for number in range(start, start + count)
    )


def write(video, name, text, *, parent=None, mode="open", **fields):
    """A reflection written through the service, as the form would (`fields`: notify_replies)."""
    return post_reflection(
        video=video,
        name=name,
        email=f"{name.lower()}@example.org",
        text=text,
        idempotency_key=f"{name}-{text}",
        mode=mode,
        parent=parent,
        **fields,
    ).reflection


def names_on(response):
    return [reflection.name for reflection in response.context["reflections"].object_list]


def test_oldest_first_fifty_a_page_with_linkable_pages(client, make_video):
    video = make_video()
    add_reflections(video, 55)
    first = client.get(video.url)
    assert names_on(first)[:2] == ["Viewer 0", "Viewer 1"] and len(names_on(first)) == 50
    html = first.content.decode()
    assert 'Reflections <span class="count">(55)</span>' in html
    assert 'href="?page=2#reflections"' in html
    second = client.get(f"{video.url}?page=2")
    assert names_on(second) == [f"Viewer {n}" for n in range(50, 55)]
    assert client.get(f"{video.url}?page=3").status_code == 404


def test_newest_first_switch(client, make_video):
    video = make_video()
    add_reflections(video, 55)
    newest = client.get(f"{video.url}?order=newest")
    assert names_on(newest)[0] == "Viewer 54"
    assert 'href="?page=2&amp;order=newest#reflections"' in newest.content.decode()


def test_only_published_reflections_are_shown(client, make_video):
    video = make_video()
    add_reflections(video, 2)
    Reflection.objects.filter(name="Viewer 1").update(status=ModerationStatus.SPAM)
    assert names_on(client.get(video.url)) == ["Viewer 0"]


def test_replies_appear_under_their_reflection(client, make_video):
    video = make_video()
    parent = write(video, "Ana", "First")
    write(video, "Ben", "A reply", parent=parent)
    response = client.get(video.url)
    assert names_on(response) == ["Ana"]
    [shown] = response.context["reflections"].object_list
    assert [reply.name for reply in shown.visible_replies] == ["Ben"]
    html = response.content.decode()
    assert html.index("A reply") > html.index("First")
    assert 'aria-label="Replies to Ana"' in html


def test_a_reply_to_a_reply_is_refused(client, make_video):
    from .conftest import reflection_post

    video = make_video()
    parent = write(video, "Ana", "First")
    reply = write(video, "Ben", "Reply", parent=parent)
    response = client.post(
        f"/reflections/video/{video.pk}/", reflection_post(video, parent=reply.pk)
    )
    assert response.status_code == 400
    assert "no longer here" in response.content.decode()


def test_the_reply_link_prepares_the_form(client, make_video):
    video = make_video()
    parent = write(video, "Ana", "First")
    html = client.get(f"{video.url}?reply_to={parent.pk}").content.decode()
    assert "Reply to Ana" in html
    assert f'name="parent" value="{parent.pk}"' in html


def test_a_poster_on_a_busy_video_lands_on_the_page_holding_their_reflection(client, make_video):
    from .conftest import reflection_post

    video = make_video()
    add_reflections(video, 60)
    response = client.post(f"/reflections/video/{video.pk}/", reflection_post(video))
    reflection = Reflection.objects.get(name="Seán O'Brien")
    assert response["Location"] == (
        f"{video.url}?thanks={reflection.pk}&page=2#reflection-{reflection.pk}"
    )
    assert reflection.name in names_on(client.get(response["Location"]))


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the cache


# The video page's queries right after a reflection: routing reads the video's counts again
# (alongside/videos/tests/test_queries.py), then the page of reflections with their replies;
# the pledge section is kept, the community settings come from the cache.
VIDEO_PAGE_QUERIES_WITH_REFLECTIONS = 2


def test_video_page_query_count_does_not_grow_with_reflections(client, make_video, no_page_cache):
    video = make_video()
    add_reflections(video, 10)
    add_reflections(video, 3, start=20_000, parent=Reflection.objects.first())
    with_ten = queries_for(client, video, section=REFLECTION_LIST)
    add_reflections(video, 990, start=10)
    with_thousand = queries_for(client, video, section=REFLECTION_LIST)
    assert (with_ten, with_thousand) == (
        VIDEO_PAGE_QUERIES_WITH_REFLECTIONS,
        VIDEO_PAGE_QUERIES_WITH_REFLECTIONS,
    )


def test_after_a_reflection_the_pledge_lists_are_kept(
    client, make_video, no_page_cache, django_capture_on_commit_callbacks
):
    """A reflection changes the counts and the reflections, not the pledge lists: the view
    after one reads the counts and a page of reflections, nothing else."""
    video = make_video()
    add_reflections(video, 10)
    client.get(video.url)
    client.get(video.url)
    with django_capture_on_commit_callbacks(execute=True):
        write(video, "Newcomer", "Late to this.")
    with CaptureQueriesContext(connection) as queries:
        assert "Late to this." in client.get(video.url).content.decode()
    selected = [query["sql"].split(".")[0] for query in queries.captured_queries]
    assert selected == ["SELECT COALESCE((SELECT COUNT(U0", 'SELECT "reflections_reflection"']


def test_after_a_post_the_list_draws_only_the_new_reflection(
    client, make_video, no_page_cache, django_capture_on_commit_callbacks
):
    video = make_video()
    add_reflections(video, 10)
    drawn = []

    def count_items(sender, template, **kwargs):
        if template.name == "reflections/includes/reflection.html":
            drawn.append(template.name)

    template_rendered.connect(count_items)
    try:
        client.get(video.url)
        assert len(drawn) == 10
        drawn.clear()
        with django_capture_on_commit_callbacks(execute=True):  # the new version, as on commit
            write(video, "Ada", "The eleventh, drawn alone")
        shown = client.get(video.url).content.decode()
    finally:
        template_rendered.disconnect(count_items)
    assert len(drawn) == 1
    assert "The eleventh, drawn alone" in shown and "Reflection number 9" in shown
