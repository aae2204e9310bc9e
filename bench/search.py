"""Measure a search on a catalogue of 1,000 videos: its SQL query count and median time.

Creates its own database (var/bench/search_bench.sqlite3, or alongside_search_bench on the
PostgreSQL server of DATABASE_URL), loads the demo, seeds 1,000 videos (`seed`, bulk inserts, then
`update_index` as the issue asks), and times searches through Django's test client in this
process, so the figure is the view's own cost without a web server. Usage:

    .venv/bin/python bench/search.py [--runs 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/search.py
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import prepare_database  # bench/run.py: run as a script, this folder is on the path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
QUERIES = {
    "every video matches ('synthetic')": "synthetic",
    "two words, every video ('someone today')": "someone today",
    "a few demo videos ('hamstring')": "hamstring",
    "nothing matches ('zeppelin')": "zeppelin",
}


def manage(*args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def measure(runs: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    for label, query in QUERIES.items():
        client.get("/search/", {"q": query})  # warm: the site, the restrictions
        queries = []
        # A wrapper rather than connection.queries: each request starts by resetting those.
        with connection.execute_wrapper(counting_into(queries)):
            response = client.get("/search/", {"q": query})
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"| {label} | {len(queries)} | {statistics.median(timings):.1f} | {max(timings):.1f} |"
        )


def counting_into(queries: list):
    def wrapper(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=prepare_database("search_bench")[0],
        ENV_FILE="",
        DEBUG="false",
        SECRET_KEY="search-bench",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(OUT / "search-media"),
        DJANGO_SETTINGS_MODULE="alongside.settings",
    )
    manage("migrate", "--noinput", "-v0")
    manage("load_demo")
    manage("seed", "--videos", "1000", "--reflections-per-video", "0", "--pledges-per-video", "0")
    manage("update_index")
    print(f"{connection_name()}: median of {args.runs} searches")
    print("| search | SQL queries | median ms | max ms |\n| --- | ---: | ---: | ---: |")
    measure(args.runs)


def connection_name() -> str:
    return "PostgreSQL" if "postgres" in os.environ["DATABASE_URL"] else "SQLite"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
