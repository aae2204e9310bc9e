"""Moderation shared by everything viewers write (reflections, pledge notes, kept stories).

A moderated model subclasses `Moderated`; curators act on rows through `moderate()` (from the
admin's bulk actions), which changes status and logs who did what. Whatever changes a row
(a curator, a service, the admin's edit form) makes its page's cached copies stale through
one signal receiver (core/apps.py), which asks the row for `shown_on_page_id()`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    BlockedSender,
    ModerationAction,
    ModerationLogEntry,
    ModerationMode,
    ModerationStatus,
)

__all__ = ["Moderated", "ModerationAction", "ModerationMode", "ModerationStatus", "moderate"]


class Moderated(models.Model):
    """Fields and behaviour every moderated submission shares."""

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        abstract = True

    # The section of that page kept under a version of its own (core.cache.section_version),
    # if the row shows in one.
    page_section = ""

    def shown_on_page_id(self) -> int | None:
        """The page that shows this row, whose cached copies change with it."""
        return getattr(self, "video_id", None)

    def delete(self, *args, **kwargs):
        # Django clears the primary key of a deleted instance; the moderation log, written
        # after the admin deletes, still needs to say which row went.
        self.deleted_pk = self.pk
        return super().delete(*args, **kwargs)


ACTION_STATUS = {
    ModerationAction.APPROVE: ModerationStatus.PUBLISHED,
    ModerationAction.REJECT: ModerationStatus.REJECTED,
    ModerationAction.SPAM: ModerationStatus.SPAM,
    ModerationAction.BLOCK: ModerationStatus.SPAM,
    ModerationAction.HOLD: ModerationStatus.PENDING,
}
# What a curator did when they set a status by hand (in an edit form).
STATUS_ACTION = {
    ModerationStatus.PUBLISHED: ModerationAction.APPROVE,
    ModerationStatus.REJECTED: ModerationAction.REJECT,
    ModerationStatus.SPAM: ModerationAction.SPAM,
    ModerationStatus.PENDING: ModerationAction.HOLD,
}


def log_moderation(*, item: Moderated, action: str, actor=None, reason: str = "") -> None:
    """Record in the moderation log that `actor` (None: the site itself) did `action` to
    `item`. Called before a deletion, or after one with the row's `deleted_pk`."""
    ModerationLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk if item.pk is not None else item.deleted_pk,
        object_repr=str(item)[:200],
        action=action,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def moderate(*, items, action: str, actor=None, reason: str = "") -> int:
    """Apply one curator action to each item (a queryset or list of `Moderated` rows).

    `actor` is the curator (None when the site acts on its own, as the Akismet check does).
    BLOCK also puts each sender's address on the blocklist. Returns how many were changed.
    """
    action = ModerationAction(action)
    now = timezone.now()
    changed = 0
    for item in list(items):
        log_moderation(item=item, action=action, actor=actor, reason=reason)
        if action == ModerationAction.BLOCK and getattr(item, "email", ""):
            BlockedSender.objects.get_or_create(
                kind=BlockedSender.Kind.EMAIL,
                value=item.email.lower(),
                defaults={"note": _("Blocked from the moderation queue")},
            )
        if action == ModerationAction.DELETE:
            item.delete()
        else:
            item.status = ACTION_STATUS[action]
            item.moderated_at = now
            item.save(update_fields=["status", "moderated_at"])
        changed += 1
    return changed
