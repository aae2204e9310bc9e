"""The public archive: each sent edition as its readers got it, without anybody's links."""

import pytest
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.newsletter import sending
from alongside.newsletter.models import Edition, Subscriber
from alongside.newsletter.services import address_digest


@pytest.mark.django_db(transaction=True)
def test_the_archive_shows_sent_editions_without_anyones_links(client, smtp_server, make_video):
    video = make_video("Finish line")
    edition = Edition.objects.get(video=video)  # made as a draft when the video went live
    readers = [f"reader{n}@example.org" for n in range(2)]
    for email in readers:
        Subscriber.objects.create(
            email=email,
            address_digest=address_digest(email),
            status=Subscriber.Status.CONFIRMED,
            created_at=timezone.now(),
        )
    assert client.get(f"/newsletter/archive/{edition.pk}/").status_code == 404
    assert sending.start_sending(edition=edition)
    run_tasks()
    assert len(smtp_server.messages) == 2

    index = client.get("/newsletter/archive/").content.decode()
    assert f'href="/newsletter/archive/{edition.pk}/"' in index
    page = client.get(f"/newsletter/archive/{edition.pk}/")
    assert "public" in page["Cache-Control"]
    html = page.content.decode()
    assert "Stand by someone today" in html and "Finish line" in html
    assert "/newsletter/unsubscribe/" not in html and "%%" not in html
    for email in readers:
        assert email not in html and email not in index
