from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alongside.core.converters import parse_id
from alongside.core.forms import GuardedForm, validate_link_count

from .models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH


class ReflectionForm(GuardedForm):
    """Name, email (never shown) and the reflection; a reply carries its parent's id."""

    purpose = "reflection"
    cacheable_initial = ("parent",)  # the reply-to, which kept renderings are varied on

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Please give a name to show with your reflection."),
            "max_length": _("Please keep your name under %(limit_value)s characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=254,  # what the model stores (RFC 5321)
        label=_("Your email"),
        help_text=_("Never shown to anyone. Used only for the emails you ask for."),
        error_messages={
            "required": _("Please give your email address. It is never shown."),
            "invalid": _("That does not look like an email address, like name@example.org."),
            "max_length": _(
                "That address is too long: an email address has at most 254 characters."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label=_("Your reflection"),
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "required": _("Please write your reflection before sending it."),
            "max_length": _(
                "Please keep it under %(limit_value)s characters (it has %(show_value)s)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    notify_replies = forms.BooleanField(label=_("Email me when someone replies"), required=False)
    # Read with parse_id like every id from outside: "١٢" or 20 digits are no reflection.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, video, **kwargs):
        super().__init__(*args, target_id=video.pk, **kwargs)
        self.video = video

    def clean_text(self):
        text = self.cleaned_data["text"]  # CharField strips: "   " arrives here as ""
        validate_link_count(text, limit=settings.MAX_LINKS_PER_MESSAGE)
        return text

    def clean_parent(self):
        from .models import Reflection

        value = self.cleaned_data.get("parent")
        if not value:
            return None
        parent = (
            Reflection.objects.published()
            .filter(pk=parse_id(value), video=self.video, parent__isnull=True)
            .first()
        )
        if parent is None:
            # Not an error on the hidden field: the viewer needs to see it above the form.
            self.add_error(
                None,
                _(
                    "The reflection you are replying to is no longer here. Your words are "
                    "kept: send them as a reflection of your own."
                ),
            )
        return parent

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "video": self.video,
            "name": data["name"],
            "email": data["email"],
            "text": data["text"],
            "parent": data["parent"],
            "notify_replies": data["notify_replies"],
            "idempotency_key": self.form_token.idempotency_key,
        }


class EditReflectionForm(forms.Form):
    text = ReflectionForm.base_fields["text"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        validate_link_count(text, limit=settings.MAX_LINKS_PER_MESSAGE)
        return text


class ReportForm(GuardedForm):
    purpose = "report"

    reason = forms.CharField(
        label=_("What is wrong with it?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
