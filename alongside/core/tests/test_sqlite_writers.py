"""SQLite writers wait their turn in the kernel's queue, not by polling (core/sqlite_writers)."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db.utils import ConnectionHandler

HOLD_SECONDS = 0.4
SQLITE_PATIENCE_SECONDS = 0.05  # SQLite's own busy timeout: far shorter than the hold


@pytest.fixture
def databases(tmp_path, django_db_blocker):
    """Connections to one database file of their own, one per thread, as app processes have."""
    options = {"transaction_mode": "IMMEDIATE", "timeout": SQLITE_PATIENCE_SECONDS}
    settings = {
        "default": {
            "ENGINE": "alongside.core.sqlite_writers",
            "NAME": str(tmp_path / "site.sqlite3"),
            "OPTIONS": options,
        }
    }
    handler = ConnectionHandler(settings)
    with django_db_blocker.unblock():
        with handler["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, words TEXT)")
        yield handler
        handler.close_all()


@contextmanager
def write_transaction(connection):
    """What `transaction.atomic` does to a connection, for one outside `django.db.connections`."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield connection.cursor()
    except BaseException:
        connection.rollback()
        raise
    else:
        connection.commit()
    finally:
        connection.set_autocommit(True)


def write_in_a_thread(databases, words, outcome):
    def write():
        connection = databases["default"]  # this thread's own
        try:
            with write_transaction(connection) as cursor:
                cursor.execute("INSERT INTO post (words) VALUES (%s)", [words])
            outcome["written_at"] = time.monotonic()
        except Exception as error:  # the outcome is what the test asserts
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def words(connection):
    return [row[0] for row in connection.cursor().execute("SELECT words FROM post ORDER BY id")]


def test_a_writer_waits_for_a_long_transaction_instead_of_failing(databases):
    first = databases["default"]
    outcome = {}
    with write_transaction(first) as cursor:
        cursor.execute("INSERT INTO post (words) VALUES ('first')")
        thread = write_in_a_thread(databases, "second", outcome)
        time.sleep(HOLD_SECONDS)  # SQLite alone gives up after SQLITE_PATIENCE_SECONDS
        committed_at = time.monotonic()
    thread.join(timeout=5)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["written_at"] >= committed_at
    assert words(first) == ["first", "second"]


def test_a_rolled_back_transaction_lets_the_next_writer_in(databases):
    first = databases["default"]
    with pytest.raises(RuntimeError), write_transaction(first) as cursor:
        cursor.execute("INSERT INTO post (words) VALUES ('lost')")
        raise RuntimeError("the view failed")
    outcome = {}
    write_in_a_thread(databases, "kept", outcome).join(timeout=5)
    assert "error" not in outcome, outcome.get("error")
    assert words(first) == ["kept"]
