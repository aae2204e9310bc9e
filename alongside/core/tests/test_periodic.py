"""Periodic jobs: scheduled pages go live (and come down) on time, with no cron to set up."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.conftest import run_tasks
from alongside.core.periodic import PeriodicJob, PeriodicJobRunner
from alongside.core.tests.test_embedded_mode import manage
from alongside.pledges.models import Pledge

PROJECT = Path(__file__).resolve().parents[3]


def schedule(page, *, go_live_at=None, expire_at=None):
    """Publish `page` with a go-live or expiry time as a curator's "Schedule" does."""
    page.go_live_at, page.expire_at = go_live_at, expire_at
    page.save_revision().publish()
    page.refresh_from_db()
    return page


SOON = timedelta(seconds=1)


def wait_until_due():
    time.sleep(SOON.total_seconds() + 0.1)


@pytest.mark.django_db
def test_a_scheduled_video_goes_live_in_the_next_round(
    client, make_video, django_capture_on_commit_callbacks
):
    video = make_video("Next week")
    video.unpublish()
    schedule(video, go_live_at=timezone.now() + SOON)
    assert client.get(video.url).status_code == 404
    runner = PeriodicJobRunner()

    runner.run_round()
    assert client.get(video.url).status_code == 404  # not yet due

    wait_until_due()
    with django_capture_on_commit_callbacks(execute=True):  # the round's commit
        assert "publish scheduled pages" in runner.run_round()
    response = client.get(video.url)
    assert response.status_code == 200 and b"Next week" in response.content


@pytest.mark.django_db
def test_a_video_with_an_expiry_comes_down_and_leaves_the_cached_index(
    client, make_video, django_capture_on_commit_callbacks
):
    video = make_video("Only this week")
    index = video.get_parent()
    assert b"Only this week" in client.get(index.url).content  # now cached
    schedule(video, expire_at=timezone.now() + SOON)
    wait_until_due()

    with django_capture_on_commit_callbacks(execute=True):  # the round's commit
        PeriodicJobRunner().run_round()

    assert client.get(video.url).status_code == 404
    assert b"Only this week" not in client.get(index.url).content


def unconfirmed_pledge(video, email, *, expires_at):
    return Pledge.objects.create(
        video=video, name="A", email=email, created_at=timezone.now(), expires_at=expires_at
    )


@pytest.mark.django_db
def test_unconfirmed_pledges_expire_without_a_cron_job(make_video):
    video = make_video()
    now = timezone.now()
    kept = unconfirmed_pledge(video, "a@example.org", expires_at=now + timedelta(days=1))
    unconfirmed_pledge(video, "b@example.org", expires_at=now - timedelta(minutes=1))

    assert "expire unconfirmed pledges" in PeriodicJobRunner().run_round()

    assert list(Pledge.objects.values_list("pk", flat=True)) == [kept.pk]


def failing_job():
    Pledge.objects.all().delete()  # undone: the job's writes roll back with its failure
    raise RuntimeError("broken job")


@pytest.mark.django_db
def test_a_failing_job_undoes_its_writes_and_others_still_run(make_video, caplog):
    unconfirmed_pledge(make_video(), "a@example.org", expires_at=timezone.now())
    jobs = (
        PeriodicJob("broken", f"{__name__}.failing_job", timedelta()),
        PeriodicJob("counting", f"{__name__}.count_a_run", timedelta(hours=1)),
    )
    runner = PeriodicJobRunner(jobs)
    COUNTED_RUNS.clear()

    ran = runner.run_round()

    assert ran == ["counting"] and COUNTED_RUNS == [1]
    assert Pledge.objects.count() == 1
    assert "Periodic job 'broken' failed" in caplog.text
    # An hourly job is not due again a round later; the failed one is retried.
    assert runner.run_round() == [] and COUNTED_RUNS == [1]


COUNTED_RUNS = []


def count_a_run():
    COUNTED_RUNS.append(1)


@pytest.mark.django_db(transaction=True)
def test_two_runners_never_run_a_round_at_the_same_time():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's write lock serialises transactions; PostgreSQL needs the lock")
    from django.db import connections

    from alongside.core.periodic import LOCK_ID

    COUNTED_RUNS.clear()
    jobs = (PeriodicJob("counting", f"{__name__}.count_a_run", timedelta()),)
    # Another runner (another connection) is in the middle of a round.
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_ID])
        assert PeriodicJobRunner(jobs).run_round() == []
        other.rollback()  # its round ended
        assert PeriodicJobRunner(jobs).run_round() == ["counting"]
        assert COUNTED_RUNS == [1]
    finally:
        other.close()


def test_the_runner_process_publishes_on_time_and_stops_cleanly(tmp_path):
    """The command as `make run` starts it: its own process, on its own database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}} | {
        "DEBUG": "true",
        "ENV_FILE": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    manage(env, "migrate", "--noinput", "-v0")
    scheduled = manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from wagtail.models import Page\n"
        "root = Page.get_first_root_node()\n"
        "page = root.add_child(instance=Page(title='Soon', slug='soon', live=False))\n"
        "page.go_live_at = timezone.now() + timedelta(seconds=2)\n"
        "page.save_revision().publish()\n"
        "print(page.pk, page.live)",
    )
    [page_id, live] = scheduled.stdout.split()
    assert live == "False", scheduled.stderr

    runner = subprocess.Popen(
        [sys.executable, "manage.py", "run_periodic_jobs", "--round-seconds", "0.5"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        check = f"from wagtail.models import Page; print(Page.objects.get(pk={page_id}).live)"
        deadline = time.monotonic() + 30
        while manage(env, "shell", "-v0", "-c", check).stdout.strip() != "True":
            assert time.monotonic() < deadline, "the scheduled page never went live"
            time.sleep(0.5)
    finally:
        runner.send_signal(signal.SIGTERM)
        output, _ = runner.communicate(timeout=30)
    assert runner.returncode == 0, output


def lose_queued_tasks():
    """What a process stopping between a commit and queueing its task leaves: no task."""
    DBTaskResult.objects.filter(status="READY").delete()


@pytest.mark.django_db(transaction=True)  # the worker checks its connection
def test_a_lost_moderation_digest_is_queued_again_once_due(make_video, smtp_server):
    from django.contrib.auth import get_user_model

    from alongside.reflections.models import Reflection
    from alongside.reflections.services import queue_due_moderation_digest
    from alongside.reflections.tests.test_display import write

    get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    held = write(make_video(), "Ada", "Held for a curator", mode="hold")
    lose_queued_tasks()
    assert queue_due_moderation_digest() is False  # its quarter hour has not passed

    Reflection.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    runner = PeriodicJobRunner()
    assert "queue due moderation digests" in runner.run_round()
    assert queue_due_moderation_digest() is False  # queued already: not twice
    run_tasks()

    [digest] = smtp_server.messages
    assert digest["To"] == "curator@example.org"
    assert queue_due_moderation_digest() is False  # sent: nothing waits for a digest


@pytest.mark.django_db(transaction=True)  # the worker checks its connection
def test_lost_pledge_follow_ups_are_queued_again_once_due_and_sent_once(make_video, smtp_server):
    from alongside.pledges import services
    from alongside.pledges.models import PledgeEmail

    video = make_video(pledge_follow_up_days=5)
    now = timezone.now()

    def confirmed(email, *, days_ago):
        pledge = unconfirmed_pledge(video, email, expires_at=now + timedelta(days=7))
        services.confirm_pledge(pledge=pledge, now=now - timedelta(days=days_ago))
        return pledge

    lost = confirmed("lost@example.org", days_ago=6)
    not_due = confirmed("later@example.org", days_ago=2)
    lose_queued_tasks()
    waiting = confirmed("waiting@example.org", days_ago=6)  # its task is queued, only late

    assert services.queue_lost_follow_ups() == 1
    assert services.queue_lost_follow_ups() == 0  # queued now: not twice
    run_tasks()

    sent = PledgeEmail.objects.filter(kind=PledgeEmail.Kind.FOLLOW_UP)
    assert set(sent.values_list("pledge", flat=True)) == {lost.pk, waiting.pk}
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "lost@example.org",
        "waiting@example.org",
    ]
    assert not_due.pk not in sent.values_list("pledge", flat=True)
    assert services.queue_lost_follow_ups() == 0  # sent: nothing is lost any more
