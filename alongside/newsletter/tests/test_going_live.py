"""An edition is made when its video first goes live; the command and the periodic job send."""

from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.core.mail import email_digest
from alongside.core.periodic import PERIODIC_JOBS
from alongside.newsletter import editions, sending
from alongside.newsletter.models import Delivery, Edition, NewsletterSettings, Subscriber


def confirmed(number: int) -> Subscriber:
    email = f"reader{number}@example.org"
    return Subscriber.objects.create(
        email=email,
        address_digest=email_digest(email, purpose="newsletter"),
        status=Subscriber.Status.CONFIRMED,
        created_at=timezone.now(),
    )


@pytest.mark.django_db
def test_a_video_going_live_gets_a_draft_edition_once(make_video):
    video = make_video("Finish line", summary="A race nobody expected to finish.")
    edition = Edition.objects.get(video=video)
    assert (edition.subject, edition.preheader, edition.status) == (
        "Finish line",
        "A race nobody expected to finish.",
        Edition.Status.DRAFT,
    )
    Edition.objects.filter(pk=edition.pk).update(subject="A curator's subject")
    video.title = "Finish line, edited"
    video.save_revision().publish()
    assert Edition.objects.get().subject == "A curator's subject"  # republishing keeps it


@pytest.mark.django_db
def test_send_on_publish_schedules_it_for_the_next_send_time(make_video, home, settings):
    from wagtail.models import Site

    settings.TIME_ZONE = "Europe/Paris"
    options = NewsletterSettings.for_site(Site.objects.get(is_default_site=True))
    options.send_on_publish = True
    options.save()
    edition = Edition.objects.get(video=make_video())
    assert edition.status == Edition.Status.SCHEDULED
    local = edition.send_at.astimezone(ZoneInfo("Europe/Paris"))
    assert (local.weekday(), local.time()) == (0, time(7, 0))
    assert timezone.now() < edition.send_at <= timezone.now() + timedelta(days=7)


def test_the_next_send_time_is_always_ahead():
    options = NewsletterSettings(send_weekday=0, send_time=time(7, 0))
    utc = ZoneInfo("UTC")
    monday_early = datetime(2026, 11, 23, 6, 0, tzinfo=utc)
    monday_late = datetime(2026, 11, 23, 8, 0, tzinfo=utc)
    assert editions.next_send_time(options, now=monday_early) == datetime(
        2026, 11, 23, 7, 0, tzinfo=utc
    )
    assert editions.next_send_time(options, now=monday_late) == datetime(
        2026, 11, 30, 7, 0, tzinfo=utc
    )


@pytest.mark.django_db(transaction=True)
def test_the_command_sends_now_and_prints_progress(make_video, smtp_server):
    video = make_video("Finish line")
    for n in range(3):
        confirmed(n)
    out = StringIO()
    call_command("send_edition", video.slug, "--now", stdout=out)
    assert "Sending “Finish line” to 3 subscribers." in out.getvalue()
    assert "sent 3 of 3" in out.getvalue() and "Sent: 3 sent" in out.getvalue()
    assert len(smtp_server.messages) == 3
    run_tasks()  # nothing was queued for the worker: nobody gets a second copy
    assert len(smtp_server.messages) == 3
    with pytest.raises(CommandError, match="is sent"):
        call_command("send_edition", video.slug, stdout=StringIO())
    with pytest.raises(CommandError, match="No live video"):
        call_command("send_edition", "no-such-video", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_command_queues_for_the_worker(make_video, smtp_server):
    video = make_video("Finish line")
    reader = confirmed(1)
    out = StringIO()
    call_command("send_edition", video.slug, stdout=out)
    assert "Queued “Finish line” for 1 subscribers." in out.getvalue()
    assert smtp_server.messages == []
    run_tasks()
    assert [m["To"] for m in smtp_server.messages] == [reader.email]


def run_periodic_job():
    (job,) = [job for job in PERIODIC_JOBS if job.name == "start due weekly emails"]
    from django.db import transaction
    from django.utils.module_loading import import_string

    with transaction.atomic():
        import_string(job.function)()


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_edition_is_sent_by_the_periodic_job_when_due(make_video, smtp_server):
    edition = Edition.objects.get(video=make_video())
    confirmed(1)
    Edition.objects.filter(pk=edition.pk).update(
        status=Edition.Status.SCHEDULED, send_at=timezone.now() + timedelta(hours=1)
    )
    run_periodic_job()
    run_tasks()
    assert smtp_server.messages == []  # not yet
    Edition.objects.filter(pk=edition.pk).update(send_at=timezone.now() - timedelta(seconds=1))
    run_periodic_job()
    run_tasks()
    assert len(smtp_server.messages) == 1
    assert Edition.objects.get().status == Edition.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_the_periodic_job_queues_a_sender_for_due_retries_and_lost_tasks(make_video, smtp_server):
    from django_tasks_db.models import DBTaskResult

    edition = Edition.objects.get(video=make_video())
    confirmed(1)
    sending.start_sending(edition=edition)
    DBTaskResult.objects.all().delete()  # the sender task lost
    run_periodic_job()
    run_periodic_job()  # a queued sender is not queued twice
    assert DBTaskResult.objects.count() == 1
    run_tasks()
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.get().state == Delivery.State.SENT
