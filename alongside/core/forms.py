"""The base every public form builds on: a signed token and a honeypot, checked before the
form's own fields, with security failures kept apart from the mistakes people make."""

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import guard

FORM_FIELDS_SECONDS = 600


class GuardedForm(forms.Form):
    """Subclasses set `purpose` and pass `target_id` (the object the form is for).

    After `is_valid()`, `tampered` is True when the token was forged or the honeypot filled:
    the view answers 400 instead of re-rendering. `form_token` holds the checked token.
    """

    purpose = ""
    # Initial values that may be in a kept rendering (see fields_cache_seconds).
    cacheable_initial: tuple[str, ...] = ()
    token = forms.CharField(widget=forms.HiddenInput)
    # Hidden from people by CSS and from assistive technology by aria-hidden on its wrapper;
    # bots that fill every field fill this one. Drawn by core/includes/guard_fields.html.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, target_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_id = target_id
        self.tampered = False
        self.form_token = None

    @property
    def token_slot(self) -> str:
        """Where the rendering's token goes: filled with a fresh one as the answer leaves, also
        when the form is re-shown with errors or kept rendered (guard.FormTokenMiddleware)."""
        return mark_safe(guard.token_slot(purpose=self.purpose, target_id=self.target_id))

    @property
    def fields_cache_seconds(self) -> int:
        """How long templates may keep this form's rendered fields (`{% cache %}`, varied on
        `is_bound` and on the `cacheable_initial` values): an empty form's are the same for
        everyone, so a page render need not draw them again; a form carrying someone's words
        (sent back with errors, or filled in from theirs) is never kept. The token is rendered
        outside them, in its slot (`token_slot`)."""
        carries_words = self.is_bound or set(self.initial) - set(self.cacheable_initial)
        return 0 if carries_words else FORM_FIELDS_SECONDS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.tampered = True
            raise forms.ValidationError("honeypot", code="tampered")
        try:
            self.form_token = guard.read_token(
                self.data.get("token", ""), purpose=self.purpose, target_id=self.target_id
            )
        except guard.TokenTampered:
            self.tampered = True
            raise forms.ValidationError("token", code="tampered") from None
        except guard.TokenExpired:
            raise forms.ValidationError(
                _("This form was open for a long time. Please check it and send it again."),
                code="expired",
            ) from None
        except guard.TooFast:
            raise forms.ValidationError(
                _("That was very quick. Please wait a few seconds and send it again."),
                code="too_fast",
            ) from None
        return cleaned

    def add_rate_limit_error(self):
        self.add_error(
            None,
            _("You have sent several of these in a short time. Please wait a while and try again."),
        )


def validate_link_count(text: str, *, limit: int) -> None:
    if guard.count_links(text) > limit:
        raise forms.ValidationError(
            _("Please include at most %(limit)s links."), params={"limit": limit}, code="links"
        )
