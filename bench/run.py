"""`make bench`: measure Alongside the way production runs it.

Creates a separate benchmark database (SQLite under var/bench/, or a database named
alongside_bench on the PostgreSQL server of DATABASE_URL when that is set), seeds it, serves it
with gunicorn (2 workers, DEBUG off, rate limits lifted, the rest of the spam guard on), and
drives it with wrk on loopback. Every scenario is bounded in time; everything started is stopped.
Prints a table and writes var/bench/<date>.json (and latest.json).

The viral scenario of issue 11 (`--only viral` runs it alone): readers of one popular video
while a poster writes to it at 5 and 20 posts/s, a probe measuring how long posts take to show,
a drill stopping a Redis of its own for `--outage` seconds, and renders/s with the page cache off.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # deploy/render.py renders the nginx site the benchmark runs
from deploy.render import loopback_nginx_conf, loopback_values, render  # noqa: E402

OUT = ROOT / "var" / "bench"
# nginx answers on loopback with a certificate of its own making.
LOOPBACK_TLS = ssl.create_default_context()
LOOPBACK_TLS.check_hostname = False
LOOPBACK_TLS.verify_mode = ssl.CERT_NONE
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


def prepare_database(name: str = "bench") -> tuple[str, str]:
    """A fresh benchmark database, `alongside_<name>` on the PostgreSQL server of DATABASE_URL
    or `var/bench/<name>.sqlite3`: (DATABASE_URL, engine name)."""
    source = os.environ.get("DATABASE_URL", "")
    if source.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(source)
        admin = f"{parts.scheme}://{parts.netloc}/postgres"
        for statement in (
            f"DROP DATABASE IF EXISTS alongside_{name}",
            f"CREATE DATABASE alongside_{name}",
        ):
            subprocess.run(["psql", admin, "-q", "-c", statement], check=True)
        return urllib.parse.urlunsplit(parts._replace(path=f"/alongside_{name}")), "postgresql"
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / f"{name}.sqlite3"
    for leftover in OUT.glob(f"{name}.sqlite3*"):
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
    """nginx with the site of deploy/nginx.conf rendered for loopback (HTTPS on `port`), in
    front of `upstream_port`."""

    def __init__(self, upstream_port, port, static_root):
        self.prefix = Path(tempfile.mkdtemp(prefix="alongside-nginx-"))
        values = loopback_values(
            self.prefix,
            http_port=free_port(),
            https_port=port,
            app_ports=[upstream_port],
            media_root=OUT / "media",
            STATIC_ROOT=str(static_root),
        )
        main = loopback_nginx_conf(self.prefix, render("nginx.conf", values))
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.prefix), "-c", str(main), "-g", "daemon off;"],
            start_new_session=True,
        )
        self.base = f"https://127.0.0.1:{port}"
        wait_for(self.base + "/static/css/site.css")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)
        shutil.rmtree(self.prefix, ignore_errors=True)


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def fetch(url, data=None, headers=None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=LOOPBACK_TLS)
    )
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url, *, duration, connections, threads=2, script=None, env=None) -> dict:
    return finish_wrk(
        start_wrk(
            url, duration=duration, connections=connections, threads=threads, script=script, env=env
        ),
        duration,
    )


def start_wrk(url, *, duration, connections, threads=2, script=None, env=None):
    """wrk running in the background; `finish_wrk` waits for it and reads its figures."""
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
    if script:
        command += ["-s", str(script)]
    return subprocess.Popen(
        [*command, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=(os.environ | (env or {})),
    )


def finish_wrk(process, duration) -> dict:
    try:
        stdout, stderr = process.communicate(timeout=duration + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args, stdout, stderr)
    return parse_wrk(stdout)


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
    figures = {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": requests,
        "errors": (int(non_ok.group(1)) if non_ok else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
        "ok_responses": int(counted.group(1)) if counted else None,
    }
    if socket_errors:
        figures["socket_errors"] = dict(
            zip(
                ("connect", "read", "write", "timeout"),
                map(int, socket_errors.groups()),
                strict=True,
            )
        )
    # Scripts may count answers of their own: "count <name> <n>" lines.
    if counts := re.findall(r"^count (\w+) (\d+)$", output, re.MULTILINE):
        figures["counts"] = {name: int(n) for name, n in counts}
    return figures


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
    parser.add_argument(
        "--only",
        choices=["viral", "posting", "newsletter"],
        help="run only these scenarios (viral: one popular video read while people post; "
        "posting: reflections and pledges posted as fast as the connections can; "
        "newsletter: one weekly email to 10,000 subscribers, bench/newsletter.py)",
    )
    parser.add_argument(
        "--outage",
        type=float,
        default=15,
        help="seconds the viral scenario's Redis-down drill stops its Redis for",
    )
    args = parser.parse_args()
    if args.only == "newsletter":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import newsletter

        newsletter.main()
        return
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
    if not args.only:
        manage(
            env,
            "seed",
            "--videos",
            "2",
            "--reflections-per-video",
            "120",
            "--pledges-per-video",
            "10",
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
    results = {"scenarios": {}}
    if args.only == "posting":
        only_posting(env, args, results)
        return
    if not args.only:
        classic_scenarios(env, args, results)
    results["viral"] = viral_scenarios(env, args)
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
        only=args.only,
    )
    if not args.only:
        report(results)
    report_viral(results)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name in (f"{stamp}.json", "latest.json"):
        (OUT / name).write_text(json.dumps(results, indent=2))
    print(f"\nWritten to {OUT / (stamp + '.json')}")


def classic_scenarios(env, args, results):
    """The scenarios of issue 7: pages warm, missed and cold, posting, nginx, references."""
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
    results["video_page"] = measure_page(env, video)
    results["video_page_1000_reflections_10000_pledges"] = measure_page(env, paths["largest"])
    run = dict(duration=args.duration, connections=args.connections)

    write_reference_page(env, video)

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
        scenarios.update(posting_scenarios(env, base, video, run))
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


def write_reference_page(env, path):
    """The page's HTML as a static file (served by a server started after this): the reference
    that tells what the machine itself can serve during the same run."""
    server = Server(env, free_port())
    try:
        status, html, _ = fetch(server.base + path)
        assert status == 200, status
        (ROOT / "var" / "static" / "bench-reference.html").write_bytes(html)
    finally:
        server.stop()


def posting_scenarios(env, base, video, run) -> dict:
    """Reflections, then pledges, posted to one video as fast as `run`'s connections can."""
    return {
        "post a reflection": post_scenario(
            env,
            base,
            video,
            run,
            action=r"/reflections/video/\d+/",
            fields="text=Bench+reflection+WHO",
            model="reflections.Reflection",
        ),
        "post a pledge": post_scenario(
            env,
            base,
            video,
            run,
            action=r"/pledges/video/\d+/pledge/",
            fields="note=&visibility=name",
            model="pledges.Pledge",
        ),
    }


def only_posting(env, args, results) -> None:
    """`--only posting`: the posting scenarios alone, against a video with 50 reflections."""
    video = popular_videos(env, 1)[0]["url"]
    server = Server(env, free_port())
    try:
        fetch(server.base + video)
        run = dict(duration=args.duration, connections=args.connections)
        results["scenarios"] = posting_scenarios(env, server.base, video, run)
    finally:
        server.stop()
    rows = [("scenario", "req/s", "p50 ms", "p99 ms", "errors")]
    rows += [(name, *wrk_cells(figures)) for name, figures in results["scenarios"].items()]
    print_table(rows)
    for name, figures in results["scenarios"].items():
        print(
            f"{name}: {figures['ok_responses']} accepted, {figures['rows_written']} rows "
            f"written, {figures['lost']} lost, {figures['duplicated']} duplicated."
        )


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


def wrk_cells(figures) -> tuple[str, ...]:
    """A wrk run's figures as table cells: req/s, p50 ms, p99 ms, errors."""
    return (
        f"{figures['requests_per_second']:.0f}",
        str(figures["p50_ms"]),
        str(figures["p99_ms"]),
        str(figures["errors"]),
    )


def print_table(rows) -> None:
    """Rows of cells in aligned columns: the first to the left, the others to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )


def report(results):
    rows = [("scenario", "req/s", "p50 ms", "p99 ms", "errors")]
    rows += [(name, *wrk_cells(figures)) for name, figures in results["scenarios"].items()]
    print_table(rows)
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


# The viral scenario (issue 11): one popular video read by many while people post to it.

VIRAL_RATES = (0, 5, 20)  # posts per second to the video; 0 is the same run's baseline
DRILL_RATE = 20  # posts per second while the drill's Redis stops and starts again
# Posts go out on schedule (an open loop: people do not wait for each other) unless this many
# are waiting for answers at once; then they go out late, and `post_max_lag_s` says so.
POSTER_THREADS = 64
PROBE_PAUSE = 0.05  # seconds between the probe's requests to each address
REFLECTIONS_PER_PAGE = 50  # alongside.reflections.selectors.PER_PAGE
SETTLE_SECONDS = 2.0  # after the load stops, the last post must show within this
REFLECTION_COUNT = re.compile(
    r'id="reflections-heading">Reflections <span class="count">\((\d+)\)</span>'
)


@dataclass
class Post:
    """One reflection the poster sent: its words, when it was sent and answered (monotonic
    seconds), and the answer's status (None when the connection failed)."""

    index: int
    text: str
    due: float
    sent: float
    answered: float
    status: int | None

    @property
    def accepted(self) -> bool:
        return self.status == 302


class Poster:
    """Posts reflections through the HTML form, paced at `rate` per second for `duration`
    seconds, each with a token of its own and words of its own (a separate client: its own
    threads and connections, as people posting from elsewhere)."""

    def __init__(self, base, video, tokens, *, rate, duration, tag):
        self.base, self.video, self.tokens = base, video, tokens
        self.rate, self.duration, self.tag = rate, duration, tag
        self.action = f"{base}/reflections/video/{video['id']}/"
        self.posts: list[Post] = []
        self.lock = threading.Lock()
        self.next_index = 0
        self.threads = []

    def start(self):
        self.started = time.monotonic()
        self.threads = [
            threading.Thread(target=self._work, daemon=True) for _ in range(POSTER_THREADS)
        ]
        for thread in self.threads:
            thread.start()

    def join(self):
        for thread in self.threads:
            thread.join()

    def _work(self):
        while True:
            with self.lock:
                index = self.next_index
                self.next_index += 1
            due = self.started + index / self.rate
            if index >= len(self.tokens) or due >= self.started + self.duration:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            self._post(index)

    def _post(self, index):
        text = f"Viral {self.tag}-{index}: I watched it twice, then I called my sister."
        body = urllib.parse.urlencode(
            {
                "token": self.tokens[index],
                "website": "",
                "name": f"Viral poster {index}",
                "email": f"viral-{self.tag}-{index}@example.org",
                "text": text,
            }
        ).encode()
        sent = time.monotonic()
        try:
            status, _, _ = fetch(self.action, data=body, headers={"Origin": self.base})
        except OSError:
            status = None
        due = self.started + index / self.rate
        post = Post(index, text, due, sent, time.monotonic(), status)
        with self.lock:
            self.posts.append(post)


class Probe:
    """Reads the page as any reader does (anonymous, no cookie), over and over, and notes what
    each answer showed: the reflection count on the readers' address, and which of this run's
    posts appear on the newest-first address (a new reflection goes to the last page of the
    default, oldest-first order, which readers of page 1 see only in the count). One thread
    per address, so that a slow answer on one does not delay the other."""

    def __init__(self, addresses: dict, tag: str):
        self.addresses = addresses
        self.marker = re.compile(rf"Viral {re.escape(tag)}-(\d+):")
        self.observations = {name: [] for name in addresses}
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._poll, args=(name, url), daemon=True)
            for name, url in addresses.items()
        ]

    def start(self):
        for thread in self.threads:
            thread.start()

    def _poll(self, name, url):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                status, body, headers = fetch(url)
                page = body.decode(errors="replace")
            except OSError:
                status, page, headers = None, "", {}
            count = REFLECTION_COUNT.search(page)
            self.observations[name].append(
                {
                    "started": started,
                    "status": status,
                    "count": int(count.group(1)) if count else None,
                    "shown": {int(n) for n in self.marker.findall(page)},
                    "page_cache": headers.get("X-Page-Cache"),
                }
            )
            self.stopping.wait(PROBE_PAUSE)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


class RedisServer:
    """A redis-server of the benchmark's own on a free port, which the drill stops and starts
    again (the shared Redis on 6379 is never touched). Nothing is saved to disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = tempfile.mkdtemp(prefix="alongside-redis-")
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                self.directory,
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def close(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def viral_scenarios(env, args) -> dict:
    """The viral week of issue 11: 16 readers of one popular video with no writes, then with a
    poster at 5 and at 20 posts/s; the same load while Redis stops for `--outage` seconds; and
    how fast that page renders when the page cache is off."""
    videos = popular_videos(env, count=len(VIRAL_RATES) + 1)
    readers_videos = videos[: len(VIRAL_RATES)]
    drill_seconds = int(args.outage) + 2 * max(5, args.duration // 2)
    wanted = {
        video["id"]: rate * args.duration + 5
        for video, rate in zip(readers_videos, VIRAL_RATES, strict=True)
    }
    wanted[videos[-1]["id"]] = DRILL_RATE * drill_seconds + 5
    tokens = mint_tokens(env, wanted)
    load = dict(duration=args.duration, connections=args.connections)
    results = {"runs": {}}
    print("Measuring the viral scenario…", flush=True)
    write_reference_page(env, videos[0]["url"])
    server = Server(env, free_port())
    try:
        # What this machine serves meanwhile: the same bytes as a static file, same server.
        results["reference_static_file"] = wrk(server.base + "/static/bench-reference.html", **load)
        for video, rate in zip(readers_videos, VIRAL_RATES, strict=True):
            name = f"{rate} posts/s" if rate else "no writes"
            results["runs"][name], _ = viral_run(
                env, server.base, video, tokens[video["id"]], rate=rate, **load
            )
    finally:
        server.stop()
    if shutil.which("redis-server"):
        results["redis_down"] = redis_down_drill(
            env, videos[-1], tokens[videos[-1]["id"]], args, duration=drill_seconds
        )
    else:
        print("redis-server is missing: the Redis-down drill is skipped.", flush=True)
    results["render_on_miss"] = render_on_miss(env, videos[0], load)
    return results


def popular_videos(env, count) -> list[dict]:
    """Videos with 50 reflections and 200 pledges that no scenario has written to yet."""
    code = (
        "import json; from alongside.videos.models import VideoPage; "
        "from django.db.models import Count; "
        "v = VideoPage.objects.annotate(n=Count('reflections', distinct=True), "
        "p=Count('pledges', distinct=True)).filter(n=50, p=200).order_by('pk'); "
        f"print(json.dumps([{{'id': x.pk, 'url': x.url}} for x in v[:{count}]]))"
    )
    videos = json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])
    assert len(videos) == count, f"{count} videos with 50 reflections and 200 pledges wanted"
    return videos


def mint_tokens(env, wanted: dict) -> dict:
    """Signed form tokens for each video, as the page would have issued them (with the server's
    SECRET_KEY), dated far enough back to pass FORM_MIN_FILL_SECONDS."""
    code = (
        "import json, time; from django.conf import settings; "
        "from alongside.core.guard import issue_token; "
        "then = time.time() - settings.FORM_MIN_FILL_SECONDS - 5; "
        f"print(json.dumps({{video: [issue_token(purpose='reflection', target_id=video, now=then) "
        f"for _ in range(n)] for video, n in {wanted!r}.items()}}))"
    )
    minted = json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])
    return {int(video): tokens for video, tokens in minted.items()}


def viral_run(env, base, video, tokens, *, rate, duration, connections, events=()) -> dict:
    """16 readers with wrk on the video's page, a poster at `rate` posts/s and the probe, for
    `duration` seconds; `events` are (seconds after the start, action) pairs, run on time."""
    url = base + video["url"]
    addresses = {"readers": url, "newest": url + "?order=newest"}
    for address in addresses.values():
        fetch(address)
    status, page, _ = fetch(url)
    assert status == 200, status
    baseline = int(REFLECTION_COUNT.search(page.decode()).group(1))
    tag = secrets.token_hex(3)
    probe = Probe(addresses, tag)
    poster = Poster(base, video, tokens, rate=rate, duration=duration, tag=tag) if rate else None
    load_average = os.getloadavg()[0]  # other work on the machine skews every figure
    probe.start()
    started = time.monotonic()
    readers = start_wrk(
        url, duration=duration, connections=connections, script=LUA / "viral_read.lua"
    )
    if poster:
        poster.start()
    timeline = {}
    for at, name, action in events:
        time.sleep(max(0.0, started + at - time.monotonic()))
        timeline[name] = time.monotonic() - started
        action()
    try:
        figures = finish_wrk(readers, duration)
    finally:
        if poster:
            poster.join()
    stopped = time.monotonic()
    posts = sorted(poster.posts if poster else [], key=lambda post: post.answered)
    accepted = [post for post in posts if post.accepted]
    settled_after = wait_until_settled(probe, stopped, baseline, accepted)
    probe.stop()

    counts = figures.pop("counts", {})
    figures.update(
        server_errors=counts.get("server_errors"),
        page_cache={name: counts.get(name) for name in ("hit", "stale", "miss", "none")},
        posts_per_second=round(len(posts) / duration, 1),
        posts_sent=len(posts),
        posts_accepted=len(accepted),
        post_errors=len(posts) - len(accepted),
        post_p50_ms=percentile([1000 * (p.answered - p.sent) for p in posts], 50),
        post_p99_ms=percentile([1000 * (p.answered - p.sent) for p in posts], 99),
        post_max_lag_s=round(max((p.sent - p.due for p in posts), default=0.0), 3),
        renders_per_post=(
            round(counts["miss"] / len(accepted), 2) if accepted and "miss" in counts else None
        ),
        staleness=staleness(probe, accepted, baseline),
        probe_errors=sum(
            1
            for observations in probe.observations.values()
            for observation in observations
            if observation["status"] != 200
        ),
        pages_stale_after_load=sum(1 for seconds in settled_after.values() if seconds is None),
        # The probe's own renders (its newest-first address is a page of its own in the cache).
        probe_page_cache=dict(
            Counter(
                o["page_cache"]
                for observations in probe.observations.values()
                for o in observations
            )
        ),
        seconds_to_fresh_after_load=settled_after,
        # What the probe got once the load stopped: enough to tell why a page stayed stale.
        probe_after_load={
            name: [
                {
                    "at_s": round(o["started"] - stopped, 3),
                    "status": o["status"],
                    "count": o["count"],
                    "page_cache": o["page_cache"],
                }
                for o in observations
                if o["started"] >= stopped
            ][:10]
            for name, observations in probe.observations.items()
        },
        expected_count_after_load=baseline + len(accepted),
        load_average_before=round(load_average, 2),
    )
    if poster:
        figures.update(rows_check(env, tag, accepted))
    return figures, {
        "posts": posts,
        "probe": probe,
        "baseline": baseline,
        "started": started,
        "timeline": timeline,
    }


def wait_until_settled(probe, stopped, baseline, accepted) -> dict:
    """After the load stops: for each address, seconds until the probe saw it show the last
    accepted post, counted to the start of the request whose answer showed it (so that answers
    slowed by the tail of the load do not count as staleness); None if no request started
    within SETTLE_SECONDS showed it. Pages slower than that are stale."""
    expected_count = baseline + len(accepted)
    last = accepted[-1].index if accepted else None
    checks = {
        "readers": lambda o: o["count"] is not None and o["count"] >= expected_count,
        "newest": lambda o: o["status"] == 200 and (last is None or last in o["shown"]),
    }
    settled = dict.fromkeys(checks)
    # Answers to requests started in time may come later: wait for them, within reason.
    deadline = stopped + SETTLE_SECONDS + 10
    while time.monotonic() < deadline and None in settled.values():
        for name, check in checks.items():
            for observation in list(probe.observations[name]):
                if (
                    settled[name] is None
                    and stopped <= observation["started"] <= stopped + SETTLE_SECONDS
                    and check(observation)
                ):
                    settled[name] = round(observation["started"] - stopped, 3)
        time.sleep(PROBE_PAUSE)
    return settled


def staleness(probe, accepted, baseline, counted=None) -> dict:
    """For each accepted post, the time from its answer until the probe's readers got a page
    showing it, in seconds, rounded up to the start of the probe's next request (its
    resolution is about a tenth of a second under load).

    `count`: the readers' page counts it, in that answer and every later one (a copy rendered
    before the post, served after it, is stale). `text`: the post's words on the newest-first
    page, in the first answer that shows them. `unseen`: posts never shown while the run
    lasted. `scrolled`: posts the probe could not look for, the newest-first page being full of
    this run's posts without it (50 newer ones, or it is stale: the `count` figure tells).
    `counted`: which posts the figures are about (all by default)."""
    result = {}
    for address, name in (("readers", "count"), ("newest", "text")):
        observations = [o for o in probe.observations[address] if o["status"] == 200]
        delays, unseen, scrolled = [], 0, 0
        for rank, post in enumerate(accepted, start=1):
            if counted is not None and not counted(post):
                continue
            after = [o for o in observations if o["started"] >= post.answered]
            first = None
            if name == "count":
                flags = [o["count"] >= baseline + rank for o in after]
                missing = [i for i, flag in enumerate(flags) if not flag]
                first = missing[-1] + 1 if missing else 0
                first = first if first < len(after) else None
            else:
                for i, observation in enumerate(after):
                    if post.index in observation["shown"]:
                        first = i
                        break
                    if len(observation["shown"]) >= REFLECTIONS_PER_PAGE:
                        scrolled += 1
                        first = -1
                        break
            if first is None:
                unseen += 1
            elif first >= 0:
                delays.append(0.0 if first == 0 else after[first]["started"] - post.answered)
        result[name] = {
            "max_s": round(max(delays), 3) if delays else None,
            "p99_s": percentile(delays, 99, digits=3),
            "unseen": unseen,
        }
        if name == "text":
            result[name]["scrolled"] = scrolled
    return result


def percentile(values, pct, digits=1):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))], digits)


def rows_check(env, tag, accepted) -> dict:
    """Rows written for this run's posts against the answers that accepted them."""
    code = (
        "import json; from alongside.reflections.models import Reflection; "
        f"print(json.dumps(list(Reflection.objects.filter(text__startswith='Viral {tag}-')"
        ".values_list('text', flat=True))))"
    )
    texts = json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])
    written = set(texts)
    accepted_texts = {post.text for post in accepted}
    return {
        "rows_written": len(texts),
        "lost": len(accepted_texts - written),
        "duplicated": len(texts) - len(written),
        # Written although the poster got an error (or no answer): not lost, but not told.
        "written_without_acceptance": len(written - accepted_texts),
    }


def redis_down_drill(env, video, tokens, args, *, duration) -> dict:
    """The viral load at DRILL_RATE posts/s on a server whose Redis is one of our own, stopped
    for `--outage` seconds mid-run and started again (empty, as after a crash)."""
    redis = RedisServer()
    drill_env = env | {"REDIS_URL": redis.url}
    down_at = (duration - args.outage) / 2
    try:
        server = Server(drill_env, free_port())
        try:
            figures, run = viral_run(
                drill_env,
                server.base,
                video,
                tokens,
                rate=DRILL_RATE,
                duration=duration,
                connections=args.connections,
                events=(
                    (down_at, "redis stopped", redis.stop),
                    (down_at + args.outage, "redis started", redis.start),
                ),
            )
        finally:
            server.stop()
    finally:
        redis.close()
    down, up = run["timeline"]["redis stopped"], run["timeline"]["redis started"]
    started = run["started"]
    phases = {}
    for post in run["posts"]:
        at = post.sent - started
        phase = "before" if at < down else "during" if at < up else "after"
        tally = phases.setdefault(phase, {"sent": 0, "accepted": 0, "5xx": 0, "failed": 0})
        tally["sent"] += 1
        tally["accepted"] += post.accepted
        tally["5xx"] += post.status is not None and post.status >= 500
        tally["failed"] += post.status is None
    accepted = [post for post in run["posts"] if post.accepted]
    figures.update(
        outage_seconds=args.outage,
        redis_stopped_at_s=round(down, 1),
        redis_started_at_s=round(up, 1),
        posts_by_phase=phases,
        posts_5xx=sum(tally["5xx"] for tally in phases.values()),
        staleness_of_posts_after_redis_returned=staleness(
            run["probe"],
            accepted,
            run["baseline"],
            counted=lambda post: post.sent - started >= up,
        ),
        rate=DRILL_RATE,
    )
    return figures


def render_on_miss(env, video, load) -> dict:
    """Renders per second of the 50-reflection page with the page cache off
    (PAGE_CACHE_SECONDS=0) and the other caches on and warm."""
    server = Server(env | {"PAGE_CACHE_SECONDS": "0"}, free_port())
    try:
        for _ in range(2):
            fetch(server.base + video["url"])
        return wrk(server.base + video["url"], **load)
    finally:
        server.stop()


def show(value) -> str:
    return "-" if value is None else str(value)


def report_viral(results):
    viral = results["viral"]
    runs = dict(viral["runs"])
    if "redis_down" in viral:
        drill = viral["redis_down"]
        runs[f"{drill['rate']} posts/s, Redis down {drill['outage_seconds']:g} s"] = drill
    rows = [
        (
            "viral: 16 readers of one video",
            "reads/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "5xx",
            "posts/s",
            "accepted",
            "renders/post",
            "stale max s",
            "stale p99 s",
            "unseen",
            "stale after",
        )
    ]
    for name, figures in runs.items():
        stale = figures["staleness"]
        rows.append(
            (
                name,
                *wrk_cells(figures),
                str(figures["server_errors"]),
                str(figures["posts_per_second"]),
                str(figures["posts_accepted"]),
                show(figures["renders_per_post"]),
                f"{show(stale['text']['max_s'])} / {show(stale['count']['max_s'])}",
                f"{show(stale['text']['p99_s'])} / {show(stale['count']['p99_s'])}",
                f"{stale['text']['unseen']} / {stale['count']['unseen']}",
                str(figures["pages_stale_after_load"]),
            )
        )
    miss = viral["render_on_miss"]
    reference = viral["reference_static_file"]
    rows.append(("reference: static file, same size", *wrk_cells(reference), *("",) * 8))
    rows.append(("page cache off: renders/s on a miss", *wrk_cells(miss), *("",) * 8))
    print_table(rows)
    print(
        "\nStaleness: seconds from a post's answer until readers get a page showing it, "
        "as text on the newest-first page / in the count on the readers' page; unseen: never "
        "shown during the run; stale after: pages (of those 2) not showing the last post "
        f"{SETTLE_SECONDS:g} s after the load stopped."
    )
    for name, figures in runs.items():
        if "rows_written" in figures:
            print(
                f"{name}: {figures['posts_sent']} posts sent (answered in {figures['post_p50_ms']} "
                f"ms at p50, {figures['post_p99_ms']} ms at p99; sent up to "
                f"{figures['post_max_lag_s']} s late), {figures['posts_accepted']} "
                f"accepted, {figures['rows_written']} rows written, {figures['lost']} lost, "
                f"{figures['duplicated']} duplicated, {figures['written_without_acceptance']} "
                f"written but answered with an error; readers' page cache "
                f"{figures['page_cache']}, the probe's {figures['probe_page_cache']}; load "
                f"average before: {figures['load_average_before']}."
            )
    if "redis_down" in viral:
        drill = viral["redis_down"]
        print(
            f"Redis down from {drill['redis_stopped_at_s']} s to {drill['redis_started_at_s']} s: "
            f"readers got {drill['server_errors']} 5xx, posts got {drill['posts_5xx']} 5xx; "
            f"posts by phase {drill['posts_by_phase']}; the probe got {drill['probe_errors']} "
            f"errors; wrk's socket errors {drill.get('socket_errors', {})}; staleness of posts "
            f"sent after Redis returned {drill['staleness_of_posts_after_redis_returned']}."
        )
    if not results.get("scenarios"):
        print(
            f"{results['cores']} cores, {results['engine']}, cache: {results['cache']}, "
            f"commit {results['commit']}, {results['date']}"
        )


if __name__ == "__main__":
    main()
