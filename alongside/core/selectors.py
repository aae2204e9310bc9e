"""Query pieces several apps share."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_per_video(queryset):
    """An annotation counting `queryset`'s rows that belong to the outer video (by `video`).

    Used by sections of the video page so their counts come with the page's own query.
    """
    rows = queryset.filter(video=OuterRef("pk")).order_by()
    counted = rows.values("video").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)
