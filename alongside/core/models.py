"""What several apps share: the blocklist, the moderation log and the community settings."""

import ipaddress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class ModerationMode(models.TextChoices):
    OPEN = "open", _("Publish at once unless the spam guard flags it")
    HOLD = "hold", _("Hold everything for approval")
    CLOSED = "closed", _("Closed: no new submissions")


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    SPAM = "spam", _("Mark as spam")
    DELETE = "delete", _("Delete")
    BLOCK = "block", _("Block sender")
    HOLD = "hold", _("Put back in the queue")


class BlockedSender(models.Model):
    """One blocklist entry. Submissions matching any entry are kept as spam, never published."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        DOMAIN = "domain", _("Email domain")
        IP_RANGE = "ip", _("IP address or range")
        WORD = "word", _("Word or phrase")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=254,
        help_text=_(
            "An address (someone@example.org), a domain (example.org), an IP address or range "
            "(203.0.113.0/24), or a word or phrase."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("blocklist")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="one_block_per_value")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip()
        if self.kind in (self.Kind.EMAIL, self.Kind.DOMAIN, self.Kind.WORD):
            self.value = self.value.lower()
        if self.kind == self.Kind.DOMAIN:
            self.value = self.value.lstrip("@")
        if self.kind == self.Kind.EMAIL and "@" not in self.value:
            raise ValidationError({"value": _("An email address needs an @.")})
        if self.kind == self.Kind.IP_RANGE:
            try:
                self.value = str(ipaddress.ip_network(self.value, strict=False))
            except ValueError as error:
                raise ValidationError(
                    {"value": _("Give an IP address or a range like 203.0.113.0/24.")}
                ) from error


class ModerationLogEntry(models.Model):
    """Who did what to which submission, kept after the submission is deleted."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("submission"), max_length=200)
    action = models.CharField(_("action"), max_length=12, choices=ModerationAction.choices)
    # Empty when the site acted on its own (the Akismet check, for instance).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @property
    def kind(self) -> str:
        """What was moderated ("Reflection", "Kept story"), from Django's content type cache."""
        return capfirst(ContentType.objects.get_for_id(self.content_type_id).name)


@register_setting(icon="group")
class CommunitySettings(BaseSiteSetting):
    """Site-wide defaults for what viewers write; a video can override them."""

    reflections_mode = models.CharField(
        _("reflections"),
        max_length=8,
        choices=ModerationMode.choices,
        default=ModerationMode.OPEN,
        help_text=_("How new reflections are handled on videos that do not say otherwise."),
    )

    class Meta:
        verbose_name = _("community settings")


def community_settings(request) -> CommunitySettings:
    """The site's community settings, kept by each process until a setting or the site changes
    (saving settings changes the site's version)."""
    from .cache import kept_for_site_version
    from .sites import remembered_site

    site = remembered_site(request)
    return kept_for_site_version(
        f"community-settings:{site.pk}", lambda: CommunitySettings.for_site(site)
    )


class PageVersion(models.Model):
    """The version of what a page shows (`scope` is a page id, or "site" for what every page
    shows), changed inside every transaction that changes it.

    The page cache reads versions from the cache and falls back to these rows, so a version
    bump lost on its way to the cache (the cache down, a process killed after commit) or a
    version evicted from it can never make an old copy of a page look current
    (docs/decisions/0032-page-cache-versions.md).
    """

    scope = models.CharField(primary_key=True, max_length=32)
    version = models.BigIntegerField(help_text="time.time_ns() of the last change")

    def __str__(self):
        return f"{self.scope}: {self.version}"


class OutboundEmail(models.Model):
    """One email the site set out to send, under a key that names it: the ledger that makes a
    mail task safe to run again after a crash at any point (docs/decisions/0050).

    The row is committed as "sending" before the message goes to the mail server and marked
    "sent" once the server accepts it. Holds no address and no content: only the key.
    """

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    key = models.CharField(max_length=200, unique=True)
    # The same Message-ID on every attempt, so a copy sent twice can be recognised as one.
    message_id = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENDING)
    # When a process last set out to send it; empty after an attempt that failed.
    claimed_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, db_index=True)

    def __str__(self):
        return f"{self.key} ({self.status})"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker process (`worker_id` as django-tasks-db names
    it): written when it starts a task and whenever a long task calls `core.tasks.beat()`."""

    worker_id = models.CharField(primary_key=True, max_length=64)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker_id}: {self.beat_at:%Y-%m-%d %H:%M:%S}"
