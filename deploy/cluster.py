"""`make cluster`: Alongside's production shape on loopback, from the files in deploy/.

A PostgreSQL cluster of its own (pg_createcluster, port 5445, deploy/postgresql.conf in its
conf.d), a redis-server of its own (port 6395, deploy/redis.conf), an SMTP sink (port 2725),
two gunicorn app servers (8201, 8202), two task workers and the periodic jobs, each started with
the ExecStart line of its rendered systemd unit and restarted a second after it stops, as
systemd would; nginx in front with the rendered site (https://127.0.0.1:8243). The database is
migrated and the demo loaded. State lives in var/cluster/; Ctrl-C stops everything, and a run
cleans up what a killed run left behind. The shared PostgreSQL and Redis are never touched.
"""

import contextlib
import mailbox
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from bench.run import fetch, form_fields, wait_for
from deploy.render import (
    loopback_nginx_conf,
    loopback_values,
    render,
    render_all,
    unit_command,
)

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "cluster"
PG_VERSION = max(os.listdir("/usr/lib/postgresql"), key=int)
PG_NAME = "alongside_cluster"
PG_PORT, REDIS_PORT, SMTP_PORT = 5445, 6395, 2725
HTTP_PORT, HTTPS_PORT, APP_PORTS = 8280, 8243, (8201, 8202)
WORKERS = ("1", "2")
# Small, so that the drill that fills Redis does it in seconds.
REDIS_MAXMEMORY = "32mb"
# Lets the drills' kills land while a message is being sent.
SMTP_DELAY_SECONDS = "0.5"
# The environment systemd gives a service; nothing else from this shell leaks in.
BASE_ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
    "LANG": "C.UTF-8",
    "HOME": "/root",
}
HTTPS_BEHIND_PROXY = {"X-Forwarded-Proto": "https"}  # what nginx tells the app servers


class Service:
    """One process as systemd runs a service: in its own process group, restarted
    `restart_seconds` after it stops unless stopped on purpose. Its pid is kept in
    var/cluster/pids/ so that a later run can end it if this one was killed."""

    def __init__(self, name, argv, *, env=None, cwd=ROOT, restart_seconds=1.0):
        self.name, self.argv, self.cwd = name, argv, cwd
        self.env = BASE_ENVIRONMENT | (env or {})
        self.restart_seconds = restart_seconds
        self.process = None
        self.wanted = False
        self.restarts = 0
        self.lock = threading.Lock()

    def start(self):
        with self.lock:
            self.wanted = True
            self._spawn()

    def _spawn(self):
        log = open(STATE / "logs" / f"{self.name}.log", "ab")  # noqa: SIM115 (the child keeps it)
        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        pid = self.process.pid
        (STATE / "pids" / self.name).write_text(f"{pid} {started_at(pid)}\n")
        threading.Thread(target=self._supervise, args=(self.process,), daemon=True).start()

    def _supervise(self, process):
        process.wait()
        time.sleep(self.restart_seconds)
        with self.lock:
            if self.wanted and self.process is process:
                self.restarts += 1
                self._spawn()

    def kill(self):
        """`kill -9` of the whole service (systemd kills what is left of its group)."""
        os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self):
        with self.lock:
            self.wanted = False
            process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        (STATE / "pids" / self.name).unlink(missing_ok=True)


def started_at(pid: int) -> str:
    """When the process started (clock ticks since boot): with the pid, names one process
    for good, where a pid alone may be given to another process later."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]


def end_leftovers():
    """End the process groups a killed run left, by the pids it recorded (each only if it is
    still the process recorded)."""
    for record in (STATE / "pids").glob("*"):
        pid, start = record.read_text().split()
        if started_at(int(pid)) == start:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pid), signal.SIGKILL)
        record.unlink()


class Postgres:
    """A PostgreSQL cluster of the cluster's own, made with Debian's pg_createcluster."""

    def __init__(self, password):
        self.password = password
        self.url = f"postgres://alongside:{password}@127.0.0.1:{PG_PORT}/alongside"

    def ctl(self, action, *, check=True):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_NAME, action],
            check=check,
            capture_output=True,
        )

    def drop(self):
        if Path(f"/etc/postgresql/{PG_VERSION}/{PG_NAME}").exists():
            subprocess.run(["pg_dropcluster", "--stop", PG_VERSION, PG_NAME], check=True)

    def create(self, settings: str):
        self.drop()
        data = STATE / "postgresql"
        shutil.rmtree(data, ignore_errors=True)
        subprocess.run(
            [
                *("pg_createcluster", PG_VERSION, PG_NAME, "--port", str(PG_PORT)),
                *("--datadir", str(data), "--start-conf", "manual"),
            ],
            check=True,
            capture_output=True,
        )
        conf_d = Path(f"/etc/postgresql/{PG_VERSION}/{PG_NAME}/conf.d")
        conf_d.mkdir(exist_ok=True)
        (conf_d / "alongside.conf").write_text(settings)
        self.ctl("start")
        self.psql(f"CREATE ROLE alongside LOGIN PASSWORD '{self.password}'")
        self.psql("CREATE DATABASE alongside OWNER alongside")

    def psql(self, statement, database="postgres"):
        """A statement run as the postgres superuser, over the local socket (docs/deploy.md)."""
        return subprocess.run(
            [
                *("runuser", "-u", "postgres", "--", "psql", "-p", str(PG_PORT), "-d", database),
                *("-v", "ON_ERROR_STOP=1", "-qAt", "-c", statement),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def restart(self):
        """A planned restart as docs/deploy.md does it: a checkpoint first, so that the one at
        shutdown has little to write and the restart takes about a second, not several."""
        self.psql("CHECKPOINT")
        self.ctl("restart")


def cluster_environment(database_url: str) -> str:
    """deploy/env.example with the cluster's own values in place of the example's."""
    return with_settings(
        (ROOT / "deploy" / "env.example").read_text(),
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{HTTPS_PORT}",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{HTTPS_PORT}",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "MEDIA_ROOT": str(STATE / "media"),
            # Every drill post comes from 127.0.0.1; nginx's limit is lifted for it too.
            "RATELIMIT_ENABLE": "false",
            # A task of a killed worker runs again within seconds, not minutes.
            "TASK_LEASE_SECONDS": "10",
        },
    )


def with_settings(env_file: str, settings: dict) -> str:
    """The text of an env file with `settings` in place of its own values (or added)."""
    settings = dict(settings)
    lines = []
    for line in env_file.splitlines():
        name = line.partition("=")[0]
        lines.append(f"{name}={settings.pop(name)}" if name in settings else line)
    lines += [f"{name}={value}" for name, value in settings.items()]
    return "\n".join(lines) + "\n"


class Cluster:
    """Everything `make cluster` runs; a context manager that stops it all on exit."""

    def __init__(self):
        self.postgres = Postgres(secrets.token_hex(12))
        self.base = f"https://127.0.0.1:{HTTPS_PORT}"
        self.app_bases = [f"http://127.0.0.1:{port}" for port in APP_PORTS]
        self.maildir = STATE / "mail"
        self.services: dict[str, Service] = {}

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        for folder in ("pids", "logs"):
            (STATE / folder).mkdir(parents=True, exist_ok=True)
        end_leftovers()
        shutil.rmtree(self.maildir, ignore_errors=True)  # the sink makes a Maildir anew
        for folder in ("logs", "redis", "nginx", "units"):
            shutil.rmtree(STATE / folder, ignore_errors=True)
            (STATE / folder).mkdir(parents=True)
        values = loopback_values(
            STATE / "nginx",
            http_port=HTTP_PORT,
            https_port=HTTPS_PORT,
            app_ports=APP_PORTS,
            media_root=STATE / "media",
            APP_DIR=str(ROOT),
            VENV=str(Path(sys.executable).parent.parent),
            ENV_FILE=str(STATE / "env"),
            USER="root",
            WEB_WORKERS="2",
            WEB_THREADS="2",
        )
        render_all(STATE / "units", values)
        step("PostgreSQL on port", PG_PORT)
        self.postgres.create(render("postgresql.conf", values))
        (STATE / "env").write_text(cluster_environment(self.postgres.url))
        step("Redis on port", REDIS_PORT)
        self.add(
            "redis",
            [
                *("redis-server", str(STATE / "units" / "redis.conf")),
                *("--port", str(REDIS_PORT), "--dir", str(STATE / "redis")),
                *("--maxmemory", REDIS_MAXMEMORY),
            ],
        )
        self.add(
            "smtp",
            [
                *(sys.executable, "-m", "deploy.smtp_sink", "--port", str(SMTP_PORT)),
                *("--maildir", str(self.maildir), "--delay", SMTP_DELAY_SECONDS),
            ],
        )
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v0")
        for port in APP_PORTS:
            self.add_unit(f"web-{port}", "alongside-web@.service", str(port))
        for number in WORKERS:
            self.add_unit(f"worker-{number}", "alongside-worker@.service", number)
        self.add_unit("periodic", "alongside-periodic.service")
        main = loopback_nginx_conf(STATE / "nginx", (STATE / "units" / "nginx.conf").read_text())
        self.add(
            "nginx", ["nginx", "-p", str(STATE / "nginx"), "-c", str(main), "-g", "daemon off;"]
        )
        for base in self.app_bases:
            wait_until_ready(base)
        wait_for(self.base + "/static/css/site.css")

    def add(self, name, argv, **options):
        self.services[name] = Service(name, argv, **options)
        self.services[name].start()

    def add_unit(self, name, unit, instance="", env_file=None):
        """The service as its rendered systemd unit runs it (with another ENV_FILE)."""
        argv, env, cwd = unit_command((STATE / "units" / unit).read_text(), instance)
        self.add(name, argv, env=env | ({"ENV_FILE": str(env_file)} if env_file else {}), cwd=cwd)

    def manage(self, *args):
        """A manage.py command as an operator types it, with the units' environment."""
        step("manage.py", " ".join(args))
        _, env, cwd = unit_command((STATE / "units" / "alongside-periodic.service").read_text())
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=cwd,
            env=BASE_ENVIRONMENT | env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self):
        for service in reversed(list(self.services.values())):
            service.stop()
        self.postgres.ctl("stop", check=False)

    def emails_to(self) -> list[str]:
        """The recipients of every message the SMTP sink got, one entry per message."""
        return [message["To"] for message in mailbox.Maildir(self.maildir, create=False)]


def wait_until_ready(base, timeout=60):
    """Until the app server's /readyz says it can serve (its database answers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(base + "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer within {timeout}s")


def step(*words):
    print("---", *words, flush=True)


def check_write_shows_everywhere(cluster: Cluster) -> None:
    """A reflection posted through one app server is on the next read through the other
    app server and through nginx."""
    first, second = cluster.app_bases
    _, listing, _ = fetch(first + "/videos/", headers=HTTPS_BEHIND_PROXY)
    video = video_paths(listing.decode())[0]
    _, page, _ = fetch(first + video, headers=HTTPS_BEHIND_PROXY)
    action, token = form_fields(page.decode(), r"/reflections/video/\d+/")
    time.sleep(3.5)  # FORM_MIN_FILL_SECONDS
    marker = f"Cluster check {secrets.token_hex(4)}"
    body = reflection_form(token, marker, "cluster-check@example.org")
    status, _, _ = fetch(first + action, data=body, headers=HTTPS_BEHIND_PROXY)
    if status != 302:
        raise RuntimeError(f"the post through {first} was answered {status}")
    for base, headers in ((second, HTTPS_BEHIND_PROXY), (cluster.base, {})):
        _, page, _ = fetch(base + video + "?order=newest", headers=headers)
        if marker not in page.decode():
            raise RuntimeError(f"the reflection is not on the next read through {base}")
    step("a reflection posted through", first, "shows through", second, "and nginx")


def video_paths(html: str) -> list[str]:
    """The addresses of the video pages a page links to, in order, each once (not the videos'
    feed, /videos/feed/, which every page's head links to)."""
    return list(dict.fromkeys(re.findall(r'href="(/videos/(?!feed/)[a-z0-9-]+/)"', html)))


def reflection_form(token, text, email, submit_key="") -> bytes:
    fields = {"token": token, "website": "", "name": "Cluster", "email": email, "text": text}
    return urllib.parse.urlencode(fields | {"submit_key": submit_key}).encode()


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with Cluster() as cluster:
        check_write_shows_everywhere(cluster)
        print(
            f"\nAlongside cluster: {cluster.base}/ (nginx, a certificate of its own), app servers "
            f"{', '.join(cluster.app_bases)}; PostgreSQL {PG_PORT}, Redis {REDIS_PORT}, SMTP "
            f"sink {SMTP_PORT} (messages in {cluster.maildir}); logs in {STATE / 'logs'}.\n"
            "Ctrl-C stops everything.",
            flush=True,
        )
        signal.pause()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
