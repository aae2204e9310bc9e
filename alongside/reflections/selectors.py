"""Reads for the reflections section of a video page, in a fixed number of queries."""

from django.core import signing
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.http import Http404

from alongside.core.models import ModerationMode, ModerationStatus

from .forms import ReflectionForm
from .models import EDIT_WINDOW_MINUTES, Reflection

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


def reflections_page(*, video, page_number, order: str):
    """One page of published top-level reflections with their replies attached.

    Three queries whatever the number of reflections: the counts, the page, the replies.
    """
    published = Q(status=ModerationStatus.PUBLISHED)
    counts = Reflection.objects.filter(published, video=video).aggregate(
        total=Count("pk"), top_level=Count("pk", filter=Q(parent__isnull=True))
    )
    top_level = Reflection.objects.filter(published, video=video, parent__isnull=True).order_by(
        *ORDERS[order]
    )
    paginator = Paginator(top_level, PER_PAGE)
    paginator.count = counts["top_level"]  # already counted above; saves a query
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such page of reflections.") from error
    parents = list(page.object_list)
    replies = {}
    if parents:
        for reply in Reflection.objects.filter(
            published, parent__in=[parent.pk for parent in parents]
        ).order_by("created_at", "pk"):
            replies.setdefault(reply.parent_id, []).append(reply)
    for parent in parents:
        parent.visible_replies = replies.get(parent.pk, [])
    page.object_list = parents
    return page, counts["total"]


def video_page_context(*, video, request) -> dict:
    """What the reflections section of a video page needs."""
    from .services import moderation_mode

    order = "newest" if request.GET.get("order") == "newest" else "oldest"
    page, total = reflections_page(video=video, page_number=request.GET.get("page"), order=order)
    own_ids = own_reflection_ids(request)
    own_waiting = []
    if own_ids:
        own_waiting = list(
            Reflection.objects.filter(pk__in=own_ids, video=video).exclude(
                status=ModerationStatus.PUBLISHED
            )
        )
    reply_to = None
    reply_param = request.GET.get("reply_to", "")
    if reply_param.isdigit():
        reply_to = next((r for r in page.object_list if r.pk == int(reply_param)), None)
    form = ReflectionForm(video=video, initial={"parent": reply_to.pk if reply_to else None})
    mode = moderation_mode(video=video, request=request)
    return {
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
    }


def _thanks_for(request, own_ids):
    thanks = request.GET.get("thanks", "")
    if thanks.isdigit() and int(thanks) in own_ids:
        return Reflection.objects.filter(pk=int(thanks)).only("pk", "status").first()
    return None
