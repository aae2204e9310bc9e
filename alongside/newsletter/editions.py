"""An edition's life before sending: made when its video first goes live, scheduled by the
site's setting or sent by a curator; and the periodic job that starts the ones that are due."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import sending
from .models import Delivery, Edition, NewsletterSettings, Subscriber


def next_send_time(options: NewsletterSettings, *, now: datetime) -> datetime:
    """The next `send_weekday` at `send_time` in the site's time zone, after `now`."""
    local_now = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    days_ahead = (options.send_weekday - local_now.weekday()) % 7
    day = local_now.date() + timedelta(days=days_ahead)
    when = datetime.combine(day, options.send_time, tzinfo=local_now.tzinfo)
    return when if when > local_now else when + timedelta(days=7)


@transaction.atomic
def video_went_live(*, video, now: datetime | None = None) -> Edition | None:
    """On a video's first publication only: its edition, as a draft for the curator, or
    scheduled for the next send time when "send on publish" is on."""
    if video.first_published_at != video.last_published_at:
        return None  # published again after an edit: the edition (if any) stays as it is
    now = now or timezone.now()
    options = NewsletterSettings.for_site_or_defaults(video.get_site())
    defaults = {"subject": video.title, "preheader": video.summary, "created_at": now}
    if options.send_on_publish:
        defaults |= {
            "status": Edition.Status.SCHEDULED,
            "send_at": next_send_time(options, now=now),
        }
    edition, _created = Edition.objects.get_or_create(video=video, defaults=defaults)
    return edition


def edition_for(video) -> Edition:
    """The video's edition, made as a draft if it has none (a video older than the weekly
    email)."""
    edition, _created = Edition.objects.get_or_create(
        video=video,
        defaults={"subject": video.title, "preheader": video.summary, "created_at": timezone.now()},
    )
    return edition


def start_due_editions(*, now: datetime | None = None) -> int:
    """A periodic job (core/periodic.py): start scheduled editions whose time has come, and
    queue the sender again for editions with work due and no sender queued (retries that have
    waited long enough, a sender task that failed for good). Returns how many it started or
    queued."""
    now = now or timezone.now()
    started = 0
    due = Edition.objects.filter(status=Edition.Status.SCHEDULED, send_at__lte=now)
    for edition in due:
        started += sending.start_sending(edition=edition, now=now)
    sending_ids = set(
        Delivery.objects.filter(
            edition__status=Edition.Status.SENDING,
            subscriber__status=Subscriber.Status.CONFIRMED,
        )
        .filter(sending.due_now(now))
        .values_list("edition_id", flat=True)
        .distinct()
    )
    if not sending_ids:
        return started
    from .tasks import send_edition

    queued = {
        run.args_kwargs["kwargs"]["edition_id"]
        for run in DBTaskResult.objects.filter(
            task_path=send_edition.module_path,
            status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
        ).only("args_kwargs")
    }
    for edition_id in sending_ids - queued:
        transaction.on_commit(lambda edition_id=edition_id: sending.enqueue_sender(edition_id))
        started += 1
    return started
