"""Send to a friend: the form, the email at a real SMTP server, the limits, the do-not-send link,
and no friend's address left in the database."""

import re

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from alongside.conftest import form_token, run_tasks
from alongside.core.models import BlockedSender
from alongside.core.tasks import RETRY_DELAYS
from alongside.discovery.friends import services
from alongside.discovery.friends.tasks import send_friend_email
from alongside.discovery.models import DoNotSend, FriendEmail, FriendSending

FRIEND = "Anna.Friend@Example.org"
FRIEND_NORMALISED = "Anna.Friend@example.org"  # the domain lower-cased, the rest as typed
SECOND_FRIEND = "bo@example.net"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Links in emails point at the test client's host."""
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.AKISMET_API_KEY = ""


@pytest.fixture
def video(make_video):
    return make_video("Finish line")


def form_data(video, **fields) -> dict:
    return {
        "token": form_token(video.pk, purpose="send-to-friend", seconds_ago=30),
        "website": "",
        "name": "Zoë O'Brien",
        "email": "zoe@example.com",
        "friend_1": FRIEND,
        "friend_2": "",
        "friend_3": "",
        "note": "Anna, this is the one I told you about <3",
    } | fields


def send(client, video, **fields):
    return client.post(f"/send/{video.pk}/", form_data(video, **fields))


def stop_link(message) -> str:
    """The do-not-send link from a message's List-Unsubscribe header."""
    return re.fullmatch(r"<(\S+)>", str(message["List-Unsubscribe"]).strip()).group(1)


def every_text_in_the_database() -> str:
    """Every row of every table, as text (the task queue's rows included)."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump).lower()


@pytest.mark.django_db
def test_the_video_page_links_to_the_form(client, video):
    assert f'href="/send/{video.pk}/"' in client.get(video.url).content.decode()


@pytest.mark.django_db
def test_the_form_shows_every_field_with_its_label(client, video):
    response = client.get(f"/send/{video.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Your name", "Your email", "Your friend&#x27;s email", "A short note"):
        assert label in html
    assert 'name="token"' in html and 'name="website"' in html
    assert "csrfmiddlewaretoken" not in html and not response.cookies
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_draft_video_cannot_be_sent(client, video):
    video.unpublish()
    assert client.get(f"/send/{video.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_friend_gets_the_fixed_email_at_a_real_smtp_server(client, video, smtp_server):
    response = send(client, video)
    assert response.status_code == 302 and response["Location"] == f"/send/{video.pk}/sent/"
    run_tasks()

    (message,) = smtp_server.messages
    assert message["To"] == FRIEND_NORMALISED
    assert message["Subject"] == "Zoë O'Brien sent you a video: Finish line"
    assert message["Reply-To"] is None  # the sender's address is not verified
    assert "zoe@example.com" not in message.as_string()
    text = smtp_server.body(message)
    assert "Zoë O'Brien thought you would like this video" in text
    assert "Anna, this is the one I told you about <3" in text
    assert video.summary in text
    assert "http://testserver/videos/video-1/" in text
    stop = stop_link(message)
    assert stop.startswith("http://testserver/send/never/") and stop in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Anna, this is the one I told you about &lt;3" in html
    assert '<img src="http://testserver/media/images/' in html and ".jpg" in html
    assert f'href="{stop}"' in html
    assert FriendEmail.objects.get().status == FriendEmail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_no_friends_address_is_anywhere_in_the_database(client, video, smtp_server):
    send(client, video, friend_2=SECOND_FRIEND)
    queued = every_text_in_the_database()
    assert "friend_email_id" in queued  # the task rows are in the dump
    for address in (FRIEND, SECOND_FRIEND):
        assert address.lower() not in queued  # sealed while queued
    run_tasks()
    assert len(smtp_server.messages) == 2
    sent = every_text_in_the_database()
    for address in (FRIEND, SECOND_FRIEND, "zoe@example.com"):
        assert address.lower() not in sent
    assert set(FriendEmail.objects.values_list("sealed_address", flat=True)) == {""}


@pytest.mark.django_db(transaction=True)
def test_an_email_given_up_is_erased_and_its_error_names_nobody(video, refusing_smtp_server):
    """A mail server refusing the address: the retries spent, the task fails without quoting
    the SMTP error (which names the address), and the sealed address is erased."""
    sending = services.send_to_friends(
        video=video,
        sender_name="Zoë",
        sender_email="z@example.com",
        friends=[FRIEND],
        request_key="k" * 32,
    )
    friend_email = sending.emails.get()
    # The first attempt is refused and queued again for later; this one is the last.
    send_friend_email.enqueue(friend_email_id=friend_email.pk, attempt=len(RETRY_DELAYS))
    run_tasks()
    friend_email.refresh_from_db()
    assert (friend_email.status, friend_email.sealed_address) == (FriendEmail.Status.FAILED, "")
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "alongside.core.tasks.TaskGaveUp"
    # What the worker stores, and logs through django-tasks' task_finished handler.
    assert failed.traceback.strip().endswith("TaskGaveUp: SMTPRecipientsRefused")
    assert FRIEND.lower() not in every_text_in_the_database()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "  ", "Please tell us your name"),
        ("email", "zoe@", "This does not look like an email address."),
        ("friend_1", "", "Please give your friend&#x27;s email address."),
        ("friend_2", "bo@", "This does not look like an email address."),
        ("note", "x" * 301, "Please keep the note to 300 characters"),
        ("note", "Look at https://spam.example/win", "Please leave out web addresses"),
        ("note", "see www.example.org", "Please leave out web addresses"),
        ("note", "go to bit.ly/abc now", "Please leave out web addresses"),
        ("note", "write to me at zoe@example.com", "Please leave out web addresses"),
    ],
)
def test_mistakes_are_explained_by_the_field_and_the_input_is_kept(
    client, video, field, value, message
):
    response = send(client, video, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and 'role="alert"' in html
    assert "no-cache" in response["Cache-Control"]
    if field != "friend_1":
        assert f'value="{FRIEND}"' in html  # what they typed is still there
    assert not FriendSending.objects.exists()
    assert send(client, video).status_code == 302  # the same form without the mistake goes


@pytest.mark.django_db
def test_a_note_with_ordinary_punctuation_is_not_a_link(client, video):
    note = "Hi Anna... it's 3.5 minutes. Watch it, e.g. tonight! :)"
    assert send(client, video, note=note).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("website", "http://spam.example"), ("token", "x")])
def test_a_filled_honeypot_or_a_forged_token_gets_a_plain_400(client, video, field, value):
    assert send(client, video, **{field: value}).status_code == 400
    assert not FriendSending.objects.exists()


@pytest.mark.django_db
def test_a_cross_site_post_is_refused(client, video):
    response = client.post(
        f"/send/{video.pk}/", form_data(video), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_once(client, video, smtp_server):
    data = form_data(video) | {"submit_key": "a" * 32}
    assert client.post(f"/send/{video.pk}/", data).status_code == 302
    assert client.post(f"/send/{video.pk}/", data).status_code == 302
    run_tasks()
    assert len(smtp_server.messages) == 1
    assert FriendSending.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_friend_gets_at_most_three_a_week_whoever_sends_them(video, smtp_server):
    for number in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{number}").post(
            f"/send/{video.pk}/",
            form_data(video, email=f"sender{number}@example.com", friend_1=FRIEND.upper()),
        )
    run_tasks()
    assert FriendSending.objects.count() == 5
    assert len(smtp_server.messages) == 3


@pytest.mark.django_db
def test_one_sender_and_one_ip_address_are_limited(settings, video):
    settings.FRIEND_SENDS_PER_SENDER = "2/d"
    settings.FRIEND_SENDS_PER_IP = "3/d"
    same_sender = [Client(REMOTE_ADDR=f"10.0.1.{n}") for n in range(3)]
    answers = [
        c.post(f"/send/{video.pk}/", form_data(video, friend_1=f"f{n}@example.org"))
        for n, c in enumerate(same_sender)
    ]
    assert [a.status_code for a in answers] == [302, 302, 200]
    assert "You have sent several of these" in answers[2].content.decode()
    same_ip = Client(REMOTE_ADDR="10.0.2.1")
    answers = [
        same_ip.post(f"/send/{video.pk}/", form_data(video, email=f"s{n}@example.com"))
        for n in range(4)
    ]
    assert [a.status_code for a in answers] == [302, 302, 302, 200]
    assert FriendSending.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_blocked_sender_is_thanked_and_nothing_is_sent(client, video, smtp_server):
    BlockedSender.objects.create(kind=BlockedSender.Kind.DOMAIN, value="example.com")
    assert send(client, video).status_code == 302
    run_tasks()
    assert smtp_server.messages == []
    assert FriendSending.objects.get().status == FriendSending.Status.SPAM
    assert not FriendEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_akismet_checks_the_note_first_and_spam_is_never_sent(
    client, video, smtp_server, fake_provider, settings
):
    settings.AKISMET_API_KEY = "key"
    settings.AKISMET_URL = fake_provider.url + "/akismet"
    fake_provider.routes["/akismet"] = (200, "text/plain", b"true")
    send(client, video)
    assert FriendSending.objects.get().status == FriendSending.Status.CHECKING
    run_tasks()
    assert smtp_server.messages == []
    sending = FriendSending.objects.get()
    assert (sending.status, sending.sealed_sender_email) == (FriendSending.Status.SPAM, "")
    assert set(FriendEmail.objects.values_list("status", "sealed_address")) == {
        (FriendEmail.Status.WITHHELD, "")
    }
    fake_provider.routes["/akismet"] = (200, "text/plain", b"false")
    send(client, video, submit_key="b" * 32)
    run_tasks()
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_the_do_not_send_link_changes_nothing_on_get_and_stops_mail_on_post(
    client, video, smtp_server
):
    send(client, video)
    run_tasks()
    stop = stop_link(smtp_server.messages[0]).removeprefix("http://testserver")

    page = client.get(stop)  # what a mail scanner does
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    assert FRIEND.lower() not in page.content.decode().lower()
    assert not DoNotSend.objects.exists()
    thanks_before = client.get(f"/send/{video.pk}/sent/").content

    answer = client.post(stop, {"List-Unsubscribe": "One-Click"})  # the mail program's click
    assert answer.status_code == 200 and "will not send you" in answer.content.decode()
    assert client.post(stop).status_code == 200  # pressing again is harmless
    assert DoNotSend.objects.count() == 1

    response = send(client, video, submit_key="c" * 32, friend_2=SECOND_FRIEND)
    assert response["Location"] == f"/send/{video.pk}/sent/"  # the sender sees no difference
    assert client.get(response["Location"]).content == thanks_before
    run_tasks()
    assert [m["To"] for m in smtp_server.messages] == [FRIEND_NORMALISED, SECOND_FRIEND]


@pytest.mark.django_db(transaction=True)
def test_an_email_queued_before_the_friend_said_stop_is_not_sent(client, video, smtp_server):
    send(client, video)
    services.add_to_do_not_send(address_digest=services.recipient_digest(FRIEND))
    run_tasks()
    assert smtp_server.messages == []
    assert FriendEmail.objects.get().sealed_address == ""


@pytest.mark.django_db
def test_a_forged_do_not_send_link_is_refused(client):
    response = client.post("/send/never/forged:abc/")
    assert response.status_code == 404
    assert not DoNotSend.objects.exists()


@pytest.mark.django_db
def test_old_sendings_are_forgotten_and_lost_emails_erased(video):
    from datetime import timedelta

    from django.utils import timezone

    from alongside.core.periodic import PERIODIC_JOBS

    assert "alongside.discovery.friends.services.forget_old_sendings" in {
        job.function for job in PERIODIC_JOBS
    }
    now = timezone.now()
    old = services.send_to_friends(
        video=video,
        sender_name="A",
        sender_email="a@example.com",
        friends=[FRIEND],
        request_key="old",
        now=now - timedelta(days=31),
    )
    lost = services.send_to_friends(
        video=video,
        sender_name="B",
        sender_email="b@example.com",
        friends=[SECOND_FRIEND],
        request_key="lost",
        now=now - timedelta(days=2),
    )
    fresh = services.send_to_friends(
        video=video,
        sender_name="C",
        sender_email="c@example.com",
        friends=["c@example.net"],
        request_key="fresh",
        now=now,
    )
    assert services.forget_old_sendings(now=now) == 1
    assert not FriendSending.objects.filter(pk=old.pk).exists()
    assert lost.emails.get().status == FriendEmail.Status.FAILED
    assert lost.emails.get().sealed_address == ""
    assert fresh.emails.get().sealed_address != ""


@pytest.mark.django_db(transaction=True)
def test_the_weekly_limit_holds_when_sendings_arrive_at_the_same_instant(video):
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's write lock serialises transactions; PostgreSQL needs the lock")

    start = threading.Barrier(6)

    def send_from(number: int) -> None:
        try:
            start.wait()
            services.send_to_friends(
                video=video,
                sender_name=f"Sender {number}",
                sender_email=f"s{number}@example.com",
                friends=[FRIEND, f"other{number}@example.net"],
                request_key=f"race-{number}",
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send_from, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert FriendSending.objects.count() == 6
    digest = services.recipient_digest(FRIEND)
    assert FriendEmail.objects.filter(recipient_digest=digest).count() == 3
