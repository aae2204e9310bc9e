"""The embedded mode as a newcomer gets it: `make run`'s commands, on another port, by hand.

One site is set up the way `make run` sets it up (the `.env` it writes, `migrate`, the demo,
`manage.py serve` with its worker and periodic jobs) on a port of its own, a database and a
cache of its own, and then used from outside: pages over HTTP, commands typed by hand.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
VIDEO_PATH = "/videos/the-finish-line/"
DISQUS_EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="t1"><link>https://old.example/videos/the-finish-line/</link></thread>
  <post dsq:id="p1">
    <message><![CDATA[Imported from the old site, word for word.]]></message>
    <createdAt>2019-05-02T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ada from the archive</name></author>
    <thread dsq:id="t1"/>
  </post>
</disqus>"""


def manage(env: dict, *args, check: bool = True) -> subprocess.CompletedProcess:
    """`python manage.py ARGS` typed in the project folder, with `env` as the environment."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not check or result.returncode == 0, result.stderr
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, *, wait_seconds: float = 60):
    """GET `url`, waiting while the server starts (or its autoreloader restarts it)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.headers, response.read().decode()
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
            assert time.monotonic() < deadline, f"{url} never answered"
            time.sleep(0.5)


@pytest.fixture
def laptop(tmp_path):
    """A folder with the .env that `make run` writes, and the environment of a shell in which
    nothing else is set (no DEBUG, no SECRET_KEY), pointed at a database of its own."""
    make = subprocess.run(
        ["make", "-s", "-f", str(PROJECT / "Makefile"), ".env", f"PYTHON={sys.executable}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    env_file = tmp_path / ".env"
    written = env_file.read_text()
    # Running it again never overwrites the file (its SECRET_KEY signs what is out there).
    subprocess.run(["make", "-s", "-f", str(PROJECT / "Makefile"), ".env"], cwd=tmp_path)
    assert env_file.read_text() == written, make.stdout
    assert "DEBUG=true" in written and "SECRET_KEY=" in written
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL", "PORT", "RUN_MAIN"}
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in unset} | {
        "ENV_FILE": str(env_file),
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_URL": f"filemail://{tmp_path / 'mail'}",
        "ADMIN_PASSWORD": "a-long-enough-password",
    }

    class Laptop:
        folder = tmp_path
        url = f"http://127.0.0.1:{port}"

    Laptop.env, Laptop.manage = env, staticmethod(partial(manage, env))
    return Laptop


def test_make_runs_site_on_another_port_with_commands_by_hand(laptop):
    # What `make demo` runs, then `make run`'s server with its worker and periodic jobs.
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"], ["ensure_admin"]):
        laptop.manage(*command)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve"],
        cwd=PROJECT,
        env=laptop.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        get(laptop.url + VIDEO_PATH)
        assert get(laptop.url + VIDEO_PATH)[0]["X-Page-Cache"] == "hit"

        # Wagtail's own links (the admin's "View live") use the port the site is served on.
        site = laptop.manage(
            "shell",
            "-v0",
            "-c",
            "from wagtail.models import Site; print(Site.objects.get().root_url)",
        )
        assert site.stdout.strip() == laptop.url

        # A command typed by hand, as the README gives it, from the project folder.
        export = laptop.folder / "export.xml"
        export.write_text(DISQUS_EXPORT)
        imported = laptop.manage("import_reflections", str(export), "--format", "disqus")
        assert "Imported 1" in imported.stdout

        # Another process wrote: the server's next page shows it, not a copy from before.
        assert "Imported from the old site, word for word." in get(laptop.url + VIDEO_PATH)[1]

        # Both background processes run beside the server.
        children = subprocess.run(
            ["ps", "-o", "args=", "--ppid", str(server.pid)], capture_output=True, text=True
        ).stdout
        assert "db_worker" in children and "run_periodic_jobs" in children
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C in the terminal stops the whole group
        server.wait(timeout=30)
