"""SQLite with its writers queued by the kernel instead of by SQLite's busy handler.

SQLite lets one writer in at a time. The others poll, sleeping 1, 2, 5, 10… up to 100 ms
between tries, so under steady posting a writer spent most of its wait asleep after the lock
was free again, and newcomers overtook it. Here each write transaction first takes an exclusive
`flock` on a file beside the database: waiting writers sleep in the kernel and wake as soon as
it is released. The lock is held exactly as long as SQLite's own write lock (from BEGIN
IMMEDIATE to COMMIT or ROLLBACK) and is dropped by the kernel if the process dies.
See docs/decisions/0034-posting-cost-and-sqlite-writers.md.

A connection to a database file is also kept for the thread's next request (decision 0035):
opening one costs its PRAGMAs, and closing the last one checkpoints the write-ahead log and
deletes it, which the next writer then waits to create again. Django's default CONN_MAX_AGE
of 0 is read as "keep"; any other value is used as it is.
"""

import fcntl

from django.db.backends.sqlite3 import base

# How long a connection to a database file is kept when CONN_MAX_AGE is left at 0.
KEEP_CONNECTION_SECONDS = 600


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_file = None  # opened on this connection's first transaction
    _holds_lock = False

    def __init__(self, settings_dict, *args, **kwargs):
        # In the settings themselves, so that they say what the connections do.
        if settings_dict.get("CONN_MAX_AGE") == 0 and not self._names_memory(settings_dict):
            settings_dict["CONN_MAX_AGE"] = KEEP_CONNECTION_SECONDS
        super().__init__(settings_dict, *args, **kwargs)

    @staticmethod
    def _names_memory(settings_dict) -> bool:
        name = str(settings_dict.get("NAME") or "")
        return name in ("", ":memory:") or "mode=memory" in name

    def _start_transaction_under_autocommit(self):
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer_lock()
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None

    def _take_writer_lock(self):
        if self.is_in_memory_db():
            return  # one connection only: nobody to queue behind
        if self._lock_file is None:
            self._lock_file = open(f"{self.settings_dict['NAME']}.writers", "ab")  # noqa: SIM115
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._holds_lock = True

    def _release_writer_lock(self):
        if self._holds_lock:
            self._holds_lock = False
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
