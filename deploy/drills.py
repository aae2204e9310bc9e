"""`make drills`: the fault drills of issue 13, against the cluster of `make cluster`.

Readers, reflection posts and pledge posts go through nginx while each drill runs:
1. PostgreSQL restarts; 2. Redis stops for 15 s, then starts (empty); 3. an app server is
killed with SIGKILL (and restarted, as systemd would); 4. a task worker is killed three times
while confirmation emails are queued; 5. Redis is filled to its memory limit.
Every post is a real form post with words of its own (a marker), so rows match answers; a post
that fails is sent again, as a person would, with the same form. Each pledge expects one
confirmation email at the cluster's SMTP sink. Prints a row per drill, writes
var/cluster/drills.json, and exits non-zero when a target of the issue is missed.
"""

import argparse
import json
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
import redis

from bench.run import REFLECTION_COUNT, fetch, form_fields, print_table
from deploy.cluster import (
    APP_PORTS,
    BASE_ENVIRONMENT,
    HTTPS_BEHIND_PROXY,
    REDIS_PORT,
    ROOT,
    STATE,
    WORKERS,
    Cluster,
    check_write_shows_everywhere,
    reflection_form,
    step,
    video_paths,
    wait_until_ready,
    with_settings,
)

READERS = 4
READ_PAUSE = 0.05  # seconds between one reader's requests
RETRY_PAUSE = 1.0  # a person sends the form again a second later
ATTEMPTS = 4
SETTLE_SECONDS = 2.0  # after the load: nginx's micro-cache (1 s) and the page cache's grace
EMAIL_WAIT_SECONDS = 60  # for the last queued emails to reach the sink
# The issue allows 5xx only while PostgreSQL restarts, for at most this long.
PG_RESTART_5XX_SECONDS = 1.0
KILLED_APP, KILLED_WORKER = f"web-{APP_PORTS[0]}", "worker-1"


@dataclass
class Post:
    """One form a person fills in and sends (again, when it fails)."""

    kind: str  # "reflection" or "pledge"
    marker: str
    email: str
    statuses: list = field(default_factory=list)  # one per sending; None: no answer

    @property
    def accepted(self) -> bool:
        return 302 in self.statuses


@dataclass
class Site:
    """The video the drills write to, and its forms' actions and tokens."""

    video: str
    reflection_action: str
    reflection_token: str
    pledge_action: str
    pledge_token: str

    @classmethod
    def find(cls, cluster: Cluster) -> "Site":
        _, listing, _ = fetch(cluster.base + "/videos/")
        video = video_paths(listing.decode())[0]
        _, page, _ = fetch(cluster.base + video)
        html = page.decode()
        reflection = form_fields(html, r"/reflections/video/\d+/")
        pledge = form_fields(html, r"/pledges/video/\d+/pledge/")
        time.sleep(3.5)  # the form's FORM_MIN_FILL_SECONDS
        return cls(video, *reflection, *pledge)


class Load:
    """Readers and posters through nginx for `duration` seconds; `events` are (seconds after
    the start, action) pairs run on time meanwhile."""

    def __init__(self, cluster: Cluster, site: Site, tag: str, *, reflections, pledges):
        self.cluster, self.site, self.tag = cluster, site, tag
        self.rates = {"reflection": reflections, "pledge": pledges}
        self.requests: list[tuple[float, str, int | None]] = []  # (when, method, status)
        self.posts: list[Post] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def run(self, duration: float, events=()) -> None:
        started = time.monotonic()
        self.started = started
        threads = [threading.Thread(target=self._read, args=(n,)) for n in range(READERS)]
        senders = ThreadPoolExecutor(max_workers=16)
        threads += [
            threading.Thread(target=self._pace, args=(kind, rate, senders))
            for kind, rate in self.rates.items()
            if rate
        ]
        for thread in threads:
            thread.start()
        self.timeline = []  # (seconds after the start, seconds taken, action)
        for at, action in events:
            time.sleep(max(0.0, started + at - time.monotonic()))
            began = time.monotonic()
            action()
            took = time.monotonic() - began
            self.timeline.append((round(began - started, 2), round(took, 2), action.__name__))
        time.sleep(max(0.0, started + duration - time.monotonic()))
        self.stopping.set()
        for thread in threads:
            thread.join()
        senders.shutdown(wait=True)  # posts in flight and their retries finish

    def _record(self, method, status):
        with self.lock:
            self.requests.append((time.monotonic() - self.started, method, status))

    def _read(self, reader):
        pages = [f"{self.site.video}?r={self.tag}", "/", "/videos/", self.site.video]
        n = 0
        while not self.stopping.is_set():
            # A query no one else sends passes nginx's micro-cache and reaches an app server.
            page = pages[n % len(pages)] + (f"-{reader}-{n}" if n % len(pages) == 0 else "")
            self._record("GET", self._status(self.cluster.base + page))
            n += 1
            self.stopping.wait(READ_PAUSE)

    def _pace(self, kind, rate, senders):
        n = 0
        while not self.stopping.wait(1 / rate):
            marker = f"Drill {self.tag}-{kind[0]}{n}"
            post = Post(kind, marker, f"drill-{self.tag}-{kind[0]}{n}@example.org")
            with self.lock:
                self.posts.append(post)
            senders.submit(self._send, post)
            n += 1

    def _send(self, post: Post):
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(RETRY_PAUSE)
            status = self._status(self.cluster.base + self._action(post), self._form(post))
            self._record("POST", status)
            post.statuses.append(status)
            if status is not None and status < 500:
                return

    def _action(self, post):
        if post.kind == "reflection":
            return self.site.reflection_action
        return self.site.pledge_action

    def _form(self, post) -> bytes:
        # One submit_key per form filled in: sending it again is the same submission.
        submit_key = post.marker.encode().hex()[-32:].rjust(32, "0")
        if post.kind == "reflection":
            return reflection_form(
                self.site.reflection_token,
                f"{post.marker}: watched it, then called my sister.",
                post.email,
                submit_key,
            )
        fields = {
            "token": self.site.pledge_token,
            "website": "",
            "name": post.marker,
            "email": post.email,
            "note": "",
            "visibility": "name",
            "submit_key": submit_key,
        }
        return urllib.parse.urlencode(fields).encode()

    def _status(self, url, data=None):
        try:
            return fetch(url, data=data, headers={"Origin": self.cluster.base} if data else {})[0]
        except OSError:
            return None


def rows_by_marker(cluster: Cluster, tag: str) -> Counter:
    """Reflections and pledges written with this drill's markers, counted per marker."""
    pattern = f"Drill {tag}-%"
    with psycopg.connect(cluster.postgres.url.replace("postgres://", "postgresql://")) as db:
        reflections = db.execute(
            "SELECT split_part(text, ':', 1) FROM reflections_reflection WHERE text LIKE %s",
            [pattern],
        ).fetchall()
        pledges = db.execute(
            "SELECT name FROM pledges_pledge WHERE name LIKE %s", [pattern]
        ).fetchall()
    return Counter(marker for (marker,) in reflections + pledges)


def published_reflections(cluster: Cluster, video: str) -> int:
    """What the video page's count must say: its published reflections, replies included."""
    with psycopg.connect(cluster.postgres.url.replace("postgres://", "postgresql://")) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM reflections_reflection r "
            "JOIN wagtailcore_page p ON p.id = r.video_id "
            "WHERE p.url_path LIKE %s AND r.status = 'published'",
            [f"%{video}"],
        ).fetchone()
    return count


def stale_pages(cluster: Cluster, site: Site, posts: list[Post]) -> list[str]:
    """Pages that, once the drill is over, do not show what was written: the video page
    through nginx and through each app server, its count and its newest reflection."""
    time.sleep(SETTLE_SECONDS)
    expected = published_reflections(cluster, site.video)
    last = [post.marker for post in posts if post.kind == "reflection" and post.accepted][-1:]
    stale = []
    sources = [(cluster.base, {})] + [(base, HTTPS_BEHIND_PROXY) for base in cluster.app_bases]
    for base, headers in sources:
        _, page, _ = fetch(base + site.video, headers=headers)
        shown = REFLECTION_COUNT.search(page.decode())
        if shown is None or int(shown.group(1)) != expected:
            stale.append(f"{base}{site.video} (count)")
        _, page, _ = fetch(base + site.video + "?order=newest", headers=headers)
        if any(marker + ":" not in page.decode() for marker in last):
            stale.append(f"{base}{site.video}?order=newest")
    return stale


def wait_for_queue(cluster: Cluster, timeout: float) -> None:
    """Until no task is due or running: a task a killed worker left running has been run
    again (and any email it sends twice is counted)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(cluster.postgres.url.replace("postgres://", "postgresql://")) as db:
        while time.monotonic() < deadline:
            (pending,) = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING') "
                "AND (run_after <= now() OR run_after >= '9999-01-01')"  # "as soon as possible"
            ).fetchone()
            db.commit()
            if not pending:
                return
            time.sleep(0.5)


def wait_for_emails(cluster: Cluster, addresses: set, timeout: float) -> Counter:
    """Messages the sink got for `addresses`, once each has one or `timeout` passed."""
    deadline = time.monotonic() + timeout
    while True:
        delivered = Counter(to for to in cluster.emails_to() if to in addresses)
        if set(delivered) >= addresses or time.monotonic() > deadline:
            return delivered
        time.sleep(0.5)


@dataclass
class Drill:
    name: str
    duration: float
    events: list  # (seconds after the start, action)
    reflections: float = 3.0  # posts per second
    pledges: float = 2.0
    # Emails that may be sent twice: the one a worker had in flight, per worker the fault cut
    # short (docs/decisions/0056-fault-drills.md).
    emails_in_flight: int = 0
    pg_restart: bool = False
    app_kill: bool = False


def run_drill(cluster: Cluster, site: Site, drill: Drill, number: int) -> dict:
    step(f"drill {number}: {drill.name}")
    tag = f"{secrets.token_hex(2)}{number}"
    load = Load(cluster, site, tag, reflections=drill.reflections, pledges=drill.pledges)
    requeued_before = tasks_requeued()
    load.run(drill.duration, drill.events)
    stale = stale_pages(cluster, site, load.posts)
    rows = rows_by_marker(cluster, tag)
    accepted = {post.marker for post in load.posts if post.accepted}
    pledged = {post.email: post.marker for post in load.posts if post.kind == "pledge"}
    expected = {email for email, marker in pledged.items() if rows[marker]}
    wait_for_queue(cluster, EMAIL_WAIT_SECONDS)
    delivered = wait_for_emails(cluster, expected, EMAIL_WAIT_SECONDS)
    failures = [(at, method) for at, method, status in load.requests if not ok(status)]
    requeued = tasks_requeued() - requeued_before
    figures = {
        "requests": len(load.requests),
        "ok": sum(ok(status) for _, _, status in load.requests),
        "5xx": len(failures),
        "5xx_get": sum(method == "GET" for _, method in failures),
        "5xx_seconds": round(failures[-1][0] - failures[0][0], 2) if failures else 0.0,
        "5xx_from": round(failures[0][0], 2) if failures else None,
        "4xx": sum(s is not None and 400 <= s < 500 for _, _, s in load.requests),
        "posts": len(load.posts),
        "accepted": len(accepted),
        "rows": sum(rows.values()),
        "lost": len(accepted - set(rows)),
        "duplicated": sum(count - 1 for count in rows.values()),
        "rows_not_accepted": len(set(rows) - accepted),
        "posts_never_accepted": sum(not post.accepted for post in load.posts),
        "emails_expected": len(expected),
        "emails_delivered": sum(delivered.values()),
        "emails_missing": len(expected - set(delivered)),
        "emails_duplicated": sum(count - 1 for count in delivered.values()),
        # Tasks a killed worker left RUNNING, run again by the periodic jobs.
        "tasks_requeued": requeued,
        "stale_pages": len(stale),
        "stale": stale,
        "server_errors": dict(
            Counter(str(status) for _, _, status in load.requests if not ok(status))
        ),
        "events": load.timeline,
    }
    figures["missed"] = missed_targets(drill, figures)
    return figures


def tasks_requeued() -> int:
    """How many times the periodic jobs have put back a task whose worker stopped beating."""
    log = (STATE / "logs" / "periodic.log").read_text(errors="replace")
    return log.count("requeued: worker")


def ok(status) -> bool:
    """An answer, and not a server error (a 4xx is the site's answer to a bad request)."""
    return status is not None and status < 500


def missed_targets(drill: Drill, figures: dict) -> list[str]:
    """The issue's targets this drill missed."""
    missed = [
        name
        for name in ("lost", "duplicated", "emails_missing", "stale_pages", "posts_never_accepted")
        if figures[name]
    ]
    if figures["emails_duplicated"] > drill.emails_in_flight:
        missed.append("emails_duplicated")
    if drill.pg_restart:
        if figures["5xx_seconds"] > PG_RESTART_5XX_SECONDS:
            missed.append("5xx_seconds")
    elif drill.app_kill:
        if figures["5xx_get"]:
            missed.append("5xx_get")
    elif figures["5xx"]:
        missed.append("5xx")
    return missed


def fill_redis() -> None:
    """Write to the cluster's Redis until it evicts: it is at its memory limit."""
    client = redis.Redis(port=REDIS_PORT)
    limit = int(client.config_get("maxmemory")["maxmemory"])
    evicted = client.info("stats")["evicted_keys"]
    chunk = b"x" * 65536
    for batch in range(4 * limit // (len(chunk) * 50)):
        with client.pipeline(transaction=False) as pipe:
            for n in range(50):
                pipe.set(f"drill-fill:{batch}:{n}", chunk)
            pipe.execute()
        if client.info("stats")["evicted_keys"] > evicted:
            step(f"Redis full: {client.info('memory')['used_memory_human']}, evicting")
            return
    raise RuntimeError("Redis never reached its memory limit")


def drills(cluster: Cluster) -> list[Drill]:
    services = cluster.services

    def kill_worker():
        services[KILLED_WORKER].kill()

    return [
        # A worker whose database goes away between sending and recording an email dies; its
        # task runs again after the lease, and that email may go twice: one per worker.
        Drill(
            "restart PostgreSQL",
            12,
            [(4, cluster.postgres.restart)],
            pg_restart=True,
            emails_in_flight=len(WORKERS),
        ),
        Drill(
            "stop Redis 15 s, then start it",
            24,
            [(4, services["redis"].stop), (19, services["redis"].start)],
        ),
        Drill(
            f"kill -9 an app server ({KILLED_APP})",
            12,
            [(3, services[KILLED_APP].kill)],
            app_kill=True,
        ),
        Drill(
            f"kill -9 a task worker ({KILLED_WORKER}) three times",
            13,
            # Each kill once the restarted worker is at work again (it boots in 2-3 s).
            [(2, kill_worker), (6.5, kill_worker), (11, kill_worker)],
            reflections=1,
            pledges=6,
            emails_in_flight=3,
        ),
        Drill("fill Redis to its memory limit", 10, [(3, fill_redis)]),
    ]


RESTORED_PORT = 8203
# What differs between two renderings of the same data: form tokens are signed with the time,
# and "3 minutes ago" depends on when (the data is in the <time> element's datetime).
FORM_TOKEN = re.compile(r'(name="(?:token|csrfmiddlewaretoken)" value=")[^"]*"')
RELATIVE_TIME = re.compile(r"(<time [^>]*>)[^<]*(</time>)")


def check_backup_and_restore(cluster: Cluster, site: Site) -> list[str]:
    """deploy/backup.sh, then deploy/restore.sh into a new database and media folder, served by
    an app server of its own: the pages it serves must be those of the live site, and restoring
    again over it is refused. Returns what differs (both versions of a page are left in
    var/cluster/backups/)."""
    step("backup, restore into a new database, compare the pages")
    backups, media = STATE / "backups", STATE / "media-restored"
    for folder in (backups, media):
        shutil.rmtree(folder, ignore_errors=True)
    made = subprocess.run(
        [ROOT / "deploy" / "backup.sh", backups],
        env=BASE_ENVIRONMENT | {"ENV_FILE": str(STATE / "env")},
        check=True,
        capture_output=True,
        text=True,
    )
    dump, tarball = made.stdout.split()
    cluster.postgres.psql("DROP DATABASE IF EXISTS alongside_restored")
    cluster.postgres.psql("CREATE DATABASE alongside_restored OWNER alongside")
    restored = {
        "DATABASE_URL": cluster.postgres.url.rsplit("/", 1)[0] + "/alongside_restored",
        "MEDIA_ROOT": str(media),
    }
    subprocess.run(
        [ROOT / "deploy" / "restore.sh", dump, tarball],
        env=BASE_ENVIRONMENT | restored,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    again = subprocess.run(
        [ROOT / "deploy" / "restore.sh", dump, tarball],
        env=BASE_ENVIRONMENT | restored,
        capture_output=True,
        text=True,
    )
    refused = again.returncode != 0 and "restore into a new, empty one" in again.stderr
    env_file = STATE / "env-restored"
    # A cache of its own: pages must come from the restored database, not the live site's cache.
    restored["CACHE_KEY_PREFIX"] = "alongside-restored"
    env_file.write_text(with_settings((STATE / "env").read_text(), restored))
    cluster.add_unit("web-restored", "alongside-web@.service", str(RESTORED_PORT), env_file)
    restored_base = f"http://127.0.0.1:{RESTORED_PORT}"
    try:
        wait_until_ready(restored_base)
        pages = ["/", "/videos/", site.video, "/pledges/", "/reflections/feed/"]
        differ = []
        for page in pages:
            live, copy = same_page(cluster.app_bases[0] + page), same_page(restored_base + page)
            if live != copy:
                differ.append(page)
                name = page.strip("/").replace("/", "-") or "home"
                (backups / f"{name}.live.html").write_text(live[1])
                (backups / f"{name}.restored.html").write_text(copy[1])
    finally:
        cluster.services["web-restored"].stop()
    if sorted(p.relative_to(media) for p in media.rglob("*")) != sorted(
        p.relative_to(STATE / "media") for p in (STATE / "media").rglob("*")
    ):
        differ.append("media files")
    if not refused:
        differ.append("a second restore over the restored database was not refused")
    return differ


def same_page(url) -> tuple[int, str]:
    """A page's status and HTML, without form tokens and relative times, asked for under one
    host name (feeds write the request's host into their links)."""
    status, body, _ = fetch(url, headers=HTTPS_BEHIND_PROXY | {"Host": "127.0.0.1"})
    html = FORM_TOKEN.sub(r"\1\"", body.decode())
    return status, RELATIVE_TIME.sub(r"\1\2", html)


def report(results: dict) -> None:
    rows = [
        (
            "drill",
            "requests",
            "2xx-4xx",
            "5xx (s)",
            "posts ok",
            "rows",
            "lost",
            "dup",
            "rows w/o ok",
            "emails exp/got",
            "missing",
            "dup",
            "requeued",
            "stale",
            "targets",
        )
    ]
    for name, f in results.items():
        rows.append(
            (
                name,
                str(f["requests"]),
                str(f["ok"]),
                f"{f['5xx']} ({f['5xx_seconds']:g})" if f["5xx"] else "0",
                f"{f['accepted']}/{f['posts']}",
                str(f["rows"]),
                str(f["lost"]),
                str(f["duplicated"]),
                str(f["rows_not_accepted"]),
                f"{f['emails_expected']}/{f['emails_delivered']}",
                str(f["emails_missing"]),
                str(f["emails_duplicated"]),
                str(f["tasks_requeued"]),
                str(f["stale_pages"]),
                "met" if not f["missed"] else "MISSED: " + ", ".join(f["missed"]),
            )
        )
    print_table(rows)
    print(
        "\n5xx: server errors and requests nginx did not answer, with the seconds from the "
        "first to the last; posts ok: accepted after at most "
        f"{ATTEMPTS} sendings; rows w/o ok: written, but no sending was answered as accepted; "
        "emails: pledge confirmations expected (one per pledge written) and delivered; "
        "requeued: tasks a killed worker left running, run again after TASK_LEASE_SECONDS; stale: "
        f"pages (of 6) not showing the writes {SETTLE_SECONDS:g} s after the drill."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", type=int, nargs="+", metavar="N", help="run these drills")
    args = parser.parse_args()
    started = time.monotonic()
    with Cluster() as cluster:
        check_write_shows_everywhere(cluster)
        site = Site.find(cluster)
        results = {}
        for number, drill in enumerate(drills(cluster), start=1):
            if not args.only or number in args.only:
                results[f"{number}. {drill.name}"] = run_drill(cluster, site, drill, number)
        backup_differs = check_backup_and_restore(cluster, site)
    report(results)
    (STATE / "drills.json").write_text(json.dumps(results, indent=2))
    print(
        "Backup restored into a new database: "
        + (
            f"MISSED: {'; '.join(backup_differs)}"
            if backup_differs
            else "the same pages and media; restoring over it again was refused"
        )
    )
    missed = [name for name, figures in results.items() if figures["missed"]]
    missed += ["backup"] if backup_differs else []
    print(f"\nDrills done in {time.monotonic() - started:.0f} s; targets missed: {len(missed)}.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
