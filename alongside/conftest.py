"""Fixtures shared by every app's tests: a site tree, video pages and a fake provider server."""

import json
import os
import socket
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Collection, Locale, Page, Site

from alongside.discovery.models import HomePage
from alongside.videos.models import Topic, VideoIndexPage, VideoPage
from alongside.videos.thumbnails import draw_placeholder, save_thumbnail


@pytest.fixture
def home(db):
    """The site's home page, set as the default site's root."""
    home = wagtail_root().add_child(instance=HomePage(title="Alongside", slug="alongside-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def wagtail_root() -> Page:
    """The tree's root, made again if a transactional test's flush removed what migrations made."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


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


def form_token(target_id, *, purpose, seconds_ago=10):
    """A form's signed token as if the page was served `seconds_ago` (past the minimum fill
    time)."""
    from alongside.core.guard import issue_token

    return issue_token(purpose=purpose, target_id=target_id, now=time.time() - seconds_ago)


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

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

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


@pytest.fixture(scope="session", autouse=True)
def cache_in_a_temporary_folder(tmp_path_factory):
    """The embedded cache lives on disk under var/ (shared by a developer's running site):
    tests keep theirs in a folder of their own, which `empty_cache` may clear freely."""
    from django.test import override_settings

    caches = settings.CACHES
    if caches["default"]["BACKEND"].endswith("FileBasedCache"):
        location = str(tmp_path_factory.mktemp("cache"))
        caches = caches | {"default": caches["default"] | {"LOCATION": location}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (Wagtail keeps site root paths there)."""
    from django.core.cache import caches

    caches["template_fragments"].clear()  # the fragments in memory, then the shared cache


# Real-browser tests: Debian's Chromium driven by Playwright (its own browser download does not
# work on these machines). Without a browser they are skipped, unless E2E=required (CI).
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIPPED_BROWSER_TESTS = []  # why browser tests or their checks were skipped
BROWSER_REPORT = []  # lines the browser tests print in the summary (page weights)


def chromium_path():
    import shutil

    found = [path for path in CHROMIUM_PATHS if shutil.os.path.exists(path)]
    return found[0] if found else shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium found: install it with `sudo apt-get install chromium`"
        if os.environ.get("E2E") == "required":
            pytest.fail(f"E2E=required but {message}")
        SKIPPED_BROWSER_TESTS.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which Django takes for async
    # code; the ORM calls made here by tests are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter):
    for line in BROWSER_REPORT:
        terminalreporter.write_line(line)
    for reason in dict.fromkeys(SKIPPED_BROWSER_TESTS):
        terminalreporter.write_line(
            f"Browser tests were SKIPPED: {reason} (CI sets E2E=required so they always run).",
            yellow=True,
            bold=True,
        )


class CollectingHandler:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


class RefusingHandler:
    """An aiosmtpd handler that refuses every recipient, quoting the address as servers do."""

    async def handle_RCPT(self, server, session, envelope, address, options):
        return f"550 No such user {address}"


@contextmanager
def _smtp_server_on_loopback(settings, handler):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # aiosmtpd cannot start on port 0; find a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it. `.messages` are parsed emails,
    `.body(message)` gives a message's plain-text body."""
    handler = CollectingHandler()

    class Server:
        messages = handler.messages

        @staticmethod
        def body(message) -> str:
            return message.get_body(preferencelist=("plain",)).get_content()

    with _smtp_server_on_loopback(settings, handler):
        yield Server


@pytest.fixture
def refusing_smtp_server(settings):
    """A real SMTP server on loopback that refuses every address (550, naming it)."""
    with _smtp_server_on_loopback(settings, RefusingHandler()):
        yield


@pytest.fixture(autouse=True)
def no_local_page_copies():
    """What each process keeps (page copies, pages, sites, restrictions and settings) starts
    empty too: each test has its own pages."""
    from alongside.core import cache as page_cache
    from alongside.core import routing, sites
    from alongside.videos import selectors as video_selectors

    page_cache._local_copies.clear()
    page_cache._site_wide.clear()
    routing._routed_pages.clear()
    sites._remembered.clear()
    video_selectors._remembered_videos.clear()


@pytest.fixture(autouse=True)
def page_cache_without_grace(settings):
    """A page changed by a write is rendered again on the next view: tests read right after
    they write, within the grace a busy site gives itself (test_page_cache_truth.py tests it)."""
    settings.PAGE_CACHE_GRACE_SECONDS = 0
