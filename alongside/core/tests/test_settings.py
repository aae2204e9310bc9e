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
values["CONN_MAX_AGE"] = connection.settings_dict["CONN_MAX_AGE"]
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        values["JOURNAL"] = cursor.execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps(values, default=str))
"""


def clean_environment() -> dict:
    """This process's environment without what the tests set, and never a developer's .env."""
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "PORT", "SITE_URL", "REDIS_URL", "CACHE_DIR"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return clean | {"DJANGO_SETTINGS_MODULE": "alongside.settings", "ENV_FILE": ""}


def run_with(env: dict, code: str = PRINT_SETTINGS) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean_environment() | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_on_the_default_secret_key():
    result = run_with({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_fresh_clone_checks_its_migrations_without_a_key_but_migrates_with_one(tmp_path):
    env = clean_environment() | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE")

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    checked = manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    refused = manage("migrate", "--noinput")
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr


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
    assert values["CACHE"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert values["ENGINE"] == "sqlite" and values["JOURNAL"] == "wal"
    # kept for the next request: no PRAGMAs, no write-ahead log checkpointed and deleted each time
    assert values["CONN_MAX_AGE"] == 600
    assert values["PORT"] == 8000 and values["SITE_URL"] == "http://127.0.0.1:8000"


def test_site_url_follows_the_port_make_run_serves(tmp_path):
    result = run_with(
        {"DEBUG": "true", "PORT": "8801", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    )
    values = json.loads(result.stdout)
    assert values["PORT"] == 8801 and values["SITE_URL"] == "http://127.0.0.1:8801"


def test_an_env_file_is_read_but_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=from-the-file-0123456789abcdef\nDEBUG=true\nPORT=8123\n")
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    # Without DEBUG or SECRET_KEY in the environment, the file's make a working laptop setup.
    result = run_with(database | {"ENV_FILE": str(env_file)})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is True and values["PORT"] == 8123
    # A variable set in the environment beats the file.
    result = run_with(database | {"ENV_FILE": str(env_file), "PORT": "9000"})
    assert json.loads(result.stdout)["PORT"] == 9000


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
    assert values["CACHE"] == "alongside.core.resilient_cache.ResilientRedisCache"
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
    result = run_with(
        {
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "EMAIL_URL": f"filemail://{mail_dir}",
        },
        code=send,
    )
    assert result.returncode == 0, result.stderr
    [message] = list(mail_dir.iterdir())
    assert "Body text" in message.read_text()
