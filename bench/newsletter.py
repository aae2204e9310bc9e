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


def measure(subscribers: int, profile: str = "") -> None:
    """In the child process, on the benchmark database: seed, send, count."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from alongside.newsletter import sending
    from alongside.newsletter.models import Delivery, Edition, Subscriber
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
    edition = Edition.objects.create(
        video=video, subject=video.title, preheader=video.summary, created_at=now
    )

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
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.subscribers, args.profile or "")
    else:
        main(args.subscribers, args.engine or ("sqlite", "postgresql"), args.profile or "")
