"""The page cache never drifts from the database: races, lost versions, outages, stampedes."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.core import cache as page_cache
from alongside.core import fragment_cache, resilient_cache, routing
from alongside.core.models import ModerationStatus, PageVersion
from alongside.reflections import selectors
from alongside.reflections.models import Reflection
from alongside.reflections.tests.test_display import write

pytestmark = pytest.mark.django_db(transaction=True)  # versions reach the cache on commit


def test_a_write_landing_during_a_render_leaves_no_stale_copy(make_video, monkeypatch):
    video = make_video()
    real_page = selectors.reflections_page
    written = []

    def page_then_a_write(**kwargs):
        found = real_page(**kwargs)  # the list has been read...
        if not written:  # ...and a reflection is committed before the page is stored
            written.append(write(video, "Ada", "Landed mid-render"))
        return found

    monkeypatch.setattr(selectors, "reflections_page", page_then_a_write)
    first = Client().get(video.url)
    assert "Landed mid-render" not in first.content.decode()

    again = Client().get(video.url)
    assert again["X-Page-Cache"] == "miss"
    assert "Landed mid-render" in again.content.decode()
    assert Client().get(video.url)["X-Page-Cache"] == "hit"


def test_a_write_landing_while_routing_reads_the_page_leaves_nothing_stale_in_memory(
    make_video, monkeypatch, settings
):
    # Routing remembers each page with its counts (core/routing.py): no page cache here, so
    # every view goes through it.
    settings.PAGE_CACHE_SECONDS = 0
    video = make_video()
    write(video, "Ada", "First")
    Client().get(video.url)  # remembered, with versions read after the queries: never trusted
    write(video, "Grace", "Second")
    real_read_page = routing._read_page

    def read_then_a_write(*args):
        found = real_read_page(*args)  # the counts have been read...
        if not found.reflection_total > 2:  # ...and a third reflection commits meanwhile,
            elsewhere = threading.Thread(target=write, args=(video, "Alan", "Third"))
            elsewhere.start()  # from another request
            elsewhere.join()
        return found

    monkeypatch.setattr(routing, "_read_page", read_then_a_write)
    assert "(2)" in Client().get(video.url).content.decode()
    monkeypatch.setattr(routing, "_read_page", real_read_page)
    shown = Client().get(video.url).content.decode()
    assert "(3)" in shown and "Third" in shown
    with CaptureQueriesContext(connection) as queries:  # unchanged since: from memory
        assert "(3)" in Client().get(video.url).content.decode()
    assert not [query for query in queries if "wagtailcore_page" in query["sql"]]


def test_a_version_lost_or_evicted_never_revives_an_old_copy(make_video):
    video = make_video()
    Client().get(video.url)  # a copy under the current versions
    write(video, "Ada", "After the copy")
    # The version bump never reached the cache (a process killed after commit), then the
    # cache's version expired or was evicted: the database still knows.
    cache.delete(f"page-version:{video.pk}")
    page_cache._local_copies.clear()
    response = Client().get(video.url)
    assert response["X-Page-Cache"] == "miss"
    assert "After the copy" in response.content.decode()
    assert PageVersion.objects.filter(scope=str(video.pk)).exists()


def test_unknown_query_parameters_are_served_from_the_cached_copy(make_video):
    video = make_video()
    Client().get(video.url)
    entries = len(page_cache._local_copies)
    for query in ("?x=1", "?utm_source=chat&fbclid=abc", "?y=%F0%9F%92%A9"):
        response = Client().get(video.url + query)
        assert response["X-Page-Cache"] == "hit", query
    assert len(page_cache._local_copies) == entries
    # Values a page does not accept are all one page (answered as the page answers ""): they
    # cannot add an entry each.
    Client().get(video.url + "?page=abc")
    for value in ("xyz", "²", "9" * 40):
        assert Client().get(f"{video.url}?page={value}")["X-Page-Cache"] == "hit", value
    assert Client().get(video.url + "?order=newest&x=2")["X-Page-Cache"] == "miss"
    assert Client().get(video.url + "?x=3&order=newest")["X-Page-Cache"] == "hit"


def test_a_curators_edit_in_the_admin_shows_on_the_next_load(make_video, admin_user):
    video = make_video()
    reflection = write(video, "Ada", "Words a curator will reject")
    assert "Words a curator will reject" in Client().get(video.url).content.decode()
    curator = Client()
    curator.force_login(admin_user)
    edit = f"/admin/snippets/reflections/reflection/edit/{reflection.pk}/"
    form = curator.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {
        "status": ModerationStatus.REJECTED
    }
    assert curator.post(edit, data).status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == ModerationStatus.REJECTED
    assert "Words a curator will reject" not in Client().get(video.url).content.decode()


def test_a_missing_page_is_kept_briefly_and_publishing_ends_it(make_video, video_index):
    assert Client().get("/videos/video-1/").status_code == 404
    again = Client().get("/videos/video-1/")
    assert (again.status_code, again["X-Page-Cache"]) == (404, "hit")
    # Kept by this process only: made-up addresses cannot fill the shared cache.
    assert cache.get("page-cache:testserver:/videos/video-1/?") is None
    make_video("Next week")  # published at /videos/video-1/
    assert Client().get("/videos/video-1/").status_code == 200


def test_many_misses_after_a_write_render_the_page_once(make_video, monkeypatch, own_redis):
    # On Redis, as in production: claiming the render is one atomic SET NX (the embedded
    # on-disk cache's `add` is not atomic, so two renders can rarely race there).
    # No grace (conftest); however slow a loaded machine starts the readers, the previous copy
    # stays servable while one of them renders.
    monkeypatch.setattr(page_cache, "MAX_STALE_SECONDS", 60)
    video = make_video()
    Client().get(video.url)
    write(video, "Ada", "Everyone wants to read this")
    renders = []
    real_serve = type(video).serve

    def slow_serve(page, request, *args, **kwargs):
        renders.append(1)
        time.sleep(0.3)  # long enough for every reader to arrive while it renders
        return real_serve(page, request, *args, **kwargs)

    monkeypatch.setattr(type(video), "serve", slow_serve)
    answers, failures = [], []

    def read():
        try:
            answers.append(Client().get(video.url))
        except Exception as error:  # a reader's error must fail the test, not vanish
            failures.append(repr(error))

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert failures == []
    assert len(renders) == 1
    assert sorted(answer["X-Page-Cache"] for answer in answers) == ["miss"] + ["stale"] * 7
    assert all(answer.status_code == 200 for answer in answers)
    assert "Everyone wants to read this" in Client().get(video.url).content.decode()


def test_a_page_that_keeps_changing_is_rendered_once_a_grace_period(
    make_video, settings, monkeypatch
):
    settings.PAGE_CACHE_GRACE_SECONDS = 2
    video = make_video()
    assert Client().get(video.url)["X-Page-Cache"] == "miss"
    shared_reads = []
    read_shared = cache.get
    monkeypatch.setattr(
        cache,
        "get",
        lambda key, *args, **kwargs: shared_reads.append(key) or read_shared(key, *args, **kwargs),
    )
    for number in range(3):  # writes faster than the grace: the copy of a moment ago serves
        write(video, "Ada", f"Busy page, word {number}")
        answer = Client().get(video.url)
        assert answer["X-Page-Cache"] in ("hit", "stale")  # not checked again within the grace
        assert "Busy page" not in answer.content.decode()
    # ...from this process's memory: the whole page is not fetched from the shared cache.
    assert not [key for key in shared_reads if key.startswith("page-cache:")]
    monkeypatch.undo()
    time.sleep(2)
    fresh = Client().get(video.url)  # past the grace: one render shows every write
    assert fresh["X-Page-Cache"] == "miss"
    assert all(f"Busy page, word {number}" in fresh.content.decode() for number in range(3))
    assert Client().get(video.url)["X-Page-Cache"] == "hit"


@pytest.fixture
def own_redis(settings):
    """A redis-server of the test's own on a free port (never the shared one), as the cache."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    class Redis:
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [server, "--port", str(port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )
            for _ in range(50):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    return
                except OSError:
                    time.sleep(0.1)

        def stop(self):
            self.process.kill()
            self.process.wait()

    redis = Redis()
    redis.start()
    settings.CACHES = settings.CACHES | {
        "default": {
            "BACKEND": "alongside.core.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    resilient_cache._down_until = 0.0
    fragment_cache._entries.clear()  # fragments kept in memory came from the other cache
    yield redis
    redis.stop()
    resilient_cache._down_until = 0.0


def test_redis_down_degrades_to_rendering_and_nothing_is_stale_after(make_video, own_redis):
    from alongside.reflections.tests.conftest import reflection_post

    video = make_video()
    viewer = Client()
    assert viewer.get(video.url).status_code == 200
    assert viewer.get(video.url)["X-Page-Cache"] == "hit"

    own_redis.stop()
    poster = Client()
    posted = poster.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, text="Posted while the cache was down"),
        headers={"Origin": "http://testserver"},
    )
    assert posted.status_code == 302
    down = Client().get(video.url)
    assert down.status_code == 200
    assert "Posted while the cache was down" in down.content.decode()

    own_redis.start()
    resilient_cache._down_until = 0.0  # the next call tries Redis again
    back = Client().get(video.url)
    assert "Posted while the cache was down" in back.content.decode()
    assert Reflection.objects.filter(text="Posted while the cache was down").count() == 1


def test_the_pages_own_parts_are_kept_until_the_site_changes(make_video, topic, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the kept parts alone, not whole pages
    video = make_video("Main", topics=[topic])
    assert "Watch next" not in Client().get(video.url).content.decode()
    make_video("Also about kindness", topics=[topic])  # publishing changes the site's version
    assert "Also about kindness" in Client().get(video.url).content.decode()
    video.title = "Main, retitled"
    video.save_revision().publish()
    assert "Main, retitled" in Client().get(video.url).content.decode()
