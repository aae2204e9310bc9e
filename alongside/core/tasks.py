"""What every task shares: retries, a heartbeat, and tasks whose worker died run again.

Retries: `@retry_on(*MAIL_ERRORS)` under `@task()` queues a task again later when the mail
server fails.

Heartbeat and lease (docs/decisions/0051): django-tasks-db marks a task RUNNING when a worker
takes it and nothing else, so a worker killed mid-task would leave it RUNNING forever. Here
every worker process (plain `manage.py db_worker`) beats, writing the time into its
`WorkerHeartbeat` row, when it starts a task; the periodic job `requeue_stale_tasks` puts back
in the queue any RUNNING task whose worker has not beaten for `TASK_LEASE_SECONDS`, to run
again from the start. Tasks must therefore be safe to run twice (mail goes through
`core.mail.send_once`).

A task that may run longer than the lease (a newsletter send, say) calls `beat()` as it goes,
after each recipient for instance, outside any transaction:

    from alongside.core.tasks import beat

    for recipient in recipients:
        send_issue(recipient)
        beat()  # "still alive": writes at most every TASK_LEASE_SECONDS / 4

`beat()` costs nothing between writes, does nothing outside a worker, and never fails a task
(a database that does not answer just misses a beat).

Pruning: `prune_finished_tasks` deletes succeeded and failed task rows older than
`TASK_RESULT_RETENTION_DAYS`, with old heartbeats and email ledger rows.
"""

import logging
import sys
import time
from datetime import datetime, timedelta
from functools import wraps
from smtplib import SMTPException

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .mail import EmailInFlight

logger = logging.getLogger(__name__)

# What a mail server that is down or refusing looks like, or another process still sending
# the same email: worth another try later.
MAIL_ERRORS = (SMTPException, OSError, EmailInFlight)

# Delays before the 1st, 2nd, ... retry; after the last one the task fails for good.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


def retry_on(*exceptions):
    """Decorate a task's function (under `@task()`): when it raises one of `exceptions`, queue
    the same task again after a growing delay, up to len(RETRY_DELAYS) times.

    The function must be safe to run twice; the retry passes `attempt=` on to itself.
    """

    def decorate(function):
        @wraps(function)
        def run(*args, attempt: int = 0, **kwargs):
            try:
                return function(*args, **kwargs)
            except exceptions as error:
                if attempt >= len(RETRY_DELAYS):
                    raise
                delay = RETRY_DELAYS[attempt]
                logger.warning(
                    "%s failed (%s); retry %d in %s",
                    function.__qualname__,
                    type(error).__name__,
                    attempt + 1,
                    delay,
                )
                # `@task()` replaced the module's function with the Task: queue that again.
                task = getattr(sys.modules[function.__module__], function.__name__)
                task.using(run_after=timezone.now() + delay).enqueue(
                    *args, attempt=attempt + 1, **kwargs
                )
                return None

        return run

    return decorate


# A task taken this many times by workers that died is failed rather than run again: it is
# probably what kills them.
MAX_TASK_CLAIMS = 5
# Ledger rows of sent emails are kept this long: a task is never re-run later than this.
SENT_EMAIL_RETENTION = timedelta(days=30)
FINISHED = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


class TaskGaveUp(Exception):
    """A task failed for good. Its message is only the original error's type: a mail server's
    error can quote the address it refused, and a failed task's traceback is both stored in
    the database and logged."""


def give_up_quietly(on_give_up=None):
    """Decorate a task's function, above `retry_on`: whatever reaches here is final (the
    retries are spent, or the error is not one to retry). Call `on_give_up` with the task's
    arguments (to erase what it carried, say), then fail with a TaskGaveUp naming nobody."""

    def decorate(function):
        @wraps(function)
        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                if on_give_up is not None:
                    kwargs.pop("attempt", None)
                    on_give_up(*args, **kwargs)
                raise TaskGaveUp(type(error).__name__) from None

        return run

    return decorate


class _Heartbeat:
    """The worker this process is running a task for, and when it last wrote a beat."""

    worker_id: str | None = None
    last_written = 0.0  # time.monotonic()


def beat(*, force: bool = False) -> None:
    """Tell the periodic jobs that the task this worker runs is alive (see the module's
    docstring). Writes at most every TASK_LEASE_SECONDS / 4 unless `force`d."""
    worker_id = _Heartbeat.worker_id
    if worker_id is None:
        return
    now = time.monotonic()
    if not force and now - _Heartbeat.last_written < settings.TASK_LEASE_SECONDS / 4:
        return
    from .models import WorkerHeartbeat

    try:
        with transaction.atomic():
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id, defaults={"beat_at": timezone.now()}
            )
    except DatabaseError as error:
        logger.warning("Task worker %s missed a heartbeat (%s)", worker_id, error)
        return
    _Heartbeat.last_written = now


def start_beating(sender, task_result, **kwargs) -> None:
    """django-tasks' `task_started`: the worker (the last to claim the task) beats at once."""
    _Heartbeat.worker_id = task_result.worker_ids[-1] if task_result.worker_ids else None
    beat(force=True)


def stop_beating(sender, task_result, **kwargs) -> None:
    """django-tasks' `task_finished`: beats from here on would belong to no task."""
    _Heartbeat.worker_id = None


def requeue_stale_tasks(*, now: datetime | None = None) -> int:
    """Put back in the queue the RUNNING tasks whose worker stopped beating a lease ago.

    A worker's last sign of life is its latest beat or the start of the task, whichever is
    later. A task taken MAX_TASK_CLAIMS times is failed instead. Returns how many were requeued.
    """
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    running = list(
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .only("id", "task_path", "worker_ids", "started_at")
    )
    if not running:
        return 0
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = 0
    for task in running:
        worker_id = task.worker_ids[-1] if task.worker_ids else None
        if worker_id in alive:
            continue
        # Only if it is still the same run: a worker may have finished it meanwhile.
        same_run = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= MAX_TASK_CLAIMS:
            same_run.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="alongside.core.tasks.WorkerLost",
                traceback=f"Its worker died {len(task.worker_ids)} times while running it.",
            )
            logger.error("Task %s (%s) failed: its workers kept dying", task.pk, task.task_path)
            continue
        requeued += same_run.update(status=TaskResultStatus.READY)
        logger.warning(
            "Task %s (%s) requeued: worker %s stopped beating", task.pk, task.task_path, worker_id
        )
    return requeued


def kwargs_with_runs(task, *, name: str, values) -> set:
    """Which of `values` the keyword argument `name` has in a run of `task` still kept in the
    queue's table (waiting, running or finished): how periodic jobs that catch lost tasks tell
    a task that never reached the queue from one that waits, ran or failed for good."""
    runs = DBTaskResult.objects.filter(
        task_path=task.module_path, **{f"args_kwargs__kwargs__{name}__in": list(values)}
    )
    return {run.args_kwargs["kwargs"][name] for run in runs.only("args_kwargs")}


def is_queued(task) -> bool:
    """Whether a run of `task` is READY or RUNNING."""
    return DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
    ).exists()


def prune_finished_tasks(*, now: datetime | None = None) -> int:
    """Delete finished task rows older than TASK_RESULT_RETENTION_DAYS (returns how many), and
    heartbeats as old, and ledger rows of emails sent more than SENT_EMAIL_RETENTION ago."""
    from .models import OutboundEmail, WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    finished = DBTaskResult.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
    deleted, _ = finished.delete()
    WorkerHeartbeat.objects.filter(beat_at__lt=cutoff).delete()
    OutboundEmail.objects.filter(sent_at__lt=now - SENT_EMAIL_RETENTION).delete()
    return deleted
