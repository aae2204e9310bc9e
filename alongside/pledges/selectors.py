"""Reads for pledges, each in a fixed number of queries whatever the number of pledges.

Pledges are found by `video_id`, not `video`: the admin's preview of a new video renders an
unsaved page (no pk), which simply has no pledges yet.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from alongside.core.cache import section_version
from alongside.core.moderation import ModerationStatus
from alongside.core.selectors import count_per_video

from .forms import PledgeForm
from .models import PLEDGE_LISTS, PUBLIC_STATUSES, KeptStory, Pledge

RECENT_ON_VIDEO = 5
STORIES_ON_VIDEO = 3
PLEDGES_PER_PAGE = 30
# Fields public pages may use: never the email address.
PUBLIC_FIELDS = ("video_id", "name", "show_name", "note", "status", "confirmed_at", "kept_at")
# What the video page says after the no-JavaScript form redirects back (?pledge=...).
NOTICES = {
    "sent": _(
        "Thank you! We have sent you an email. Open the link in it to confirm your pledge. "
        "If it has not arrived in a few minutes, look in your spam folder."
    ),
    "confirmed": _("Your pledge is confirmed. Thank you for doing this."),
}


@dataclass
class PledgeTotals:
    pledged: int = 0
    kept: int = 0
    goal: int | None = None

    @property
    def percent(self) -> int:
        """How far toward the goal, 0 to 100 (the bar stays full past the goal)."""
        if not self.goal:
            return 0
        return min(100, self.pledged * 100 // self.goal)


@dataclass
class PledgeSection:
    """Everything the video page's pledge section shows."""

    video_id: int
    is_open: bool
    totals: PledgeTotals
    recent: list = field(default_factory=list)
    stories: list = field(default_factory=list)
    notice: str = ""


def public_pledges(*, video=None) -> QuerySet:
    """Confirmed, shown pledges (of one video), newest first, without their addresses."""
    pledges = Pledge.objects.public().only(*PUBLIC_FIELDS)
    if video is not None:
        pledges = pledges.filter(video_id=video.pk)
    return pledges.order_by("-confirmed_at", "-pk")


def count_annotations() -> dict:
    """Pledged and kept counts as annotations on the video's own query (see routing)."""
    public = Pledge.objects.public()
    return {
        "pledges_pledged": count_per_video(public),
        "pledges_kept": count_per_video(public.filter(kept_at__isnull=False)),
    }


def pledge_totals(*, video) -> PledgeTotals:
    """Pledged and kept counts for a video: from routing's annotations, or one query over
    the rows they count."""
    if hasattr(video, "pledges_pledged"):
        counts = {"pledged": video.pledges_pledged, "kept": video.pledges_kept}
    else:
        counts = (
            Pledge.objects.public()
            .filter(video_id=video.pk)
            .aggregate(pledged=Count("pk"), kept=Count("pk", filter=Q(kept_at__isnull=False)))
        )
    return PledgeTotals(goal=video.pledge_goal, **counts)


def published_stories(*, video, limit: int | None = None) -> list[KeptStory]:
    stories = (
        KeptStory.objects.filter(
            pledge__video_id=video.pk,
            status=ModerationStatus.PUBLISHED,
            pledge__confirmed_at__isnull=False,
            pledge__status__in=PUBLIC_STATUSES,
        )
        .select_related("pledge")
        .only("text", "created_at", *(f"pledge__{name}" for name in PUBLIC_FIELDS))
        .order_by("-created_at", "-pk")
    )
    return list(stories[:limit] if limit else stories)


def video_page_context(*, video, request) -> dict:
    """The video page's pledge section: at most three queries (none when the video came with
    its counts and its lists are kept rendered), however many pledges there are."""
    section = PledgeSection(
        video_id=video.pk,
        is_open=video.pledges_open,
        totals=pledge_totals(video=video),
        recent=SimpleLazyObject(lambda: list(public_pledges(video=video)[:RECENT_ON_VIDEO])),
        stories=SimpleLazyObject(lambda: published_stories(video=video, limit=STORIES_ON_VIDEO)),
        notice=NOTICES.get(request.GET.get("pledge", ""), ""),
    )
    return {
        "pledge_section": section,
        # Made only if drawn: a kept section needs none.
        "pledge_form": SimpleLazyObject(lambda: PledgeForm(video=video))
        if video.pledges_open
        else None,
        # The lists are kept rendered until a pledge or story of this video (or the site)
        # changes; the version is read before the queries, so a pledge confirmed meanwhile
        # leaves the kept lists out of date, not the new version on old lists.
        "pledge_lists_key": section_version(video.pk, PLEDGE_LISTS),
    }


def paginate(queryset, *, number) -> "Paginator.page":
    paginator = Paginator(queryset, PLEDGES_PER_PAGE)
    try:
        return paginator.page(number or 1)
    except Exception as error:  # EmptyPage or PageNotAnInteger: an unknown page is a 404
        raise Http404(_("No such page of pledges.")) from error


def recent_pledges(*, number) -> "Paginator.page":
    """The newest confirmed pledges across every live video, with their videos."""
    from alongside.videos.selectors import public_videos

    pledges = (
        Pledge.objects.public()
        .filter(video__in=public_videos().values("pk"))
        .select_related("video")
        .defer("email", "key", "request_key", "ip_address")
        .order_by("-confirmed_at", "-pk")
    )
    return paginate(pledges, number=number)


@dataclass
class WeekBar:
    start: date
    pledged: int
    kept: int


def weekly_activity(*, video, weeks: int = 12, today: date | None = None) -> list[WeekBar]:
    """Pledges confirmed and kept per week (Monday to Sunday) for the last `weeks` weeks."""
    today = today or timezone.localdate()
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    pledges = Pledge.objects.public().filter(video=video)

    def per_day(field_name):
        rows = (
            pledges.filter(**{f"{field_name}__gte": start})
            .annotate(day=TruncDate(field_name))
            .values("day")
            .annotate(n=Count("pk"))
        )
        return {row["day"]: row["n"] for row in rows}

    bars = [WeekBar(first + timedelta(weeks=i), 0, 0) for i in range(weeks)]
    for attribute, days in (("pledged", per_day("confirmed_at")), ("kept", per_day("kept_at"))):
        for day, count in days.items():
            index = (day - first).days // 7
            if 0 <= index < weeks:
                setattr(bars[index], attribute, getattr(bars[index], attribute) + count)
    return bars
