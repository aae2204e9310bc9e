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


def test_a_connection_to_a_database_file_is_kept_for_the_next_request(databases):
    """Opening a connection costs its PRAGMAs, and closing the last one checkpoints and
    deletes the write-ahead log; Django's default CONN_MAX_AGE of 0 would do both per request."""
    connection = databases["default"]
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    connection.cursor().execute("SELECT 1")
    connection.close_if_unusable_or_obsolete()  # what the end of a request does
    assert connection.connection is not None


@pytest.mark.parametrize(
    "name, max_age, kept_for",
    [
        ("site.sqlite3", None, None),  # "keep for ever", as set
        ("site.sqlite3", 30, 30),
        (":memory:", 0, 0),  # the tests' database: closing it is already ignored
    ],
)
def test_a_connection_age_that_was_set_is_left_as_it_is(tmp_path, name, max_age, kept_for):
    path = name if name == ":memory:" else str(tmp_path / name)
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "alongside.core.sqlite_writers",
                "NAME": path,
                "CONN_MAX_AGE": max_age,
            }
        }
    )
    assert handler["default"].settings_dict["CONN_MAX_AGE"] == kept_for
