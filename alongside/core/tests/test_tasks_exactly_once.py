"""Mail tasks send each email once, tasks whose worker died run again, finished tasks go.

The email ledger (core.mail.send_once), the worker heartbeat and the periodic jobs that
requeue stale tasks and prune finished ones (core/tasks.py, docs/decisions/0050 and 0051).
A real worker process killed mid-task is in test_worker_killed.py.
"""

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.conftest import run_tasks
from alongside.core.mail import EmailInFlight, message_id_for, send_once
from alongside.core.models import OutboundEmail, WorkerHeartbeat
from alongside.core.periodic import PeriodicJobRunner
from alongside.core.tasks import (
    MAX_TASK_CLAIMS,
    beat,
    prune_finished_tasks,
    requeue_stale_tasks,
)
from alongside.core.tests.mail_tasks import send_numbered_email
from alongside.pledges import services as pledge_services
from alongside.pledges.models import Pledge, PledgeEmail
from alongside.pledges.tasks import send_pledge_email

pytestmark = pytest.mark.django_db


def message(number=1):
    return EmailMessage(f"Email {number}", "Hello.", to=["someone@example.org"])


def numbers_received(smtp_server):
    return sorted(int(m["Subject"].split()[-1]) for m in smtp_server.messages)


def test_an_email_is_sent_once_under_its_key(smtp_server):
    assert send_once(key="k:1", message=message()) is True
    assert send_once(key="k:1", message=message()) is False

    [sent] = smtp_server.messages
    assert sent["Message-ID"] == message_id_for("k:1")
    entry = OutboundEmail.objects.get(key="k:1")
    assert entry.status == OutboundEmail.Status.SENT and entry.sent_at is not None


def test_a_run_after_a_crash_before_the_mail_server_answered_sends_it_with_the_same_id(
    smtp_server, settings
):
    # A worker claimed the email, then died before or while handing it to the mail server.
    claimed_long_ago = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    OutboundEmail.objects.create(
        key="k:2", message_id=message_id_for("k:2"), claimed_at=claimed_long_ago
    )

    assert send_once(key="k:2", message=message(2)) is True

    [sent] = smtp_server.messages
    assert sent["Message-ID"] == message_id_for("k:2")  # a copy sent twice reads as one


def test_an_email_claimed_moments_ago_by_a_live_process_is_not_sent_twice(smtp_server):
    OutboundEmail.objects.create(
        key="k:3", message_id=message_id_for("k:3"), claimed_at=timezone.now()
    )
    with pytest.raises(EmailInFlight):
        send_once(key="k:3", message=message(3))
    assert smtp_server.messages == []


def test_a_mail_server_failure_leaves_the_email_to_the_next_attempt(smtp_server, settings):
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1  # nothing listens on port 1
    with pytest.raises(OSError):
        send_once(key="k:4", message=message(4))
    assert OutboundEmail.objects.get(key="k:4").claimed_at is None  # released, not in flight

    settings.EMAIL_PORT = port
    assert send_once(key="k:4", message=message(4)) is True
    assert len(smtp_server.messages) == 1


def test_the_ledger_keeps_no_address_or_content(smtp_server):
    send_once(key="k:5", message=message(5))
    row = OutboundEmail.objects.values().get(key="k:5")
    assert not any("someone@example.org" in str(value) for value in row.values())
    assert "example.org" not in smtp_server.messages[0]["Message-ID"]


def test_a_pledge_email_sent_but_not_recorded_is_recorded_and_not_sent_again(
    make_video, smtp_server
):
    """A worker killed between the mail server's answer and the PledgeEmail record."""
    video = make_video()
    pledge = Pledge.objects.create(
        video=video,
        name="Ada",
        email="ada@example.org",
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    key = "confirm:lost-record"
    send_once(key=f"pledge:{key}", message=message())  # what the killed run sent
    pledge_services.confirm_pledge(pledge=pledge)  # meanwhile: no longer "wanted"

    assert send_pledge_email.call(pledge_id=pledge.pk, kind="confirm", key=key) == "sent"

    assert len(smtp_server.messages) == 1
    assert PledgeEmail.objects.filter(key=key).exists()


@pytest.mark.django_db(transaction=True)  # the worker checks its connection
def test_mail_tasks_beat_and_a_stale_one_is_requeued_and_sent(smtp_server, settings):
    send_numbered_email.enqueue(number=7)
    run_tasks()
    assert WorkerHeartbeat.objects.count() == 1  # the worker beat when it took the task
    assert numbers_received(smtp_server) == [7]

    # A worker took task 8, claimed its email and was killed before the mail server answered.
    task = DBTaskResult.objects.get(pk=send_numbered_email.enqueue(number=8).id)
    long_ago = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    task.claim("killed-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=long_ago)
    WorkerHeartbeat.objects.create(worker_id="killed-worker", beat_at=long_ago)
    OutboundEmail.objects.create(
        key="test-email:8", message_id=message_id_for("test-email:8"), claimed_at=long_ago
    )
    run_tasks()
    assert numbers_received(smtp_server) == [7]  # RUNNING: no worker takes it

    assert "requeue stale tasks" in PeriodicJobRunner().run_round()
    run_tasks()

    assert numbers_received(smtp_server) == [7, 8]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids[0] == "killed-worker"
    assert len(task.worker_ids) == 2


def running_task(*, worker_id, started_ago, beat_ago=None, claims=1):
    task = DBTaskResult.objects.get(pk=send_numbered_email.enqueue(number=1).id)
    for n in range(claims):
        task.claim(f"{worker_id}-{n}" if n < claims - 1 else worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - started_ago)
    if beat_ago is not None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id, defaults={"beat_at": timezone.now() - beat_ago}
        )
    return task


def status_of(task):
    return DBTaskResult.objects.get(pk=task.pk).status


def test_only_tasks_whose_worker_stopped_beating_for_a_lease_are_requeued(settings):
    settings.TASK_LEASE_SECONDS = 60
    lease = timedelta(seconds=60)
    minute = timedelta(minutes=1)
    long_task_alive = running_task(worker_id="a", started_ago=10 * minute, beat_ago=lease / 2)
    just_taken = running_task(worker_id="b", started_ago=lease / 2, beat_ago=10 * minute)
    dead_worker = running_task(worker_id="c", started_ago=10 * minute, beat_ago=2 * lease)
    never_beat = running_task(worker_id="d", started_ago=2 * lease)

    assert requeue_stale_tasks() == 2

    assert status_of(long_task_alive) == status_of(just_taken) == "RUNNING"
    assert status_of(dead_worker) == status_of(never_beat) == "READY"


def test_a_task_whose_workers_keep_dying_is_failed_not_requeued_for_ever(settings):
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    task = running_task(worker_id="z", started_ago=2 * lease, claims=MAX_TASK_CLAIMS)

    assert requeue_stale_tasks() == 0

    failed = DBTaskResult.objects.get(pk=task.pk)
    assert failed.status == "FAILED" and "died 5 times" in failed.traceback


def test_beat_writes_for_the_running_worker_only_and_at_most_every_quarter_lease(settings):
    from alongside.core.tasks import _Heartbeat

    beat(force=True)
    assert not WorkerHeartbeat.objects.exists()  # not in a worker: nothing to tell

    _Heartbeat.worker_id = "w"
    try:
        beat(force=True)
        first = WorkerHeartbeat.objects.get(worker_id="w").beat_at
        beat()  # again at once: no write
        assert WorkerHeartbeat.objects.get(worker_id="w").beat_at == first
        settings.TASK_LEASE_SECONDS = 0
        beat()
        assert WorkerHeartbeat.objects.get(worker_id="w").beat_at > first
    finally:
        _Heartbeat.worker_id = None


@pytest.mark.django_db(transaction=True)  # the worker checks its connection
def test_finished_tasks_are_pruned_after_the_retention_period(smtp_server, settings):
    settings.TASK_RESULT_RETENTION_DAYS = 7
    for number in range(3):
        send_numbered_email.enqueue(number=number)
    run_tasks()
    waiting = send_numbered_email.using(run_after=timezone.now() + timedelta(days=30)).enqueue(
        number=9
    )
    old = timezone.now() - timedelta(days=8)
    DBTaskResult.objects.filter(status="SUCCESSFUL").exclude(
        pk=DBTaskResult.objects.filter(status="SUCCESSFUL").first().pk
    ).update(finished_at=old)
    DBTaskResult.objects.filter(pk=waiting.id).update(enqueued_at=old)
    WorkerHeartbeat.objects.update(beat_at=old)

    assert prune_finished_tasks() == 2

    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    assert DBTaskResult.objects.filter(pk=waiting.id).exists()  # waiting, however old
    assert not WorkerHeartbeat.objects.exists()
    assert OutboundEmail.objects.count() == 3  # sent today: kept
    OutboundEmail.objects.update(sent_at=timezone.now() - timedelta(days=31))
    prune_finished_tasks()
    assert not OutboundEmail.objects.exists()


class Abandoned(Exception):
    """The process stops before its transaction commits."""


def queued(task_name: str) -> list[dict]:
    return [
        row.args_kwargs["kwargs"]
        for row in DBTaskResult.objects.filter(task_path__endswith=task_name, status="READY")
    ]


def test_mail_tasks_are_queued_in_the_transaction_of_their_write(make_video, settings):
    """Queued with the write, not after its commit: a process killed between the two cannot
    leave a pledge or a reply whose email never goes, and a write undone queues nothing."""
    from alongside.reflections.tests.test_display import write

    settings.RATELIMIT_ENABLE = False
    video = make_video()
    parent = write(video, "Ada", "First words", notify_replies=True)
    with transaction.atomic():
        pledge = pledge_services.start_pledge(video=video, name="Ben", email="ben@example.org")
        reply = write(video, "Cy", "A reply", parent=parent)
        # Before the commit: queued in this transaction, so the commit cannot happen without.
        assert [k["pledge_id"] for k in queued("send_pledge_email")] == [pledge.pk]
        assert queued("send_reply_notification") == [{"reply_id": reply.pk}]

    with pytest.raises(Abandoned), transaction.atomic():
        pledge_services.start_pledge(video=video, name="Di", email="di@example.org")
        raise Abandoned
    assert len(queued("send_pledge_email")) == 1  # the undone pledge left no email behind
