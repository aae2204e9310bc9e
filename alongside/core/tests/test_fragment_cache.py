"""Rendered parts of pages are kept in each process's memory in front of the shared cache."""

import pytest
from django.core.cache import cache, caches
from django.test import Client

from alongside.reflections.tests.test_display import write

fragments = caches["template_fragments"]


def test_a_fragment_read_once_is_then_read_from_memory():
    fragments.set("story:7-1", "<p>kept</p>", 600)
    cache.delete("story:7-1")  # gone from the shared cache: this process still has it
    assert fragments.get("story:7-1") == "<p>kept</p>"


def test_a_fragment_only_in_the_shared_cache_is_found_and_then_kept():
    cache.set("list:7-2", "<ol></ol>", 600)  # rendered by another process
    assert fragments.get("list:7-2") == "<ol></ol>"
    cache.delete("list:7-2")
    assert fragments.get("list:7-2") == "<ol></ol>"


def test_a_fragment_set_for_no_time_is_kept_nowhere():
    fragments.set("fields:typed", "<input value=typed>", 0)
    assert fragments.get("fields:typed") is None
    assert cache.get("fields:typed") is None


def test_memory_is_bounded_and_cleared_with_the_shared_cache():
    for number in range(fragments._max_entries + 10):
        fragments.set(f"part:{number}", "x", 600)
    assert len(fragments._entries) == fragments._max_entries
    fragments.clear()
    assert fragments.get("part:5") is None


@pytest.mark.django_db
def test_pages_render_with_every_cache_off(settings, make_video):
    # DISABLE_CACHES (the benchmark's cold runs) leaves only a dummy default cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    video = make_video()
    write(video, "Ada", "Drawn with nothing kept")
    response = Client().get(video.url)
    assert response.status_code == 200
    assert "Drawn with nothing kept" in response.content.decode()
