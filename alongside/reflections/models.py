"""Reflections: what viewers write under a video, and the reports they make about them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.cache import page_section
from alongside.core.moderation import Moderated, ModerationStatus

from .text import initials, render_text

NAME_MAX_LENGTH = 80
TEXT_MAX_LENGTH = 5000
EDIT_WINDOW_MINUTES = 15
# The video page's reflections, kept rendered under a version of their own: a pledge does not
# redraw them (core.cache.section_version).
REFLECTION_LIST = page_section("reflections")
# Avatar colours: hues 30° apart, one class each in site.css (.avatar--hue-0 … -11).
AVATAR_HUES = 12


class ReflectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ModerationStatus.PUBLISHED)


class Reflection(Moderated):
    """A viewer's reflection on a video, or a reply to one (one level deep)."""

    page_section = REFLECTION_LIST

    video = models.ForeignKey(
        "videos.VideoPage", on_delete=models.CASCADE, related_name="reflections"
    )
    # A reply whose parent is deleted stays, as a reflection of its own.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("email"), help_text=_("Never shown to anyone."))
    text = models.TextField(_("reflection"), max_length=TEXT_MAX_LENGTH)
    # Rendered once from `text` whenever it changes; pages show this and never re-parse text.
    text_html = models.TextField(editable=False)
    avatar_seed = models.CharField(max_length=16, editable=False)
    notify_replies = models.BooleanField(_("email me replies"), default=False)
    # A hash of video, address, the form's idempotency key and the text: a double click or a
    # browser retry hits this unique constraint instead of publishing a second copy.
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    content_hash = models.CharField(max_length=64, editable=False)
    import_key = models.CharField(
        max_length=100, null=True, blank=True, unique=True, editable=False
    )
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    reply_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = ReflectionQuerySet.as_manager()
    # Wagtail indexes what references pages; a reflection's link to its video needs no index,
    # and indexing would queue a task on every reflection written.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        indexes = [
            # A page of top-level reflections, and a new one's place among them, read from the
            # index alone: a post's cost does not grow with the video's reflections.
            models.Index(
                fields=["video", "status", "parent", "created_at"], name="reflection_list_idx"
            ),
            # The same words on the same video (the address is compared case-insensitively,
            # which no index serves, among the few rows this finds).
            models.Index(fields=["video", "content_hash"], name="reflection_words_idx"),
            models.Index(fields=["email"], name="reflection_email_idx"),
        ]

    def __str__(self):
        excerpt = " ".join(self.text.split())[:60]
        return f"{self.name}: {excerpt}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "text" in update_fields:
            self.text_html = render_text(self.text)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)

    @property
    def initials(self) -> str:
        return initials(self.name)

    @property
    def avatar_hue(self) -> int:
        """Which of the AVATAR_HUES colours the avatar has (a class, not an inline style, so
        that the Content-Security-Policy can forbid inline styles)."""
        return int(self.avatar_seed[:4] or "0", 16) % AVATAR_HUES

    @property
    def anchor(self) -> str:
        return f"reflection-{self.pk}"


class Report(models.Model):
    """A viewer's report that a reflection needs a curator's eye."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")

    def __str__(self):
        return self.reason or str(_("(no reason given)"))


class ModerationDigest(models.Model):
    """When curators were last sent the list of reflections awaiting them."""

    sent_at = models.DateTimeField(default=timezone.now)
    reflection_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.reflection_count} listed on {self.sent_at:%Y-%m-%d %H:%M}"
