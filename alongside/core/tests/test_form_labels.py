"""The shared field template (core/includes/field.html) marks optional fields itself."""

import pytest

from alongside.pledges.forms import KeptStoryForm, PledgeForm
from alongside.reflections.forms import EditReflectionForm, ReflectionForm, ReportForm


@pytest.mark.parametrize(
    "form_class", [ReflectionForm, EditReflectionForm, ReportForm, PledgeForm, KeptStoryForm]
)
def test_no_label_says_optional_again(form_class):
    for name, field in form_class.base_fields.items():
        assert "optional" not in str(field.label or "").lower(), name
