"""What pledge emails say, as delivered to a real SMTP server on loopback."""

import pytest

from alongside.conftest import run_tasks
from alongside.pledges import services


@pytest.mark.django_db(transaction=True)
def test_pledge_emails_show_names_and_titles_as_typed(make_video, smtp_server):
    """Plain-text emails are not HTML: nothing in them or their subjects is escaped."""
    act = "Walk & talk <together>"
    video = make_video("Zoë & <friends>", act_title=act)
    pledge = services.start_pledge(video=video, name="Zoë <b>&", email="zoe@example.org")
    run_tasks()
    services.confirm_pledge(pledge=pledge)
    services.start_pledge(video=video, name="Zoë <b>&", email="zoe@example.org")
    run_tasks()

    confirm, already = smtp_server.messages
    assert confirm["Subject"].strip() == f"Please confirm your pledge: {act}"
    assert already["Subject"].strip() == f"You have already pledged: {act}"
    for message in (confirm, already):
        body = smtp_server.body(message)
        assert "Hello Zoë <b>&," in body and act in body and "The video: Zoë & <friends>" in body
