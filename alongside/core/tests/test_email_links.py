"""Every link in every email the site sends starts with SITE_URL and opens on the running site."""

import re
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from alongside.conftest import run_tasks
from alongside.pledges import services as pledges
from alongside.pledges.tests.conftest import run_tasks_due_within
from alongside.reflections import services as reflections
from alongside.reflections.tests.test_display import write

LINK = re.compile(r"https?://[^\s<>\"']+")


def links_in(message) -> list[str]:
    """Every web address in a message: its text parts (plain and HTML) and its headers."""
    found = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found += LINK.findall(part.get_content())
    for header in ("List-Unsubscribe",):
        found += LINK.findall(message.get(header, ""))
    return found


def status_of(url: str, *, session: str) -> int:
    """What the running site answers to a GET of `url`, as the curator's browser."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # raises on 4xx and 5xx
        return response.status


@pytest.mark.django_db(transaction=True)
def test_every_link_in_every_email_opens_on_the_site(
    live_server, settings, smtp_server, make_video
):
    settings.SITE_URL = live_server.url
    video = make_video("Finish line", pledge_follow_up_days=5)
    curator = get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")

    pledge = pledges.start_pledge(video=video, name="Ama", email="ama@example.org")
    run_tasks()  # confirm
    pledges.confirm_pledge(pledge=pledge)
    pledges.start_pledge(video=video, name="Ama", email="ama@example.org")
    run_tasks()  # already pledged
    run_tasks_due_within(days=5)  # follow-up
    pledges.ask_again_later(pledge=pledge)
    run_tasks_due_within(days=7)  # ask again

    ana = write(video, "Ana", "He kept going.", notify_replies=True)
    write(video, "Ben", "Me too.", parent=ana)
    run_tasks()  # reply
    write(video, "Cy", "Held for a curator.", mode="hold")
    reflections.send_moderation_digest()

    subjects = [message["Subject"] for message in smtp_server.messages]
    assert len(subjects) == 6, subjects
    browser = Client()
    browser.force_login(curator)  # the digest links to the admin
    session = browser.cookies["sessionid"].value
    for message in smtp_server.messages:
        links = links_in(message)
        assert links, message["Subject"]
        for link in links:
            assert link.startswith(f"{live_server.url}/"), (message["Subject"], link)
            assert status_of(link, session=session) == 200, (message["Subject"], link)


@pytest.mark.django_db(transaction=True)
def test_links_to_pages_ignore_other_wagtail_sites(settings, smtp_server, make_video, home):
    """With a second Site, Wagtail's `page.url` carries a host name; emails use SITE_URL only."""
    settings.SITE_URL = "https://alongside.example"
    Site.objects.create(hostname="other.example", port=443, root_page=home.get_parent())
    video = make_video("Finish line")
    pledges.start_pledge(video=video, name="Ama", email="ama@example.org")
    ana = write(video, "Ana", "He kept going.", notify_replies=True)
    reply = write(video, "Ben", "Me too.", parent=ana)
    run_tasks()

    page_links = [
        link for message in smtp_server.messages for link in links_in(message) if "/videos/" in link
    ]
    assert page_links == [
        f"https://alongside.example/videos/{video.slug}/",
        f"https://alongside.example/videos/{video.slug}/#reflection-{reply.pk}",
    ]
