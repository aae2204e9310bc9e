"""`make bench`: measure Alongside the way production runs it.

Creates a separate benchmark database (SQLite under var/bench/, or a database named
alongside_bench on the PostgreSQL server of DATABASE_URL when that is set), seeds it, serves it
with gunicorn (2 workers, DEBUG off, rate limits lifted, the rest of the spam guard on), and
drives it with wrk on loopback. Every scenario is bounded in time; everything started is stopped.
Prints a table and writes var/bench/<date>.json (and latest.json).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PYTHON = sys.executable
LUA = Path(__file__).resolve().parent / "lua"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shared_cache_url() -> str:
    """Two gunicorn workers must share one cache (docs/decisions/0005-page-cache.md): Redis
    from REDIS_URL, or the local one on its usual port. Each run uses keys of its own."""
    if url := os.environ.get("REDIS_URL", ""):
        return url
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return ""
    return "redis://127.0.0.1:6379/15"


def bench_environment(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PAGE_CACHE_SECONDS")}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        RATELIMIT_ENABLE="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        ENV_FILE="",
        MEDIA_ROOT=str(OUT / "media"),
        REDIS_URL=shared_cache_url(),
        CACHE_KEY_PREFIX=f"alongside-bench-{secrets.token_hex(4)}",
    )
    return env


def prepare_database() -> tuple[str, str]:
    """A fresh benchmark database: (DATABASE_URL, engine name)."""
    source = os.environ.get("DATABASE_URL", "")
    if source.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(source)
        admin = f"{parts.scheme}://{parts.netloc}/postgres"
        for statement in (
            "DROP DATABASE IF EXISTS alongside_bench",
            "CREATE DATABASE alongside_bench",
        ):
            subprocess.run(["psql", admin, "-q", "-c", statement], check=True)
        return urllib.parse.urlunsplit(parts._replace(path="/alongside_bench")), "postgresql"
    database = OUT / "bench.sqlite3"
    for leftover in OUT.glob("bench.sqlite3*"):
        leftover.unlink()
    return f"sqlite:///{database}", "sqlite"


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else None


class Server:
    """gunicorn with 2 workers, as production runs it; stopped on exit."""

    def __init__(self, env, port):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "alongside.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--keep-alive",
                "5",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        wait_for(self.base + "/")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)


class Nginx:
    """nginx with deploy/nginx.conf (paths and ports adapted), in front of `upstream_port`."""

    def __init__(self, upstream_port, port, static_root):
        self.prefix = Path(tempfile.mkdtemp(prefix="alongside-nginx-"))
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        site = site.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
        site = site.replace("/var/cache/nginx/alongside", str(self.prefix / "cache"))
        site = site.replace("/srv/alongside/var/static/", f"{static_root}/")
        site = site.replace("/srv/alongside/var/media/", f"{OUT / 'media'}/")
        (self.prefix / "site.conf").write_text(site)
        (self.prefix / "nginx.conf").write_text(
            "worker_processes 1;\nerror_log stderr warn;\npid nginx.pid;\n"
            "user root;\nevents { worker_connections 1024; }\n"
            "http {\n  access_log off;\n  include /etc/nginx/mime.types;\n"
            f"  client_body_temp_path {self.prefix}/body;\n  proxy_temp_path {self.prefix}/proxy;\n"
            f"  include {self.prefix}/site.conf;\n}}\n"
        )
        self.process = subprocess.Popen(
            [
                "nginx",
                "-p",
                str(self.prefix),
                "-c",
                str(self.prefix / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        wait_for(self.base + "/static/css/site.css")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)
        shutil.rmtree(self.prefix, ignore_errors=True)


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def fetch(url, data=None, headers=None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url, *, duration, connections, threads=2, script=None, env=None) -> dict:
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        env=(os.environ | (env or {})),
        timeout=duration + 60,
    )
    return parse_wrk(result.stdout)


def parse_wrk(output: str) -> dict:
    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 3)

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    counted = re.search(r"^ok_responses (\d+)$", output, re.MULTILINE)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": requests,
        "errors": (int(non_ok.group(1)) if non_ok else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
        "ok_responses": int(counted.group(1)) if counted else None,
    }


def form_fields(html: str, action_pattern: str) -> tuple[str, str]:
    """The action and the signed token of the form whose action matches `action_pattern`."""
    match = re.search(rf'<form[^>]*action="({action_pattern})[^"]*"', html)
    token = re.search(r'name="token" value="([^"]+)"', html[match.end() :]).group(1)
    return match.group(1), token


def count_rows(env, model: str, field_filter: str) -> int:
    code = (
        "from django.apps import apps; "
        f"print(apps.get_model('{model}').objects.filter({field_filter}).count())"
    )
    return int(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def measure_page(env, path) -> dict:
    """SQL queries and HTML size of one rendering, in-process, with the page cache off."""
    code = f"""
import gzip, json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get({path!r})
with CaptureQueriesContext(connection) as queries:
    response = client.get({path!r})
assert response.status_code == 200, response.status_code
query_count = len(queries)  # read now: every request empties Django's query log
started = time.perf_counter()
for _ in range(20):
    client.get({path!r})
print(json.dumps({{"queries": query_count, "html_bytes": len(response.content),
                  "html_gzip_bytes": len(gzip.compress(response.content)),
                  "mean_render_ms": round((time.perf_counter() - started) * 50, 1)}}))
"""
    output = manage(env | {"PAGE_CACHE_SECONDS": "0"}, "shell", "-c", code, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: `sudo apt-get install wrk` (make bench does it).")
    OUT.mkdir(parents=True, exist_ok=True)
    database_url, engine = prepare_database()
    env = bench_environment(database_url)
    print(f"Preparing the {engine} benchmark database…", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(
        env, "seed", "--videos", "20", "--reflections-per-video", "50", "--pledges-per-video", "200"
    )
    manage(
        env, "seed", "--videos", "2", "--reflections-per-video", "120", "--pledges-per-video", "10"
    )
    manage(
        env,
        "seed",
        "--videos",
        "1",
        "--reflections-per-video",
        "1000",
        "--pledges-per-video",
        "10000",
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    paths = json.loads(
        manage(
            env,
            "shell",
            "-c",
            (
                "import json; from alongside.videos.models import VideoPage; "
                "from django.db.models import Count; "
                "v = VideoPage.objects.annotate(n=Count('reflections')); "
                "print(json.dumps({'video': v.filter(n=50).first().url, "
                "'busy': v.filter(n=120).first().url, "
                "'largest': v.filter(n=1000).first().url}))"
            ),
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )
    video, busy = paths["video"], paths["busy"]
    static_root = ROOT / "var" / "static"
    results = {"scenarios": {}}
    results["video_page"] = measure_page(env, video)
    results["video_page_1000_reflections_10000_pledges"] = measure_page(env, paths["largest"])
    run = dict(duration=args.duration, connections=args.connections)

    server = Server(env, free_port())
    try:
        status, html, _ = fetch(server.base + video)
        assert status == 200, status
        (static_root / "bench-reference.html").write_bytes(html)
    finally:
        server.stop()

    server = Server(env, free_port())
    nginx = None
    try:
        scenarios = results["scenarios"]
        base = server.base
        fetch(base + video)
        print("Measuring…", flush=True)
        scenarios["video page, warm"] = wrk(base + video, **run)
        scenarios["video page, page-cache miss"] = wrk(
            base + video, script=LUA / "unique_query.lua", **run
        )
        scenarios["home page"] = wrk(base + "/", **run)
        fetch(base + busy + "?page=2")
        scenarios["reflections page 2"] = wrk(base + busy + "?page=2", **run)
        scenarios["static file, same size (gunicorn)"] = wrk(
            base + "/static/bench-reference.html", **run
        )
        scenarios["post a reflection"] = post_scenario(
            env,
            base,
            video,
            run,
            action=r"/reflections/video/\d+/",
            fields="text=Bench+reflection+WHO",
            model="reflections.Reflection",
        )
        scenarios["post a pledge"] = post_scenario(
            env,
            base,
            video,
            run,
            action=r"/pledges/video/\d+/pledge/",
            fields="note=&visibility=name",
            model="pledges.Pledge",
        )
        results["poster sees their reflection next load"] = poster_sees_own(base, video)
        if shutil.which("nginx"):
            nginx = Nginx(int(base.rsplit(":", 1)[1]), free_port(), static_root)
            fetch(nginx.base + video)
            scenarios["video page through nginx micro-cache"] = wrk(nginx.base + video, **run)
            scenarios["static file, same size (nginx)"] = wrk(
                nginx.base + "/static/bench-reference.html", **run
            )
    finally:
        if nginx:
            nginx.stop()
        server.stop()

    cold_env = env | {"DISABLE_CACHES": "true"}
    server = Server(cold_env, free_port())
    try:
        fetch(server.base + video)
        results["scenarios"]["video page, cold (no caches)"] = wrk(server.base + video, **run)
    finally:
        server.stop()

    results.update(
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        cores=os.cpu_count(),
        engine=engine,
        cache="redis" if env["REDIS_URL"] else "local memory (one per worker)",
        commit=subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        duration_seconds=args.duration,
        connections=args.connections,
    )
    report(results)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name in (f"{stamp}.json", "latest.json"):
        (OUT / name).write_text(json.dumps(results, indent=2))
    print(f"\nWritten to {OUT / (stamp + '.json')}")


def post_scenario(env, base, video, run, *, action, fields, model) -> dict:
    """POST distinct forms for `duration`; then rows written must equal successful answers."""
    _, html, _ = fetch(base + video)
    action, token = form_fields(html.decode(), action)
    time.sleep(float(os.environ.get("FORM_MIN_FILL_SECONDS", "3")) + 0.5)
    row_filter = "name__startswith='Bench '"
    before = count_rows(env, model, row_filter)
    result = wrk(
        base + action,
        script=LUA / "post_form.lua",
        env={"BENCH_TOKEN": token, "BENCH_ORIGIN": base, "BENCH_FIELDS": fields},
        **run,
    )
    written = count_rows(env, model, row_filter) - before
    distinct = count_distinct_names(env, model, row_filter)
    accepted = result["ok_responses"] or 0
    result["rows_written"] = written
    # Every request carries a distinct name: two rows with one name would be a duplicate.
    result["duplicated"] = written - distinct
    # wrk stops with requests in flight: the app may have written rows whose answers wrk never
    # read. So rows may exceed accepted answers, but an accepted answer without a row is lost.
    result["lost"] = max(0, accepted - distinct)
    result["in_flight_at_stop"] = max(0, distinct - accepted)
    return result


def count_distinct_names(env, model: str, field_filter: str) -> int:
    code = (
        "from django.apps import apps; "
        f"print(apps.get_model('{model}').objects.filter({field_filter})"
        ".values('name').distinct().count())"
    )
    return int(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def poster_sees_own(base, video) -> bool:
    _, html, _ = fetch(base + video)
    action, token = form_fields(html.decode(), r"/reflections/video/\d+/")
    time.sleep(3.5)
    text = f"Seen at once {secrets.token_hex(4)}"
    body = urllib.parse.urlencode(
        {
            "token": token,
            "website": "",
            "name": "Poster",
            "email": "poster@example.org",
            "text": text,
        }
    ).encode()
    status, _, headers = fetch(base + action, data=body, headers={"Origin": base})
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    _, page, _ = fetch(base + headers["Location"], headers={"Cookie": cookie})
    return status == 302 and text in page.decode()


def report(results):
    rows = [("scenario", "req/s", "p50 ms", "p99 ms", "errors")]
    for name, figures in results["scenarios"].items():
        rows.append(
            (
                name,
                f"{figures['requests_per_second']:.0f}",
                str(figures["p50_ms"]),
                str(figures["p99_ms"]),
                str(figures["errors"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    print()
    for row in rows:
        print(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )
    print()
    for label, key in (
        ("50 reflections, 200 pledges", "video_page"),
        ("1,000 reflections, 10,000 pledges", "video_page_1000_reflections_10000_pledges"),
    ):
        page = results[key]
        print(
            f"Video page with {label}: {page['queries']} SQL queries, {page['html_bytes']} bytes "
            f"of HTML ({page['html_gzip_bytes']} gzipped), {page['mean_render_ms']} ms to "
            "render (mean of 20, page cache off)."
        )
    for name in ("post a reflection", "post a pledge"):
        figures = results["scenarios"][name]
        print(
            f"{name}: {figures['ok_responses']} accepted, {figures['rows_written']} rows "
            f"written, {figures['lost']} lost, {figures['duplicated']} duplicated."
        )
    print(
        f"Poster sees their reflection on the next load: "
        f"{results['poster sees their reflection next load']}"
    )
    print(
        f"{results['cores']} cores, {results['engine']}, cache: {results['cache']}, "
        f"commit {results['commit']}, {results['date']}"
    )


if __name__ == "__main__":
    main()
