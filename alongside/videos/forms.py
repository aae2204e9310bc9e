"""The video page's admin form: a length typed and shown the way video players show it."""

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

MINUTES_SECONDS = re.compile(r"(\d+):([0-5]?\d)", re.ASCII)
HOURS_MINUTES_SECONDS = re.compile(r"(\d+):([0-5]?\d):([0-5]?\d)", re.ASCII)


def format_length(duration: timedelta) -> str:
    """ "4:35" or "1:02:10", the way video players show lengths."""
    minutes, seconds = divmod(int(duration.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class LengthField(forms.DurationField):
    """Reads "4:35" (minutes:seconds) or "1:02:10" (hours:minutes:seconds), nothing looser:
    Django's own parsing would take "4.35" as 4.35 seconds."""

    default_error_messages = {
        "invalid": _(
            "Write the length as minutes:seconds, for example 4:35 "
            "(or hours:minutes:seconds, for example 1:02:10)."
        ),
    }

    def prepare_value(self, value):
        # Shown as typed: "4:35", where Django would show "00:04:35".
        return format_length(value) if isinstance(value, timedelta) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, timedelta):
            return value
        text = str(value).strip()
        if match := HOURS_MINUTES_SECONDS.fullmatch(text):
            hours, minutes, seconds = map(int, match.groups())
        elif match := MINUTES_SECONDS.fullmatch(text):
            hours, (minutes, seconds) = 0, map(int, match.groups())
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)


class VideoPageForm(WagtailAdminPageForm):
    class Meta(WagtailAdminPageForm.Meta):
        field_classes = {"duration": LengthField}
