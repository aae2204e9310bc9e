"""The "Suggest a video" form."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import GuardedForm, validate_link_count
from alongside.videos.providers import (
    VIMEO_HOSTS,
    YOUTUBE_HOSTS,
    UnsupportedVideoURL,
    parse_video_url,
)

from ..models import REASON_MAX_LENGTH

PROVIDER_HOSTS = YOUTUBE_HOSTS | VIMEO_HOSTS | {"youtu.be"}
# The form is for no object in particular; its token names this instead.
NO_TARGET = 0


class SuggestVideoForm(GuardedForm):
    purpose = "suggest-video"

    source_url = forms.URLField(
        label=_("The video's link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("A YouTube or Vimeo link, like the one from the video's Share button."),
        error_messages={
            "required": _("Please paste the video's link."),
            "invalid": _("This does not look like a link. Please copy it again."),
            "max_length": _("That link is too long. Please use the one from the Share button."),
        },
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    reason = forms.CharField(
        label=_("Why did it move you?"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("A few words for our curators: what it made you feel or want to do."),
        error_messages={
            "required": _("Please tell us in a few words why it moved you."),
            "max_length": _("Please keep it to 1,000 characters (it has %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email, to hear if it is published"),
        max_length=254,
        required=False,
        help_text=_("We write to you once, if we publish it, and then forget your address."),
        error_messages={
            "invalid": _("This does not look like an email address. Please check it."),
            "max_length": _(
                "That address is too long: an email address has at most 254 characters."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, target_id=NO_TARGET, **kwargs)
        self.video_source = None

    def clean_source_url(self):
        url = self.cleaned_data["source_url"]
        # The same recognition as the curator's field on a video page.
        try:
            self.video_source = parse_video_url(url)
        except UnsupportedVideoURL as error:
            if (urlsplit(url).hostname or "").lower() in PROVIDER_HOSTS:
                raise forms.ValidationError(str(error), code="not_a_video") from None
            # The curators' message speaks of uploading a file, which readers cannot do.
            raise forms.ValidationError(
                _("For now we can take YouTube and Vimeo links only."), code="unsupported"
            ) from None
        return url

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        validate_link_count(reason, limit=settings.MAX_LINKS_PER_MESSAGE)
        return reason

    def service_kwargs(self) -> dict:
        return {
            "source_url": self.cleaned_data["source_url"],
            "reason": self.cleaned_data["reason"],
            "name": self.cleaned_data["name"],
            "email": self.cleaned_data["email"],
        }
