"""A task worker killed with SIGKILL while it sends mail, three times: every email arrives, at
most one twice per kill, and no task is left RUNNING.

Everything runs as in production, in processes of its own: `manage.py db_worker` (restarted
after each kill, as systemd would), `manage.py run_periodic_jobs` (which requeues the task the
dead worker held), a database of their own (SQLite, or PostgreSQL when DATABASE_URL points
there) and a real SMTP server on loopback that takes a moment to answer each message, so that
kills land while messages are in flight.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from email import message_from_bytes, policy
from urllib.parse import urlsplit, urlunsplit

import pytest

from alongside.core.tests.test_embedded_mode import PROJECT, manage

EMAILS = 30
KILLS = 3
LEASE_SECONDS = 2
SMTP_PORTS = range(2600, 2700)


class SlowSink:
    """Keeps every message; answers each a moment after receiving it (a real server's pace)."""

    def __init__(self):
        self.received = []  # (subject, Message-ID), in order of arrival
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append((str(message["Subject"]), str(message["Message-ID"])))
        await asyncio.sleep(0.2)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


def free_port(ports) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


@pytest.fixture
def slow_sink():
    from aiosmtpd.controller import Controller

    sink = SlowSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(SMTP_PORTS))
    controller.start()
    yield sink, controller.port
    controller.stop()


@contextmanager
def database_of_its_own(tmp_path):
    """A database URL for the processes: a SQLite file, or a fresh PostgreSQL database on the
    server the suite runs against."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'alongside'}_worker_killed"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start(env, *command):
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_worker(env):
    # --no-reload: with DEBUG on the worker would run under a reloader, and the kill would hit
    # the reloader while its child went on.
    return start(env, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")


def wait_for(condition, *, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


TASK_STATES = (
    "from collections import Counter\n"
    "from django_tasks_db.models import DBTaskResult\n"
    "print(dict(Counter(DBTaskResult.objects.values_list('status', flat=True))))"
)


def test_a_worker_killed_mid_send_loses_no_email_and_sends_at_most_one_twice(tmp_path, slow_sink):
    sink, smtp_port = slow_sink
    with database_of_its_own(tmp_path) as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}} | {
            "DEBUG": "true",
            "ENV_FILE": "",
            "DATABASE_URL": database_url,
            "CACHE_DIR": str(tmp_path / "cache"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_TIMEOUT": "5",
            "TASK_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(
            env,
            "shell",
            "-v0",
            "-c",
            "from alongside.core.tests.mail_tasks import send_numbered_email\n"
            f"for number in range({EMAILS}):\n"
            "    send_numbered_email.enqueue(number=number)",
        )
        periodic = start(env, "run_periodic_jobs", "--round-seconds", "0.5")
        worker = start_worker(env)
        try:
            # Each kill lands at another moment: while the mail server holds a message (sent
            # but not yet acknowledged), then a little after a message, then later still.
            for delay in (0.0, 0.07, 0.15):
                target = sink.count() + 6
                wait_for(lambda t=target: sink.count() >= t, seconds=60, what="mail stopped")
                time.sleep(delay)
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
                worker = start_worker(env)

            def all_done():
                states = manage(env, "shell", "-v0", "-c", TASK_STATES).stdout.strip()
                return states == f"{{'SUCCESSFUL': {EMAILS}}}"

            wait_for(all_done, seconds=120, what="tasks left unfinished")
        finally:
            for process in (worker, periodic):
                process.send_signal(signal.SIGTERM)
            for process in (worker, periodic):
                process.wait(timeout=30)

    subjects = Counter(subject for subject, _ in sink.received)
    assert set(subjects) == {f"Email {number}" for number in range(EMAILS)}  # none missing
    duplicated = {subject: n for subject, n in subjects.items() if n > 1}
    assert sum(n - 1 for n in duplicated.values()) <= KILLS, duplicated
    # A copy sent twice carries the same Message-ID, so mail programs can show it once.
    ids = {subject: {mid for s, mid in sink.received if s == subject} for subject in duplicated}
    assert all(len(found) == 1 for found in ids.values()), ids
