from io import StringIO

import pytest
from django.core.management import call_command

from alongside.discovery.demo import SUGGESTIONS
from alongside.discovery.models import VideoSuggestion


@pytest.mark.django_db
def test_the_demo_puts_suggestions_in_the_queue_once(admin_client):
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert f"Demo suggestions: {len(SUGGESTIONS)} written." in first.getvalue()
    assert "Demo suggestions: 0 written." in second.getvalue()
    assert VideoSuggestion.objects.filter(status=VideoSuggestion.Status.NEW).count() == 2
    assert "Suggested videos (2)" in admin_client.get("/admin/").content.decode()
