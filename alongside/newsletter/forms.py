"""The subscribe form on the home page and on every video page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import GuardedForm
from alongside.core.mail import normalise_email

# The form is the same everywhere; its token names no object.
SITE_WIDE = 0


class SubscribeForm(GuardedForm):
    purpose = "newsletter-subscribe"

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send one email a week, and nothing else. Leave whenever you like."),
        error_messages={
            "required": _("Please give your email address."),
            "invalid": _("This does not look like an email address. Please check it."),
            "max_length": _(
                "That address is too long: an email address has at most 254 characters."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        help_text=_("So we can greet you. You can leave it empty."),
        error_messages={"max_length": _("Please keep your name to 80 characters.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: it shares the video page with the pledge form, which also asks for an email.
        kwargs.setdefault("auto_id", "newsletter_%s")
        super().__init__(*args, target_id=SITE_WIDE, **kwargs)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
