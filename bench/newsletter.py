"""The weekly email's send: one edition to 10,000 subscribers through an SMTP sink on loopback.

`make bench BENCH_ARGS="--only newsletter"` runs it (bench/run.py hands over to `main`), or
`.venv/bin/python bench/newsletter.py [--subscribers N]`. For each database (SQLite under
var/bench/, and PostgreSQL when DATABASE_URL names one) it makes a fresh database, loads the
demo, adds N confirmed subscribers and starts an aiosmtpd sink in a process of its own (sharing
the same cores). Then one worker sends the edition, throttle off: the sender task's own function
(`newsletter.sending.send`) run in this process, with every SQL query counted. It reports
messages per second and SQL queries per message, and checks each subscriber was sent one.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
# The newsletter's own ports on a shared machine (NEWSLETTER_BENCH_PORTS="8700-8799" for others).
_PORTS = os.environ.get("NEWSLETTER_BENCH_PORTS", "2800-2899").split("-")
SMTP_PORTS = range(int(_PORTS[0]), int(_PORTS[-1]) + 1)
# The database's name (PostgreSQL) and file name (SQLite): NEWSLETTER_BENCH_DB, so that two
# people benchmarking on one server do not drop each other's database.
DATABASE_NAME = os.environ.get("NEWSLETTER_BENCH_DB", "alongside_newsletter_bench")


def free_smtp_port() -> int:
    for port in SMTP_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port in {SMTP_PORTS} for the SMTP sink.")


def database_urls() -> list[tuple[str, str]]:
    """(engine, fresh database URL) for SQLite, and PostgreSQL when DATABASE_URL is one."""
    OUT.mkdir(parents=True, exist_ok=True)
    for leftover in OUT.glob(f"{DATABASE_NAME}.sqlite3*"):
        leftover.unlink()
    urls = [("sqlite", f"sqlite:///{OUT / DATABASE_NAME}.sqlite3")]
    source = os.environ.get("DATABASE_URL", "")
    if source.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(source)
        admin = f"{parts.scheme}://{parts.netloc}/postgres"
        for statement in (
            f"DROP DATABASE IF EXISTS {DATABASE_NAME}",
            f"CREATE DATABASE {DATABASE_NAME}",
        ):
            subprocess.run(["psql", admin, "-q", "-c", statement], check=True)
        urls.append(
            (
                "postgresql",
                urllib.parse.urlunsplit(parts._replace(path=f"/{DATABASE_NAME}")),
            )
        )
    return urls


def environment(database_url: str, smtp_port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SITE_URL="https://alongside.example",
        LOG_LEVEL="WARNING",
        ENV_FILE="",
        MEDIA_ROOT=str(OUT / "media"),
        REDIS_URL="",
        CACHE_KEY_PREFIX=f"alongside-bench-{secrets.token_hex(4)}",
    )
    return env


def run_engine(engine: str, database_url: str, subscribers: int, profile: str = "") -> dict:
    port = free_smtp_port()
    env = environment(database_url, port)
    print(f"Preparing the {engine} database…", flush=True)
    for command in (("migrate", "--noinput", "-v0"), ("load_demo",)):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Sink",
            "-l",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
    )
    try:
        time.sleep(1)  # the sink listening
        measured = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                "--subscribers",
                str(subscribers),
                *(["--profile", profile] if profile else []),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        sink.terminate()
        sink.wait()
    return json.loads(measured.stdout.strip().splitlines()[-1])


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()


def seed(subscribers: int):
    """N confirmed subscribers (and nobody else) and a draft edition of the newest video."""
    from django.utils import timezone

    from alongside.newsletter.models import Edition, Subscriber
    from alongside.newsletter.services import address_digest
    from alongside.videos.models import VideoPage

    now = timezone.now()
    Edition.objects.all().delete()
    Subscriber.objects.all().delete()
    emails = [f"reader{n}@example.org" for n in range(subscribers)]
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=email,
                address_digest=address_digest(email),
                status=Subscriber.Status.CONFIRMED,
                created_at=now,
                confirmed_at=now,
            )
            for email in emails
        ],
        batch_size=1000,
    )
    video = VideoPage.objects.live().order_by("-first_published_at").first()
    return Edition.objects.create(
        video=video, subject=video.title, preheader=video.summary, created_at=now
    )


def measure(subscribers: int, profile: str = "") -> None:
    """In the child process, on the benchmark database: seed, send, count."""
    django_setup()
    from django.db import connection

    from alongside.newsletter import sending
    from alongside.newsletter.models import Delivery

    edition = seed(subscribers)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    sending.start_sending(edition=edition)
    start_seconds = time.perf_counter() - started
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        status = sending.send(edition.pk)
        send_seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    sent = Delivery.objects.filter(edition=edition, state=Delivery.State.SENT)
    result = {
        "subscribers": subscribers,
        "status": status,
        "sent": sent.count(),
        "distinct_recipients": sent.values("subscriber").distinct().count(),
        "start_seconds": round(start_seconds, 2),
        "send_seconds": round(send_seconds, 2),
        "messages_per_second": round(subscribers / send_seconds, 1),
        "queries_per_message": round(queries / subscribers, 3),
    }
    print(json.dumps(result))


def main(subscribers: int = 10_000, engines=("sqlite", "postgresql"), profile: str = "") -> dict:
    results = {}
    for engine, url in database_urls():
        if engine not in engines:
            continue
        results[engine] = figures = run_engine(
            engine, url, subscribers, profile and f"{profile}.{engine}"
        )
        ok = figures["sent"] == figures["distinct_recipients"] == subscribers
        print(
            f"{engine:>10}: {figures['messages_per_second']:>7} messages/s, "
            f"{figures['queries_per_message']} SQL queries per message, "
            f"{figures['sent']} of {subscribers} sent once each{'' if ok else ' (MISMATCH)'}; "
            f"starting (render + {subscribers} send records) took {figures['start_seconds']} s",
            flush=True,
        )
    (OUT / "newsletter.json").write_text(json.dumps(results, indent=2))
    return results


# --kill-twice: a real task worker killed twice while it sends (issue 14's crash guarantee).
KILL_LEASE_SECONDS = 3  # TASK_LEASE_SECONDS for the drill: a dead worker's rows are due again
KILL_SINK_DELAY = 0.004  # seconds the sink takes after receiving a message, before "250"
KILL_AT = (0.2, 0.45)  # the worker is killed when this share of the list has been received
KILL_TIMEOUT = 120  # seconds for the whole send, kills and restarts included


class CountingSink:
    """aiosmtpd handler writing one line per message received ("recipient TAB Message-ID") to
    a file, then taking KILL_SINK_DELAY to answer: a worker killed during that wait is killed
    with a message the server has and the worker never heard accepted (the message in
    flight)."""

    def __init__(self, path: str, delay: float):
        self.out = open(path, "a", buffering=1)  # noqa: SIM115 (open while the sink runs)
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        from email.parser import BytesHeaderParser

        headers = BytesHeaderParser().parsebytes(envelope.content)
        for recipient in envelope.rcpt_tos:
            self.out.write(f"{recipient}\t{headers['Message-ID']}\n")
        await asyncio.sleep(self.delay)
        return "250 Accepted"


def counting_sink(port: int, path: str, delay: float) -> None:
    """`--sink`: the counting sink, until killed."""
    from aiosmtpd.controller import Controller

    controller = Controller(CountingSink(path, delay), hostname="127.0.0.1", port=port)
    controller.start()
    while True:
        time.sleep(3600)


def start_send(subscribers: int) -> None:
    """`--start-send`: seed, and queue the edition for the task worker (as send_edition does)."""
    django_setup()
    from alongside.newsletter import sending

    sending.start_sending(edition=seed(subscribers))


def tally(path: str) -> None:
    """`--tally`: per subscriber, how many messages the sink received and with how many
    Message-IDs, against the deliveries; counts only (no address is printed)."""
    django_setup()
    from collections import Counter, defaultdict

    from alongside.newsletter import sending
    from alongside.newsletter.models import Delivery, Edition, Subscriber

    received, message_ids = Counter(), defaultdict(set)
    for line in Path(path).read_text().splitlines():
        recipient, message_id = line.split("\t")
        received[recipient] += 1
        message_ids[recipient].add(message_id)
    emails = list(Subscriber.objects.values_list("email", flat=True))
    expected = dict(Delivery.objects.values_list("subscriber__email", "message_id"))
    twice = [e for e in emails if received[e] == 2]
    edition = Edition.objects.get()
    print(
        json.dumps(
            {
                "subscribers": len(emails),
                "delivered_once": sum(received[e] == 1 for e in emails),
                "delivered_twice": len(twice),
                "delivered_more": sum(received[e] > 2 for e in emails),
                "missing": sum(received[e] == 0 for e in emails),
                "strangers": sum(1 for r in received if r not in expected),
                "duplicates_same_message_id": sum(len(message_ids[e]) == 1 for e in twice),
                "wrong_message_id": sum(
                    message_ids[e] != {expected[e]} for e in emails if received[e]
                ),
                "deliveries": sending.counts(edition.pk),
                "edition": edition.status,
            }
        )
    )


def edition_status(database_url: str) -> str:
    """The edition's status, read directly (a Django process per look costs seconds)."""
    sql = "SELECT status FROM newsletter_edition"
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=10) as db:
            row = db.execute(sql).fetchone()
    else:
        import psycopg

        with psycopg.connect(database_url) as db:
            row = db.execute(sql).fetchone()
    return row[0] if row else ""


def kill_twice(engine: str, database_url: str, subscribers: int) -> dict:
    """Send to `subscribers` with a real `db_worker` and the periodic jobs, `kill -9` the
    worker twice mid-send (a new one started each time, as systemd would), and count what
    each subscriber received once the edition is sent."""
    port = free_smtp_port()
    env = environment(database_url, port) | {"TASK_LEASE_SECONDS": str(KILL_LEASE_SECONDS)}
    received = OUT / f"{DATABASE_NAME}-received.tsv"
    received.unlink(missing_ok=True)
    print(f"Preparing the {engine} database…", flush=True)
    for command in (("migrate", "--noinput", "-v0"), ("load_demo",)):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    here = [sys.executable, __file__]
    subprocess.run([*here, "--start-send", "--subscribers", str(subscribers)], env=env, check=True)
    quiet = dict(cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sink = subprocess.Popen(
        [*here, "--sink", str(port), str(received), "--sink-delay", str(KILL_SINK_DELAY)], **quiet
    )
    periodic = subprocess.Popen(
        [sys.executable, "manage.py", "run_periodic_jobs", "--round-seconds", "1"], **quiet
    )
    worker_command = [
        *(sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"),
        *("--interval", "0.5"),
    ]
    workers = []

    def lines() -> int:
        return received.read_text().count("\n") if received.exists() else 0

    kills = []
    started = time.monotonic()
    try:
        time.sleep(1)  # the sink listening
        workers.append(subprocess.Popen(worker_command, **quiet))
        for share in KILL_AT:
            while lines() < share * subscribers:
                if time.monotonic() - started > KILL_TIMEOUT:
                    raise SystemExit("The send did not get that far.")
                time.sleep(0.01)
            workers[-1].kill()  # SIGKILL: no goodbye, the rows it holds stay `sending`
            workers[-1].wait()
            kills.append(lines())
            workers.append(subprocess.Popen(worker_command, **quiet))
        while edition_status(database_url) != "sent":
            if time.monotonic() - started > KILL_TIMEOUT:
                break
            time.sleep(0.5)
        seconds = time.monotonic() - started
    finally:
        for process in (*workers, periodic, sink):
            process.kill()
            process.wait()
    result = json.loads(
        subprocess.run(
            [*here, "--tally", str(received)], env=env, capture_output=True, text=True, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    result |= {"received_at_kills": kills, "seconds": round(seconds, 1)}
    result["ok"] = (
        result["edition"] == "sent"
        and result["missing"] == result["strangers"] == result["delivered_more"] == 0
        and result["delivered_twice"] <= len(kills)
        and result["duplicates_same_message_id"] == result["delivered_twice"]
        and result["wrong_message_id"] == 0
    )
    return result


def main_kill_twice(subscribers: int, engines) -> dict:
    results = {}
    for engine, url in database_urls():
        if engine not in engines:
            continue
        results[engine] = r = kill_twice(engine, url, subscribers)
        print(
            f"{engine:>10}: killed at {r['received_at_kills'][0]} and "
            f"{r['received_at_kills'][1]} received; of {r['subscribers']} subscribers "
            f"{r['delivered_once']} received it once, {r['delivered_twice']} twice "
            f"({r['duplicates_same_message_id']} with the same Message-ID both times), "
            f"{r['missing']} not at all; edition {r['edition']} after {r['seconds']} s"
            f"{'' if r['ok'] else ' (TARGET MISSED)'}",
            flush=True,
        )
    (OUT / "newsletter-kill-twice.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--engine",
        choices=["sqlite", "postgresql"],
        action="append",
        help="only this database (repeatable; default: both)",
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="write a cProfile of the send to FILE.<engine>"
    )
    parser.add_argument(
        "--kill-twice",
        action="store_true",
        help="instead of measuring: kill a real task worker twice mid-send (default 2,000 "
        "subscribers) and count what each subscriber received",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start-send", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tally", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--sink", nargs=2, metavar=("PORT", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--sink-delay", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    engines = args.engine or ("sqlite", "postgresql")
    if args.sink:
        counting_sink(int(args.sink[0]), args.sink[1], args.sink_delay)
    elif args.start_send:
        start_send(args.subscribers)
    elif args.tally:
        tally(args.tally)
    elif args.kill_twice:
        main_kill_twice(2000 if args.subscribers == 10_000 else args.subscribers, engines)
    elif args.measure:
        measure(args.subscribers, args.profile or "")
    else:
        main(args.subscribers, engines, args.profile or "")
