"""The whole loop, through real pages and a real SMTP server on loopback."""

import pytest

from alongside.conftest import run_tasks
from alongside.pledges.models import Pledge

from .conftest import links_in, post_pledge, run_tasks_due_within


@pytest.mark.django_db(transaction=True)
def test_a_pledge_is_confirmed_by_email_followed_up_and_kept(client, video, smtp_server):
    response = post_pledge(client, video)
    assert response.status_code == 302
    assert response["Location"] == f"{video.url}?pledge=sent#pledge"
    page = client.get(response["Location"]).content.decode()
    assert "We have sent you an email" in page
    assert "0</strong> people have pledged" in page  # not counted before confirming

    run_tasks()
    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "zoe.obrien@example.org"
    assert "confirm" in confirmation["Subject"].lower()
    links = links_in(smtp_server.body(confirmation))
    assert {"confirm", "withdraw"} <= set(links)

    assert "Confirm my pledge" in client.get(links["confirm"]).content.decode()
    response = client.post(links["confirm"])
    assert response.status_code == 302
    page = client.get(video.url).content.decode()
    assert "1</strong> person has pledged" in page
    assert "Zoë O&#x27;Brien, Jr." in page and "For my neighbour." in page
    assert 'max="4" value="1"' in page  # progress toward the goal of 4

    run_tasks()  # the follow-up is not due yet
    assert len(smtp_server.messages) == 1
    run_tasks_due_within(days=5)
    follow_up = smtp_server.messages[-1]
    assert follow_up["Subject"].startswith("Did you do it?")
    assert follow_up["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = links_in(smtp_server.body(follow_up))
    assert {"did-it", "not-yet", "stop", "withdraw"} <= set(links)
    assert follow_up["List-Unsubscribe"].strip() == f"<http://testserver{links['stop']}>"

    assert "Yes, I did it" in client.get(links["did-it"]).content.decode()
    client.post(links["did-it"], {"story": "We walked the last lap together."})
    page = client.get(video.url).content.decode()
    assert "1</strong> has done it" in page
    assert "We walked the last lap together." in page
    assert Pledge.objects.get().kept_at is not None

    run_tasks_due_within(days=30)  # nothing more is sent to someone who answered
    assert len(smtp_server.messages) == 2
