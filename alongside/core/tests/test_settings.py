"""Settings come from the environment; production refuses the default secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
PRINT_SETTINGS = """
import django, json
django.setup()
from django.conf import settings
from django.db import connection
keys = ["DEBUG", "EMAIL_BACKEND", "EMAIL_FILE_PATH", "EMAIL_HOST", "EMAIL_PORT", "SITE_URL",
        "PORT", "ALLOWED_HOSTS"]
values = {key: getattr(settings, key, None) for key in keys}
values["CACHE"] = settings.CACHES["default"]["BACKEND"]
values["ENGINE"] = connection.vendor
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        values["JOURNAL"] = cursor.execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps(values, default=str))
"""


def run_with(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "alongside.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_on_the_default_secret_key():
    result = run_with({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key(tmp_path):
    result = run_with(
        {
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-test-value-0123456789",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DEBUG"] is False


def test_embedded_defaults(tmp_path):
    result = run_with({"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["ENGINE"] == "sqlite" and values["JOURNAL"] == "wal"
    assert values["PORT"] == 8000 and values["SITE_URL"] == "http://127.0.0.1:8000"


def test_email_cache_and_site_from_the_environment(tmp_path):
    result = run_with(
        {
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "EMAIL_URL": "smtp://mailer:secret@127.0.0.1:2525",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "SITE_URL": "https://alongside.example/",
            "PORT": "8123",
            "ALLOWED_HOSTS": "alongside.example,www.alongside.example",
        }
    )
    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("127.0.0.1", 2525)
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert values["SITE_URL"] == "https://alongside.example"
    assert values["PORT"] == 8123
    assert values["ALLOWED_HOSTS"] == ["alongside.example", "www.alongside.example"]


def test_file_email_backend_writes_messages_to_the_folder(tmp_path):
    mail_dir = tmp_path / "mail"
    send = PRINT_SETTINGS.replace(
        "print(json.dumps(values, default=str))",
        "from django.core.mail import send_mail\n"
        "send_mail('Hello', 'Body text', None, ['someone@example.org'])",
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", send],
        cwd=PROJECT,
        env=clean
        | {
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "alongside.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "EMAIL_URL": f"filemail://{mail_dir}",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [message] = list(mail_dir.iterdir())
    assert "Body text" in message.read_text()
