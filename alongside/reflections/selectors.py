"""Reads for the reflections section of a video page, in a fixed number of queries.

Reflections are found by `video_id`, not `video`: the admin's preview of a new video renders
an unsaved page (no pk), which simply has no reflections yet.
"""

from django.core import signing
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from alongside.core.cache import section_seconds, section_version
from alongside.core.converters import parse_id
from alongside.core.models import ModerationMode, ModerationStatus
from alongside.core.selectors import count_per_video

from .forms import ReflectionForm
from .models import EDIT_WINDOW_MINUTES, REFLECTION_LIST, Reflection

PER_PAGE = 50
OWN_COOKIE = "alongside_own_reflections"
OWN_COOKIE_SALT = "alongside.reflections.own"
ORDERS = {"oldest": ("created_at", "pk"), "newest": ("-created_at", "-pk")}


def own_reflection_ids(request) -> set[int]:
    """Reflections this browser wrote in the last 15 minutes (from a signed cookie)."""
    try:
        ids = signing.loads(
            request.COOKIES.get(OWN_COOKIE, ""),
            salt=OWN_COOKIE_SALT,
            max_age=EDIT_WINDOW_MINUTES * 60,
        )
    except signing.BadSignature:
        return set()
    return {int(pk) for pk in ids if isinstance(pk, int)}


def count_annotations() -> dict:
    """The reflection counts a video page shows, as annotations on the video's own query."""
    published = Reflection.objects.published()
    return {
        "reflection_total": count_per_video(published),
        "reflection_top_level": count_per_video(published.filter(parent__isnull=True)),
    }


def reflection_counts(video) -> tuple[int, int]:
    """(all published, top-level published): from routing's annotations, or one query."""
    if hasattr(video, "reflection_total"):
        return video.reflection_total, video.reflection_top_level
    counts = (
        Reflection.objects.published()
        .filter(video_id=video.pk)
        .aggregate(total=Count("pk"), top_level=Count("pk", filter=Q(parent__isnull=True)))
    )
    return counts["total"], counts["top_level"]


def reflections_page(*, video, page_number, order: str):
    """One page of published top-level reflections with their replies attached.

    One query whatever the number of reflections: the page's reflections and their replies
    together (the counts come with the video, see count_annotations). The query runs only
    when the list is read: a page whose rendered list is kept needs none.
    """
    total, top_level_count = reflection_counts(video)
    # Pages are numbered from the count alone; the queries are built only when the list is read.
    paginator = Paginator(range(top_level_count), PER_PAGE)
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such page of reflections.") from error
    page.object_list = SimpleLazyObject(
        lambda: _with_replies(video, page, order) if top_level_count else []
    )
    return page, total


def _with_replies(video, page, order: str) -> list:
    published = Reflection.objects.published()
    top_level = published.filter(video_id=video.pk, parent__isnull=True).order_by(*ORDERS[order])
    page_ids = top_level.values("pk")[page.start_index() - 1 : page.end_index()]
    rows = list(
        published.filter(Q(pk__in=page_ids) | Q(parent__in=page_ids)).order_by("created_at", "pk")
    )
    replies = {}
    for row in rows:
        if row.parent_id is not None:
            replies.setdefault(row.parent_id, []).append(row)
    parents = [row for row in rows if row.parent_id is None]
    if order == "newest":
        parents.reverse()
    for parent in parents:
        parent.visible_replies = replies.get(parent.pk, [])
    return parents


def video_page_context(*, video, request) -> dict:
    """What the reflections section of a video page needs."""
    from .services import moderation_mode

    # Read with the page's, before the queries: a reflection posted meanwhile must make the
    # kept list stale. A pledge leaves it as it is.
    versions = section_version(video.pk, REFLECTION_LIST)
    order = "newest" if request.GET.get("order") == "newest" else "oldest"
    page, total = reflections_page(video=video, page_number=request.GET.get("page"), order=order)
    own_ids = own_reflection_ids(request)
    own_waiting = []
    if own_ids:
        own_waiting = list(
            Reflection.objects.filter(pk__in=own_ids, video_id=video.pk).exclude(
                status=ModerationStatus.PUBLISHED
            )
        )
    reply_to = None
    reply_param = parse_id(request.GET.get("reply_to"))
    if reply_param is not None:
        reply_to = next((r for r in page.object_list if r.pk == reply_param), None)
    # Made only if drawn: a kept section (below) needs none.
    form = SimpleLazyObject(
        lambda: ReflectionForm(video=video, initial={"parent": reply_to.pk if reply_to else None})
    )
    mode = moderation_mode(video=video, request=request)
    # The rendered list is kept (template fragment cache) until the video's page changes.
    list_key = (versions, page.number, order, mode, sorted(own_ids))
    return {
        "reflection_list_key": list_key,
        # The whole section (form and list) is kept too, unless it shows this browser's own.
        "reflection_section_seconds": 0 if own_ids else section_seconds(request),
        "reflections": page,
        "reflection_count": total,
        "reflection_order": order,
        "reflection_form": form,
        "reflection_mode": mode,
        "reflections_closed": mode == ModerationMode.CLOSED,
        "own_reflection_ids": own_ids,
        "own_waiting_reflections": own_waiting,
        "reply_to": reply_to,
        "thanks_for": _thanks_for(request, own_ids),
        "deleted_own": _deleted_own(request, own_ids),
    }


def _deleted_own(request, own_ids) -> bool:
    """Whether this browser just deleted its reflection (?deleted=<id>, after the redirect).

    Only the browser that wrote it sees the notice; for everyone else (and the page cache) the
    page is the same as without the parameter.
    """
    return parse_id(request.GET.get("deleted")) in own_ids


def _thanks_for(request, own_ids):
    thanks = parse_id(request.GET.get("thanks"))
    if thanks in own_ids:
        return Reflection.objects.filter(pk=thanks).only("pk", "status").first()
    return None
