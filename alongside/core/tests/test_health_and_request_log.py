"""Health checks for load balancers (/healthz, /readyz) and the one-line-per-request log."""

import json
import logging
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone

from alongside.core.tests.test_embedded_mode import PROJECT
from alongside.core.tests.test_worker_killed import free_port
from alongside.pledges import links
from alongside.pledges.models import Pledge
from alongside.pledges.tests.conftest import form_data as pledge_form

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_a_query_a_cookie_or_a_cacheable_copy(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_readyz_reports_the_database_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_a_cache_outage_but_stays_ready(client, settings):
    nothing_listens = free_port(range(6400, 6410))
    settings.CACHES = {
        "default": {
            "BACKEND": "alongside.core.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{nothing_listens}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable"}


def unreachable_database_url(tmp_path) -> str:
    if connection.vendor == "postgresql":
        nothing_listens = free_port(range(8190, 8200))  # not among the app server's ports
        return f"postgres://postgres@127.0.0.1:{nothing_listens}/alongside"
    return f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_app_server_without_its_database_is_alive_but_not_ready(tmp_path):
    """gunicorn as production runs it (DEBUG off, HTTPS redirects on), its database gone."""
    port = free_port(range(8100, 8190))
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {
        "DEBUG": "false",
        "ENV_FILE": "",
        "SECRET_KEY": "a-test-key-long-enough-for-check-deploy-0123456789abcdefghij",
        "DATABASE_URL": unreachable_database_url(tmp_path),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "alongside.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        from alongside.core.tests.test_embedded_mode import get as wait_for_server

        wait_for_server(f"http://127.0.0.1:{port}/healthz")
        assert get(f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
        status, body = get(f"http://127.0.0.1:{port}/readyz")
        assert status == 503
        assert json.loads(body) == {"database": "unavailable", "cache": "ok"}
    finally:
        server.send_signal(signal.SIGTERM)
        _, log = server.communicate(timeout=30)
    # gunicorn's access log is off; the site's own line is there, for each request.
    assert "GET /readyz 503" in log and "GET /healthz 200" in log


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="alongside.requests")

    def lines():
        return [r.getMessage() for r in caplog.records if r.name == "alongside.requests"]

    return lines


def test_one_line_per_request_without_the_form_or_the_query_string(
    client, make_video, request_log, settings
):
    settings.RATELIMIT_ENABLE = False
    video = make_video("Finish line")
    address = "zoe.obrien@example.org"

    client.post(
        f"/pledges/video/{video.pk}/pledge/",
        pledge_form(video, email=address, note="A note only for the curators"),
    )
    client.get(f"{video.url}?email={address}&utm_source=mail")

    [post, get] = request_log()
    assert post.startswith(f"POST /pledges/video/{video.pk}/pledge/ 302 ")
    assert get.startswith(f"GET {video.url} 200 ") and get.endswith("ms cache=miss")
    for line in (post, get):
        assert "example.org" not in line and "@" not in line
        assert "note" not in line and "?" not in line and "email" not in line


def test_tokens_and_addresses_in_the_path_are_left_out_and_cache_hits_are_told(
    client, make_video, request_log
):
    video = make_video("Finish line")
    now = timezone.now()
    pledge = Pledge.objects.create(
        video=video, name="Ada", email="ada@example.org", created_at=now, expires_at=now
    )
    token = links.make_token(pledge=pledge, action="withdraw")
    client.get(f"/pledges/withdraw/{token}/")
    client.get("/ada@example.org/")
    client.get(video.url)
    client.get(video.url)

    [withdraw, address, miss, hit] = request_log()
    assert withdraw.startswith("GET /pledges/withdraw/<token>/ 200 ")
    assert token not in withdraw
    assert address.startswith("GET /<email>/ 404 ")
    assert miss.endswith("cache=miss") and hit.endswith("cache=hit")
