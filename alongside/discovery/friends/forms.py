"""The "Send to a friend" form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import GuardedForm
from alongside.core.mail import normalise_email

from ..models import NOTE_MAX_LENGTH

# A web address in any form: with a scheme, starting with www., or a bare domain such as
# example.com or bit.ly/x. A friend's email already links to the video; other links in a
# stranger-facing email are what spammers come for.
WEB_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b",
    re.IGNORECASE,
)

FRIEND_ERRORS = {
    "invalid": _("This does not look like an email address. Please check it."),
    "max_length": _("That address is too long: an email address has at most 254 characters."),
}


def friend_field(label, *, required: bool) -> forms.EmailField:
    errors = FRIEND_ERRORS | {"required": _("Please give your friend's email address.")}
    return forms.EmailField(
        label=label,
        max_length=254,
        required=required,
        error_messages=errors,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class SendToFriendForm(GuardedForm):
    purpose = "send-to-friend"

    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("Your friend sees it in the email, so they know who it is from."),
        error_messages={"required": _("Please tell us your name, so your friend knows you.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Only to keep this form from being misused. We send nothing to it."),
        error_messages={
            "required": _("Please give your email address."),
            **FRIEND_ERRORS,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    friend_1 = friend_field(_("Your friend's email"), required=True)
    friend_2 = friend_field(_("Another friend's email"), required=False)
    friend_3 = friend_field(_("A third friend's email"), required=False)
    note = forms.CharField(
        label=_("A short note"),
        help_text=_("Up to 300 characters, without links: the email links to the video."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "max_length": _("Please keep the note to 300 characters (it has %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
    )

    def __init__(self, *args, video, **kwargs):
        super().__init__(*args, target_id=video.pk, **kwargs)
        self.video = video

    def clean_note(self):
        note = self.cleaned_data["note"]
        if WEB_ADDRESS.search(note):
            raise forms.ValidationError(
                _(
                    "Please leave out web addresses (like example.com): the email already "
                    "links to the video."
                ),
                code="links",
            )
        return note

    def friends(self) -> list[str]:
        """The friends' addresses, normalised, each once (whatever its letters' case)."""
        fields = ("friend_1", "friend_2", "friend_3")
        addresses = [normalise_email(self.cleaned_data[f]) for f in fields if self.cleaned_data[f]]
        return list({address.lower(): address for address in reversed(addresses)}.values())[::-1]

    def service_kwargs(self) -> dict:
        return {
            "sender_name": self.cleaned_data["name"],
            "sender_email": self.cleaned_data["email"],
            "friends": self.friends(),
            "note": self.cleaned_data["note"],
        }
