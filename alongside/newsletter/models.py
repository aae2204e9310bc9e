"""The weekly email: who gets it, each week's edition, and one send record per recipient."""

import uuid
from datetime import time

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Subscriber(models.Model):
    """An address that asked for the weekly email. Its address is for sending and nothing
    else: lookups go through `address_digest`, links through `key`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=254)
    # core.mail.email_digest(purpose="newsletter"): one row per address, whatever its case.
    address_digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    # Why mail stopped, for curators: the server's reply code, never its words (which can
    # quote the address).
    bounce_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        # Never the address: this is what the admin and logs show.
        return f"Subscriber {self.pk} ({self.get_status_display()})"


class Edition(models.Model):
    """One video's weekly email. Its body is rendered once, when sending starts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    video = models.OneToOneField(
        "videos.VideoPage", on_delete=models.CASCADE, related_name="newsletter_edition"
    )
    subject = models.CharField(max_length=200)
    preheader = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True)
    # Rendered once for everyone; UNSUBSCRIBE_PLACEHOLDER stands for each recipient's link.
    html_body = models.TextField(blank=True)
    text_body = models.TextField(blank=True)
    # Why sending paused by itself (a mail server refusing every message, say).
    paused_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What readers did, as two numbers and nothing about anyone (docs/decisions/0066): who
    # unsubscribed through this edition's link, and visits to the video through its links.
    unsubscribes = models.PositiveIntegerField(default=0)
    video_visits = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One edition to one subscriber: what happened, and the Message-ID it always goes with."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=16, choices=State, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    # core.mail.message_id_for((edition, subscriber)): the same on every attempt.
    message_id = models.CharField(max_length=100)
    # When a worker took it to send; a `sending` one older than the lease is taken again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A temporary failure waits until then.
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="newsletter_one_delivery_each"
            )
        ]
        indexes = [
            models.Index(
                fields=["edition", "state"],
                name="newsletter_delivery_todo",
                condition=Q(state__in=["queued", "sending"]),
            )
        ]

    def __str__(self):
        return f"Delivery {self.pk} ({self.get_state_display()})"


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    """When the weekly email goes out, and how fast."""

    send_on_publish = models.BooleanField(
        _("send on publish"),
        default=False,
        help_text=_(
            "Schedule a video's email by itself when the video goes live, for the next send "
            "time below. Otherwise it waits as a draft for you."
        ),
    )
    send_weekday = models.PositiveSmallIntegerField(_("send day"), choices=WEEKDAYS, default=0)
    send_time = models.TimeField(
        _("send time"), default=time(7, 0), help_text=_("In the site's time zone.")
    )
    messages_per_second = models.PositiveIntegerField(
        _("messages per second"),
        default=0,
        help_text=_("How fast to send, to stay within your mail provider's limit. 0: no limit."),
    )

    class Meta:
        verbose_name = _("weekly email")

    @classmethod
    def for_site_or_defaults(cls, site):
        """The site's settings; the defaults where there is no site (a page outside them)."""
        return cls.for_site(site) if site is not None else cls()
