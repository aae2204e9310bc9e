"""Periodic jobs: the work that must happen at a time rather than after a request.

One long-running process (`manage.py run_periodic_jobs`, started by `make run` beside the task
worker, and by a service of its own in production) checks every few seconds which jobs are due
and runs them. It is not a task that queues itself again: a `kill -9` would end such a chain
for good, and two workers would each keep one going.

Starting the process twice (on two servers, say) is safe: each round of jobs runs inside one
transaction that first takes a lock (an advisory lock on PostgreSQL; SQLite's write lock,
taken at the start of every transaction here), so two rounds never overlap, and every job is
idempotent, so a round that finds nothing due changes nothing.
"""

import logging
import time
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: str  # dotted path of a function that takes no arguments
    every: timedelta


def publish_scheduled_pages() -> None:
    """Wagtail's scheduled publishing and unpublishing (pages and snippets) that are due."""
    call_command("publish_scheduled", verbosity=0)


PERIODIC_JOBS = (
    # Checked on every round, so a page goes live within a round of its time.
    PeriodicJob(
        "publish scheduled pages", "alongside.core.periodic.publish_scheduled_pages", timedelta()
    ),
    # Each pledge also queues its own expiry task; this catches any that were lost.
    PeriodicJob(
        "expire unconfirmed pledges",
        "alongside.pledges.services.expire_unconfirmed_pledges",
        timedelta(hours=1),
    ),
    # Emails queued for later whose task was lost (they are also queued when their time is
    # set); each job queues the task, which sends.
    PeriodicJob(
        "queue due moderation digests",
        "alongside.reflections.services.queue_due_moderation_digest",
        timedelta(minutes=1),
    ),
    PeriodicJob(
        "queue lost pledge follow-ups",
        "alongside.pledges.services.queue_lost_follow_ups",
        timedelta(minutes=15),
    ),
    # Tasks whose worker died are run again (core/tasks.py); checked every round, it reads
    # only the few RUNNING rows.
    PeriodicJob("requeue stale tasks", "alongside.core.tasks.requeue_stale_tasks", timedelta()),
    PeriodicJob(
        "prune finished tasks", "alongside.core.tasks.prune_finished_tasks", timedelta(hours=1)
    ),
    # Weekly emails whose send time has come, and sending whose retries are due or whose
    # task was lost.
    PeriodicJob(
        "start due weekly emails",
        "alongside.newsletter.editions.start_due_editions",
        timedelta(minutes=1),
    ),
    PeriodicJob(
        "forget old sendings to friends",
        "alongside.discovery.friends.services.forget_old_sendings",
        timedelta(hours=1),
    ),
)
ROUND_SECONDS = 10
LOCK_ID = zlib.crc32(b"alongside.periodic-jobs")


class PeriodicJobRunner:
    """Runs each job when it is due; `run_round` is one pass, `run_forever` the loop."""

    def __init__(self, jobs=PERIODIC_JOBS):
        self.jobs = jobs
        self.last_run: dict[str, float] = {}  # job name -> time.monotonic() of its last run
        self.stopping = False

    def due_jobs(self, now: float) -> list[PeriodicJob]:
        return [
            job
            for job in self.jobs
            if job.name not in self.last_run
            or now - self.last_run[job.name] >= job.every.total_seconds()
        ]

    def run_round(self) -> list[str]:
        """Run the jobs that are due; returns the names of those that ran without error."""
        now = time.monotonic()
        due = self.due_jobs(now)
        if not due:
            return []
        ran = []
        with transaction.atomic():
            if not _take_round_lock():
                return []  # another runner is in the middle of a round
            for job in due:
                if self._run(job):
                    ran.append(job.name)
                self.last_run[job.name] = now
        return ran

    @staticmethod
    def _run(job: PeriodicJob) -> bool:
        try:
            with transaction.atomic():  # a failing job undoes its own writes only
                import_string(job.function)()
        except Exception:
            logger.exception("Periodic job %r failed; it runs again when next due", job.name)
            return False
        return True

    def run_forever(self, *, round_seconds: float = ROUND_SECONDS) -> None:
        while not self.stopping:
            try:
                self.run_round()
            except DatabaseError as error:
                # The database restarting or unreachable: try again next round.
                logger.warning("Periodic jobs: database unavailable (%s)", error)
            finally:
                close_old_connections()
            deadline = time.monotonic() + round_seconds
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, round_seconds))


def _take_round_lock() -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_ID])
            return cursor.fetchone()[0]
    # SQLite: transactions here are IMMEDIATE, so the open transaction already holds the
    # database's write lock and no other round can run until it ends.
    return True
