"""Pledges on a video's act, the stories of kept pledges, and the emails sent about them."""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from alongside.core.cache import page_section
from alongside.core.moderation import Moderated, ModerationMode, ModerationStatus

# An unconfirmed pledge, and its confirmation link, last this long.
CONFIRM_WITHIN = timedelta(days=7)
# The same sending of the form (core.guard.submission_key) arriving again within this long is a
# double submit, not a new request. Short, because without JavaScript the key is only as
# specific as the cached page's token, the IP address and the browser.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=10)
# The video page's recent pledges and stories, kept rendered under a version of their own: a
# reflection does not redraw them (core.cache.section_version).
PLEDGE_LISTS = page_section("pledges")
# "Not yet" asks once more after this long.
ASK_AGAIN_AFTER = timedelta(days=7)
NOTE_MAX_LENGTH = 500
STORY_MAX_LENGTH = 2000
# Statuses a confirmed pledge is shown and counted with; a held note is hidden, not the pledge.
PUBLIC_STATUSES = (ModerationStatus.PUBLISHED, ModerationStatus.PENDING)


def new_key() -> str:
    return uuid.uuid4().hex


class PledgeQuerySet(models.QuerySet):
    def public(self):
        """Confirmed pledges that are shown and counted: not rejected, not spam."""
        return self.filter(confirmed_at__isnull=False, status__in=PUBLIC_STATUSES)


class Pledge(Moderated):
    """One person's commitment to do a video's act. Public only once confirmed by email."""

    page_section = PLEDGE_LISTS

    video = models.ForeignKey(
        "videos.VideoPage",
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    name = models.CharField(_("name"), max_length=80)
    # Stored to send mail and nothing else: never rendered on a public page.
    email = models.EmailField(_("email"))
    show_name = models.BooleanField(
        _("name shown"), default=True, help_text=_("Otherwise the pledge shows as “Someone”.")
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    # Signs the links in this pledge's emails; a new pledge never reuses an old one's links.
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    # The key naming the last sending of the pledge form (core.guard.submission_key) and its
    # time, so a double submit sends one email and a deliberate second pledge its own.
    request_key = models.CharField(max_length=32, blank=True, editable=False)
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("pledged"), db_index=True)
    expires_at = models.DateTimeField(_("expires if unconfirmed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    kept_at = models.DateTimeField(_("kept"), null=True, blank=True)
    not_yet_at = models.DateTimeField(_("answered “not yet”"), null=True, blank=True)
    emails_stopped_at = models.DateTimeField(_("stopped emails"), null=True, blank=True)
    follow_ups_sent = models.PositiveSmallIntegerField(_("follow-ups sent"), default=0)

    objects = PledgeQuerySet.as_manager()
    # No entry in Wagtail's reference index (and no task queued for one) per pledge written.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["video", "email"], name="one_pledge_per_address"),
            models.CheckConstraint(
                condition=Q(kept_at__isnull=True) | Q(confirmed_at__isnull=False),
                name="kept_pledge_is_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=False) | Q(expires_at__isnull=False),
                name="unconfirmed_pledge_expires",
            ),
        ]
        indexes = [models.Index(fields=["video", "confirmed_at"], name="pledge_video_confirmed")]

    def __str__(self):
        return self.name

    @property
    def public_name(self) -> str:
        """What public pages show: the name, or "Someone" for an anonymous pledge."""
        return self.name if self.show_name else str(_("Someone"))

    @property
    def note_is_public(self) -> bool:
        return bool(self.note) and self.status == ModerationStatus.PUBLISHED

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def stage(self) -> str:
        """Where the pledge is in its life, for curators."""
        if self.kept_at:
            return str(_("Kept"))
        if self.confirmed_at:
            return str(_("Confirmed"))
        return str(_("Waiting for confirmation"))


class KeptStory(Moderated):
    """How a kept pledge went, told by the pledger; moderated like reflections."""

    page_section = PLEDGE_LISTS

    wagtail_reference_index_ignore = True

    pledge = models.OneToOneField(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="story"
    )
    text = models.TextField(_("story"), max_length=STORY_MAX_LENGTH)
    created_at = models.DateTimeField(_("told"), db_index=True)

    class Meta:
        verbose_name = _("kept story")
        verbose_name_plural = _("kept stories")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]

    @property
    def email(self) -> str:
        """The teller's address, so "Block sender" in the moderation queue works on stories."""
        return self.pledge.email

    def shown_on_page_id(self) -> int | None:
        # None once the pledge is gone too (deleted with it): the pledge's own deletion
        # changes the page then.
        return Pledge.objects.filter(pk=self.pledge_id).values_list("video_id", flat=True).first()


class PledgeEmail(models.Model):
    """One email sent about a pledge: the record that makes sending safe to run twice."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm your pledge")
        ALREADY = "already", _("Already pledged")
        FOLLOW_UP = "follow_up", _("Did you do it?")
        ASK_AGAIN = "ask_again", _("Did you do it? (asked again)")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=80, unique=True)
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pledge email")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.sent_at:%Y-%m-%d})"


OPEN_OR_HOLD = [
    (ModerationMode.OPEN.value, ModerationMode.OPEN.label),
    (ModerationMode.HOLD.value, ModerationMode.HOLD.label),
]


@register_setting(icon="thumbtack")
class PledgeSettings(BaseGenericSetting):
    """How pledge notes and kept stories are moderated (videos open and close pledges)."""

    notes_mode = models.CharField(
        _("pledge notes"), max_length=8, choices=OPEN_OR_HOLD, default=ModerationMode.OPEN
    )
    stories_mode = models.CharField(
        _("kept stories"), max_length=8, choices=OPEN_OR_HOLD, default=ModerationMode.OPEN
    )

    class Meta:
        verbose_name = _("pledge settings")
