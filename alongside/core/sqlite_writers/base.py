"""SQLite with its writers queued by the kernel instead of by SQLite's busy handler.

SQLite lets one writer in at a time. The others poll, sleeping 1, 2, 5, 10… up to 100 ms
between tries, so under steady posting a writer spent most of its wait asleep after the lock
was free again, and newcomers overtook it. Here each write transaction first takes an exclusive
`flock` on a file beside the database: waiting writers sleep in the kernel and wake as soon as
it is released. The lock is held exactly as long as SQLite's own write lock (from BEGIN
IMMEDIATE to COMMIT or ROLLBACK) and is dropped by the kernel if the process dies.
See docs/decisions/0034-posting-cost-and-sqlite-writers.md.
The settings keep a connection for the thread's next request (CONN_MAX_AGE, decision 0035).
"""

import fcntl

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_file = None  # opened on this connection's first transaction
    _holds_lock = False

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
