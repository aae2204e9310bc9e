"""Pledging again, expiry, withdrawing, "not yet", stopping emails, and failing mail servers."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.core.models import BlockedSender
from alongside.pledges import services
from alongside.pledges.models import KeptStory, Pledge, PledgeEmail

from .conftest import links_in, post_pledge, run_tasks_due_within


def confirmed_pledge(client, video, smtp_server, **fields) -> Pledge:
    post_pledge(client, video, **fields)
    run_tasks()
    client.post(links_in(smtp_server.body(smtp_server.messages[-1]))["confirm"])
    return Pledge.objects.get(video=video)


@pytest.mark.django_db(transaction=True)
def test_pledging_again_resends_the_link_instead_of_making_a_second_pledge(
    client, video, smtp_server
):
    first = post_pledge(client, video)
    second = post_pledge(client, video, name="Zoë", email="zoe.obrien@example.org", note="")
    assert first["Location"] == second["Location"]  # the same thank-you either way
    run_tasks()
    assert Pledge.objects.count() == 1
    assert Pledge.objects.get().name == "Zoë"  # the latest wording is kept
    assert [m["Subject"] for m in smtp_server.messages] == [
        "Please confirm your pledge: Stand by someone today"
    ] * 2


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_form_sends_one_email(client, video, smtp_server):
    from .conftest import form_data, pledge_url

    data = form_data(video)
    client.post(pledge_url(video), data)
    client.post(pledge_url(video), data)
    run_tasks()
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_pledging_again_after_confirming_says_so_by_email_not_on_the_page(
    client, video, smtp_server
):
    confirmed_pledge(client, video, smtp_server)
    response = post_pledge(client, video)
    assert response["Location"].endswith("?pledge=sent#pledge")
    run_tasks()
    assert smtp_server.messages[-1]["Subject"] == "You have already pledged: Stand by someone today"
    assert "withdraw" in links_in(smtp_server.body(smtp_server.messages[-1]))
    assert Pledge.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_unconfirmed_pledges_expire_after_seven_days(video, smtp_server):
    old = services.start_pledge(
        video=video, name="Old", email="old@example.org", now=timezone.now() - timedelta(days=8)
    )
    recent = services.start_pledge(video=video, name="New", email="new@example.org")
    run_tasks()  # the old pledge's expiry task is due; the recent one's is not
    assert list(Pledge.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Pledge.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_the_sweep_command_removes_expired_unconfirmed_pledges_only(video):
    services.start_pledge(
        video=video, name="Old", email="old@example.org", now=timezone.now() - timedelta(days=8)
    )
    kept = services.start_pledge(
        video=video, name="Sure", email="sure@example.org", now=timezone.now() - timedelta(days=9)
    )
    services.confirm_pledge(pledge=kept)
    services.start_pledge(video=video, name="New", email="new@example.org")
    call_command("expire_pledges", verbosity=0)
    assert sorted(Pledge.objects.values_list("name", flat=True)) == ["New", "Sure"]


@pytest.mark.django_db(transaction=True)
def test_confirming_a_link_from_an_expired_pledge_finds_nothing(client, video, smtp_server):
    post_pledge(client, video)
    run_tasks()
    confirm = links_in(smtp_server.body(smtp_server.messages[0]))["confirm"]
    Pledge.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    run_tasks_due_within(days=8)
    response = client.post(confirm)
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert Pledge.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_withdrawing_deletes_the_pledge_its_story_and_email_records(client, video, smtp_server):
    pledge = confirmed_pledge(client, video, smtp_server)
    services.mark_kept(pledge=pledge, story="It went well.")
    assert PledgeEmail.objects.exists() and KeptStory.objects.exists()
    withdraw = links_in(smtp_server.body(smtp_server.messages[0]))["withdraw"]

    page = client.get(withdraw)
    assert "Withdraw and delete" in page.content.decode()
    assert Pledge.objects.count() == 1  # looking at the page changes nothing
    response = client.post(withdraw)
    assert response["Location"] == "/pledges/withdrawn/"
    assert (Pledge.objects.count(), KeptStory.objects.count(), PledgeEmail.objects.count()) == (
        0,
        0,
        0,
    )
    assert "0</strong> people have pledged" in client.get(video.url).content.decode()
    run_tasks_due_within(days=30)  # the scheduled follow-up finds nobody to write to
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_not_yet_asks_once_more_a_week_later(client, video, smtp_server):
    confirmed_pledge(client, video, smtp_server)
    run_tasks_due_within(days=5)
    not_yet = links_in(smtp_server.body(smtp_server.messages[-1]))["not-yet"]
    client.get(not_yet)
    run_tasks_due_within(days=30)
    assert len(smtp_server.messages) == 2  # the GET asked for nothing
    client.post(not_yet)
    client.post(not_yet)  # a second click schedules nothing more
    run_tasks_due_within(days=6)
    assert len(smtp_server.messages) == 2
    run_tasks_due_within(days=7)
    assert smtp_server.messages[-1]["Subject"].startswith("One last time: did you do it?")
    run_tasks_due_within(days=60)
    assert len(smtp_server.messages) == 3


@pytest.mark.django_db(transaction=True)
def test_stop_emailing_me_stops_the_second_follow_up(client, video, smtp_server):
    confirmed_pledge(client, video, smtp_server)
    run_tasks_due_within(days=5)
    links = links_in(smtp_server.body(smtp_server.messages[-1]))
    client.post(links["not-yet"])
    assert "Stop emailing me" in client.get(links["stop"]).content.decode()
    client.post(links["stop"])
    run_tasks_due_within(days=30)
    assert len(smtp_server.messages) == 2
    assert "1</strong> person has pledged" in client.get(video.url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_one_click_unsubscribe_from_a_mail_provider_stops_emails(client, video, smtp_server):
    confirmed_pledge(client, video, smtp_server)
    run_tasks_due_within(days=5)
    message = smtp_server.messages[-1]
    stop = message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")
    # What Gmail and others send (RFC 8058): a POST with no Origin and no cookie.
    response = client.post(stop, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Pledge.objects.get().emails_stopped_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_is_tried_again_later(client, video, smtp_server, settings):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    post_pledge(client, video)
    run_tasks()
    assert smtp_server.messages == []
    settings.EMAIL_PORT = working_port
    run_tasks_due_within(days=1)  # the retry queued for a minute later
    assert len(smtp_server.messages) == 1
    run_tasks_due_within(days=1)
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_blocked_address_gets_the_same_thanks_but_no_email_and_no_pledge_shown(
    client, video, smtp_server
):
    BlockedSender.objects.create(kind=BlockedSender.Kind.DOMAIN, value="example.org")
    response = post_pledge(client, video)
    assert response["Location"].endswith("?pledge=sent#pledge")
    run_tasks()
    assert smtp_server.messages == []
    assert Pledge.objects.get().status == "spam"
    assert "0</strong> people have pledged" in client.get(video.url).content.decode()


@pytest.mark.django_db
def test_held_notes_and_stories_wait_for_a_curator(video):
    from alongside.core.moderation import ModerationAction, moderate
    from alongside.pledges.models import PledgeSettings

    PledgeSettings.objects.create(notes_mode="hold", stories_mode="hold")
    pledge = services.start_pledge(
        video=video, name="Ama", email="ama@example.org", note="My held note"
    )
    services.confirm_pledge(pledge=pledge)
    services.mark_kept(pledge=pledge, story="My held story")
    from alongside.pledges.selectors import public_pledges, published_stories

    [shown] = public_pledges(video=video)
    assert not shown.note_is_public and published_stories(video=video) == []
    moderate(items=Pledge.objects.all(), action=ModerationAction.APPROVE)
    moderate(items=KeptStory.objects.all(), action=ModerationAction.APPROVE)
    [shown] = public_pledges(video=video)
    assert shown.note_is_public
    assert [story.text for story in published_stories(video=video)] == ["My held story"]


@pytest.mark.django_db(transaction=True)
def test_an_email_task_run_twice_sends_once(video, smtp_server):
    from alongside.pledges.tasks import send_pledge_email

    pledge = services.start_pledge(video=video, name="Ana", email="ana@example.org")
    for _ in range(2):
        send_pledge_email.enqueue(pledge_id=pledge.pk, kind="confirm", key="confirm:same")
    run_tasks()
    # the one enqueued by start_pledge, and one of the two with the same key
    assert len(smtp_server.messages) == 2


@pytest.fixture
def akismet(settings):
    """A loopback stand-in for Akismet's comment-check endpoint: spam when the text says so."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Akismet(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"true" if b"pills" in body else b"false")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Akismet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{server.server_port}/1.1/comment-check"
    yield
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
def test_notes_akismet_calls_spam_get_no_email_and_clean_ones_do(
    client, video, smtp_server, akismet
):
    post_pledge(client, video, note="Cheap pills here")
    post_pledge(client, video, email="clean@example.org", note="For my aunt.")
    run_tasks()  # Akismet is asked before the confirmation email goes out
    assert dict(Pledge.objects.values_list("note", "status")) == {
        "Cheap pills here": "spam",
        "For my aunt.": "pending",
    }
    assert [message["To"] for message in smtp_server.messages] == ["clean@example.org"]


@pytest.mark.django_db(transaction=True)
def test_people_sharing_a_cached_form_each_get_their_own_email(client, video, smtp_server):
    from .conftest import form_data, pledge_url

    data = form_data(video)  # a cached page gives every viewer the same token
    client.post(pledge_url(video), data)
    client.post(pledge_url(video), data | {"email": "someone.else@example.org"})
    run_tasks()
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "someone.else@example.org",
        "zoe.obrien@example.org",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_again_later_resends_the_link(video, smtp_server):
    earlier = timezone.now() - timedelta(minutes=10)
    for now in (earlier, None):
        services.start_pledge(
            video=video, name="Ana", email="ana@example.org", request_key="k" * 32, now=now
        )
    run_tasks()
    assert len(smtp_server.messages) == 2
