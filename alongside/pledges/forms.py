"""The pledge form on a video page and the story form on the "I did it" page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import GuardedForm, validate_link_count

from .models import NOTE_MAX_LENGTH, STORY_MAX_LENGTH


class PledgeForm(GuardedForm):
    purpose = "pledge"

    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        error_messages={"required": _("Please tell us your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=254,  # what the model stores (RFC 5321)
        label=_("Your email"),
        help_text=_("We send you a link to confirm. Your address is never shown."),
        error_messages={
            "required": _("Please give your email, so you can confirm your pledge."),
            "invalid": _("This does not look like an email address. Please check it."),
            "max_length": _(
                "That address is too long: an email address has at most 254 characters."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    note = forms.CharField(
        label=_("A note"),
        help_text=_("Why this act, or who it is for. Up to 500 characters."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "max_length": _("Please keep the note to 500 characters (it has %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("How your pledge is shown"),
        choices=[
            ("name", _("Show my name")),
            ("anonymous", _("Pledge anonymously (shown as “Someone”)")),
        ],
        initial="name",
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how your pledge is shown.")},
    )

    def __init__(self, *args, video, **kwargs):
        # Its own ids, so it can share the video page with other forms.
        kwargs.setdefault("auto_id", "pledge_%s")
        super().__init__(*args, target_id=video.pk, **kwargs)
        self.video = video

    def clean_note(self):
        note = self.cleaned_data["note"]
        validate_link_count(note, limit=settings.MAX_LINKS_PER_MESSAGE)
        return note

    def service_kwargs(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "email": self.cleaned_data["email"],
            "note": self.cleaned_data["note"],
            "show_name": self.cleaned_data["visibility"] == "name",
        }


class KeptStoryForm(forms.Form):
    """Reached only through the signed link in the pledger's email, so no form token."""

    story = forms.CharField(
        label=_("How did it go?"),
        help_text=_(
            "If you like, tell others how it went. It shows on the video page with your "
            "pledge, under your name or as “Someone”."
        ),
        required=False,
        max_length=STORY_MAX_LENGTH,
        error_messages={
            "max_length": _("Please keep it to 2,000 characters (it has %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_story(self):
        story = self.cleaned_data["story"]
        validate_link_count(story, limit=settings.MAX_LINKS_PER_MESSAGE)
        return story
