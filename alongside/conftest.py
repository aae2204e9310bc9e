"""Fixtures shared by every app's tests: a site tree, video pages and a fake provider server."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from alongside.discovery.models import HomePage
from alongside.videos.models import Topic, VideoIndexPage, VideoPage
from alongside.videos.thumbnails import draw_placeholder, save_thumbnail


@pytest.fixture
def home(db):
    """The site's home page, set as the default site's root."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Alongside", slug="alongside-home"))
    Site.objects.update(root_page=home)
    return home


@pytest.fixture
def video_index(home):
    index = home.add_child(instance=VideoIndexPage(title="All videos", slug="videos"))
    index.save_revision().publish()
    return index


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Kindness", slug="kindness", description="Small acts.")


VIDEO_FIELDS = {
    "summary": "A runner, a torn hamstring and a father in the stands.",
    "source_url": "https://www.youtube.com/watch?v=kZlXWp6vFdE",
    "story": "<p>He came to Barcelona ready.</p>",
    "read_text": "Read about Derek Redmond",
    "read_url": "https://en.wikipedia.org/wiki/Derek_Redmond",
    "learn_text": "What resilience means",
    "learn_url": "https://en.wikipedia.org/wiki/Psychological_resilience",
    "act_title": "Stand by someone today",
    "act_explanation": "Tell one person who is struggling that you are with them.",
    "duration": timedelta(minutes=3, seconds=5),
}


@pytest.fixture
def make_video(video_index):
    """Create and publish a video page; `with_thumbnail` draws one so renditions render."""
    made = []

    def make(title=None, *, topics=(), with_thumbnail=True, days_ago=0, **fields):
        number = len(made) + 1
        title = title or f"Video {number}"
        page = VideoPage(title=title, slug=f"video-{number}", **(VIDEO_FIELDS | fields))
        if with_thumbnail:
            page.thumbnail = save_thumbnail(
                title=title, data=draw_placeholder(title), filename=f"video-{number}.jpg"
            )
        page.topics.set(topics)
        video_index.add_child(instance=page)
        page.save_revision().publish()
        published = timezone.now() - timedelta(days=days_ago, minutes=number)
        VideoPage.objects.filter(pk=page.pk).update(first_published_at=published)
        page.refresh_from_db()
        made.append(page)
        return page

    return make


def run_tasks():
    """Run every queued background task with the real database worker, then return."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


class FakeProvider(BaseHTTPRequestHandler):
    """Answers like YouTube's thumbnail host and Vimeo's oEmbed endpoint, on loopback."""

    routes: dict = {}
    requests: list = []

    def do_GET(self):
        FakeProvider.requests.append(self.path)
        path = self.path.split("?")[0]
        status, content_type, body = FakeProvider.routes.get(path, (404, "text/plain", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_provider(settings):
    """A loopback HTTP server standing in for YouTube and Vimeo; `routes` maps path to reply."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.YOUTUBE_THUMBNAIL_URL = base + "/vi/{video_id}/hqdefault.jpg"
    settings.VIMEO_OEMBED_URL = base + "/api/oembed.json"
    settings.THUMBNAIL_FETCH_TIMEOUT = 2
    FakeProvider.routes = {}
    FakeProvider.requests = []

    class Fake:
        url = base
        routes = FakeProvider.routes
        requests = FakeProvider.requests

        @staticmethod
        def json(payload):
            return (200, "application/json", json.dumps(payload).encode())

    yield Fake
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Keep uploaded and generated images out of the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
