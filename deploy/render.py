"""Render the files in deploy/ for one machine: nginx site, systemd units, PostgreSQL settings.

The templates hold `${UPPER_CASE}` names only; nginx's `$host` and systemd's `$MAINPID` and
`%i` are left as written. A name without a value is an error, never an empty string.

    python -m deploy.render --out /tmp/alongside-deploy --set SERVER_NAME=alongside.example.org
    python -m deploy.render nginx.conf --set HTTPS_LISTEN=8443     # one file, to stdout

The same values drive `make cluster` (deploy/cluster.py), which runs the ExecStart lines of the
rendered units, and the benchmark's nginx (bench/run.py).
"""

import argparse
import re
import shlex
import string
import subprocess
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
TEMPLATES = (
    "nginx.conf",
    "postgresql.conf",
    "redis.conf",
    "alongside-web@.service",
    "alongside-worker@.service",
    "alongside-periodic.service",
)
APP_DIR = "/srv/alongside"
# Production values; docs/deploy.md says which to change.
DEFAULTS = {
    "APP_DIR": APP_DIR,
    "VENV": f"{APP_DIR}/.venv",
    "ENV_FILE": f"{APP_DIR}/.env",
    "USER": "alongside",
    "SERVER_NAME": "alongside.example.org",
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443",
    "TLS_CERTIFICATE": "/etc/letsencrypt/live/alongside.example.org/fullchain.pem",
    "TLS_CERTIFICATE_KEY": "/etc/letsencrypt/live/alongside.example.org/privkey.pem",
    "ACME_ROOT": "/var/www/html",  # Debian's default site, where certbot first answers
    "NGINX_CACHE_DIR": "/var/cache/nginx/alongside",
    "STATIC_ROOT": f"{APP_DIR}/var/static",
    "MEDIA_ROOT": f"{APP_DIR}/var/media",
    "CLIENT_MAX_BODY_SIZE": "20m",
    # Form posts per client address; a burst lets a family behind one address post together.
    "POST_RATE": "30r/m",
    "POST_BURST": "20",
    # Ports of the app servers, one systemd instance each (alongside-web@8201 ...).
    "APP_PORTS": "8201 8202",
    "WEB_WORKERS": "2",
    "WEB_THREADS": "4",
    "PG_MAX_CONNECTIONS": "100",
    "PG_SHARED_BUFFERS": "256MB",
}


class DeployTemplate(string.Template):
    """`${NAME}` with NAME in upper case; every other `$` is the configured program's own."""

    flags = 0
    pattern = r"""
        \$\{(?P<braced>[A-Z][A-Z0-9_]*)\}
        | (?P<escaped>(?!)) | (?P<named>(?!)) | (?P<invalid>(?!))
    """


def site_values(overrides: dict | None = None) -> dict:
    """DEFAULTS with `overrides`, and the values derived from them."""
    values = DEFAULTS | (overrides or {})
    values["UPSTREAM_SERVERS"] = "\n    ".join(
        f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
        for port in values["APP_PORTS"].split()
    )
    return values


def render(name: str, values: dict) -> str:
    """The template deploy/<name> with `values`; KeyError names a missing value."""
    return DeployTemplate((DEPLOY / name).read_text()).substitute(values)


def render_all(out: Path, values: dict) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TEMPLATES:
        path = out / name
        path.write_text(render(name, values))
        written.append(path)
    return written


def unit_command(unit: str, instance: str = "") -> tuple[list[str], dict, str]:
    """What systemd would run for a rendered unit: (argv of ExecStart, its Environment=
    variables, its WorkingDirectory), with the instance name in place of `%i`."""
    fields: dict[str, list[str]] = {}
    for line in unit.splitlines():
        key, equals, value = line.partition("=")
        if equals and not line.startswith(("#", ";")):
            fields.setdefault(key.strip(), []).append(value.strip())
    specifiers = {"%i": instance, "%%": "%"}

    def expand(text: str) -> str:
        return re.sub(r"%[i%]", lambda match: specifiers[match.group()], text)

    (exec_start,) = fields["ExecStart"]
    environment = {}
    for assignments in fields.get("Environment", []):
        for assignment in shlex.split(expand(assignments)):
            name, _, value = assignment.partition("=")
            environment[name] = value
    return shlex.split(expand(exec_start)), environment, expand(fields["WorkingDirectory"][0])


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, for nginx on loopback (certbot's place)."""
    certificate, key = directory / "loopback.crt", directory / "loopback.key"
    if not certificate.exists():
        directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30"),
                *("-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"),
                *("-keyout", str(key), "-out", str(certificate)),
            ],
            check=True,
            capture_output=True,
        )
    return certificate, key


def loopback_values(
    prefix: Path, *, http_port: int, https_port: int, app_ports, media_root, **overrides
) -> dict:
    """Values for the site on 127.0.0.1, its files under `prefix` (cluster, benchmark); no
    limit on posts, which all come from one address."""
    certificate, key = self_signed_certificate(prefix / "tls")
    return site_values(
        {
            "SERVER_NAME": "127.0.0.1 localhost",
            "HTTP_LISTEN": f"127.0.0.1:{http_port}",
            "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "TLS_CERTIFICATE": str(certificate),
            "TLS_CERTIFICATE_KEY": str(key),
            "ACME_ROOT": str(prefix / "acme"),
            "NGINX_CACHE_DIR": str(prefix / "cache"),
            "STATIC_ROOT": str(Path(__file__).resolve().parent.parent / "var" / "static"),
            "MEDIA_ROOT": str(media_root),
            "POST_RATE": "1000r/s",
            "POST_BURST": "1000",
            "APP_PORTS": " ".join(str(port) for port in app_ports),
        }
        | overrides
    )


def loopback_nginx_conf(prefix: Path, site: str) -> Path:
    """A main nginx.conf that runs `site` (a rendered deploy/nginx.conf) as this user, in the
    foreground, with every file under `prefix`: how the benchmark and the cluster run nginx."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "site.conf").write_text(site)
    user = "user root;\n" if Path("/proc/self").owner() == "root" else ""
    main = prefix / "nginx.conf"
    main.write_text(
        f"worker_processes 1;\nerror_log stderr warn;\npid {prefix}/nginx.pid;\n{user}"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n  include /etc/nginx/mime.types;\n"
        f"  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n"
        f"  include {prefix}/site.conf;\n}}\n"
    )
    return main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("template", nargs="?", choices=TEMPLATES, help="print this one only")
    parser.add_argument("--out", type=Path, help="write every template into this folder")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.set)
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        parser.error(f"unknown names: {', '.join(sorted(unknown))} (known: {', '.join(DEFAULTS)})")
    values = site_values(overrides)
    if args.template:
        sys.stdout.write(render(args.template, values))
    elif args.out:
        for path in render_all(args.out, values):
            print(path)
    else:
        parser.error("name a template, or --out FOLDER")


if __name__ == "__main__":
    main()
