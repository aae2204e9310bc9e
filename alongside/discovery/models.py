"""The home page: this week's video, the ones before it, and the topics to browse."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from alongside.core.cache import PublicCacheMixin
from alongside.videos import selectors
from alongside.videos.models import VideoIndexPage
from alongside.videos.providers import Provider

RECENT_VIDEOS = 6


class HomePage(PublicCacheMixin, Page):
    """The site's root page."""

    tagline = models.CharField(
        _("tagline"),
        max_length=160,
        blank=True,
        help_text=_("One sentence under the site name saying what the site is for."),
    )

    content_panels = [*Page.content_panels, FieldPanel("tagline")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["videos.VideoIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = list(selectors.live_videos()[: RECENT_VIDEOS + 1])
        context.update(
            featured_video=latest[0] if latest else None,
            featured_thumbnail=selectors.image_with_renditions(
                image_id=latest[0].thumbnail_id if latest else None,
                specs=selectors.PLAYER_RENDITIONS,
            ),
            recent_videos=latest[1:],
            topics=selectors.topics(),
            video_index=VideoIndexPage.objects.child_of(self).live().first(),
        )
        return context


# --- Send to a friend (issue 15, part B) -------------------------------------------------------
# Friends' addresses are never stored in plain text: a keyed hash counts emails per recipient
# and makes the do-not-send list; the address itself is kept sealed (encrypted) only until its
# email is sent or given up (docs/decisions/0075-send-to-a-friend.md).

NOTE_MAX_LENGTH = 300


class FriendSending(models.Model):
    """One sending of the "Send to a friend" form: who passed which video on, with what note."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Note being checked for spam")
        SENDING = "sending", _("Sending")
        SPAM = "spam", _("Spam: nothing sent")

    video = models.ForeignKey(
        "videos.VideoPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("video")
    )
    sender_name = models.CharField(_("sender's name"), max_length=80)
    # Kept sealed only for the spam check, then erased; never used to send anything.
    sealed_sender_email = models.TextField(blank=True, editable=False)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # Names one sending of the form (core.guard.submission_key): a double click sends once.
    request_key = models.CharField(max_length=80, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sending to friends")
        verbose_name_plural = _("sendings to friends")

    def __str__(self):
        return f"{self.sender_name} → {self.video_id}"


class FriendEmail(models.Model):
    """One email to one friend, known by a keyed hash of the address."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        WITHHELD = "withheld", _("Not sent")
        FAILED = "failed", _("Failed")

    sending = models.ForeignKey(FriendSending, on_delete=models.CASCADE, related_name="emails")
    recipient_digest = models.CharField(max_length=64)
    # The address encrypted with a key derived from SECRET_KEY; erased when the email is
    # sent, withheld or given up.
    sealed_address = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient_digest", "created_at"], name="friend_email_recipient")
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.sending_id})"


class DoNotSend(models.Model):
    """An address that asked never to receive "sent by a friend" emails, as a keyed hash."""

    address_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.address_digest[:12]


# --- Suggest a video (issue 15, part B) --------------------------------------------------------

REASON_MAX_LENGTH = 1000


class VideoSuggestion(models.Model):
    """A video a reader suggested, for the curators' queue."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SPAM = "spam", _("Spam")

    source_url = models.URLField(_("video link"), max_length=500)
    # Derived from the link, like a video page's, so a video is recognised however it is written.
    provider = models.CharField(max_length=16, choices=Provider.choices, editable=False)
    provider_video_id = models.CharField(max_length=32, editable=False)
    reason = models.TextField(_("why it moved them"), max_length=REASON_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=80, blank=True)
    # Only to say the video was published, then erased.
    email = models.EmailField(_("email"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("suggested"), default=timezone.now)
    video = models.ForeignKey(
        "videos.VideoPage",
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the "it is published" email was queued, then sent: it goes out once.
    notify_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(_("suggester told"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("video suggestion")
        verbose_name_plural = _("video suggestions")
        constraints = [
            # A video is suggested once (spam aside): a second reader hears it is on the list.
            models.UniqueConstraint(
                fields=["provider", "provider_video_id"],
                condition=~models.Q(status="spam"),
                name="one_suggestion_per_video",
            )
        ]

    def __str__(self):
        return self.source_url
