"""Emails about reflections, delivered to a real SMTP server on loopback by the task worker."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from alongside.conftest import run_tasks
from alongside.core.models import ModerationStatus
from alongside.reflections import services
from alongside.reflections.models import ModerationDigest, Reflection

from .conftest import reflection_post

pytestmark = pytest.mark.django_db(transaction=True)


def links_in(text):
    return re.findall(r"https?://\S+", text)


@pytest.fixture
def conversation(video, post):
    """Ana asks to hear about replies; Ben replies."""
    post(reflection_post(video, name="Ana", email="ana@example.org", notify_replies="on"))
    parent = Reflection.objects.get(name="Ana")
    post(
        reflection_post(
            video, name="Ben", email="ben@example.org", text="Me too.", parent=parent.pk
        )
    )
    return parent, Reflection.objects.get(name="Ben")


def test_a_reply_is_emailed_once_with_a_working_link(settings, smtp_server, conversation, video):
    settings.SITE_URL = "http://testserver"
    _, reply = conversation
    run_tasks()
    run_tasks()  # running the queue again sends nothing twice
    [message] = smtp_server.messages
    assert message["To"] == "ana@example.org"
    assert message["Subject"].strip() == f"Ben replied to your reflection on “{video.title}”"
    body = smtp_server.body(message)
    assert "Me too." in body and "ben@example.org" not in body
    reply_link, stop_link, forget_link = links_in(body)
    assert reply_link == f"http://testserver{video.url}#reflection-{reply.pk}"
    browser = Client()
    assert "Me too." in browser.get(reply_link.split("#")[0]).content.decode()
    assert message["List-Unsubscribe"].strip() == f"<{stop_link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert "Delete everything you wrote?" in browser.get(forget_link).content.decode()
    assert Reflection.objects.filter(email="ana@example.org").exists()  # GET changes nothing
    done = browser.post(forget_link)
    assert "1 reflection and your email address was deleted" in done.content.decode()
    assert not Reflection.objects.filter(email="ana@example.org").exists()
    assert Reflection.objects.get(pk=reply.pk).parent is None  # Ben's words stay


def test_one_click_unsubscribe_stops_reply_emails(settings, smtp_server, conversation, video, post):
    parent, _ = conversation
    run_tasks()
    stop_link = links_in(smtp_server.body(smtp_server.messages[0]))[1]
    # what a mail provider sends for List-Unsubscribe-Post
    Client().post(stop_link, {"List-Unsubscribe": "One-Click"})
    post(reflection_post(video, name="Cy", email="cy@example.org", text="Yes", parent=parent.pk))
    run_tasks()
    assert len(smtp_server.messages) == 1


def test_no_email_for_replying_to_yourself_or_when_not_asked(smtp_server, video, post):
    post(reflection_post(video, name="Ana", email="ana@example.org"))  # did not ask
    parent = Reflection.objects.get()
    post(reflection_post(video, name="Ben", email="ben@example.org", text="Hi", parent=parent.pk))
    run_tasks()
    assert smtp_server.messages == []


def test_curators_get_a_digest_of_held_reflections(smtp_server, video, post):
    get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    video.reflections_mode = "hold"
    video.save_revision().publish()
    for number in range(2):
        post(reflection_post(video, email=f"v{number}@example.org", text=f"Held {number}"))
    assert services.send_moderation_digest() == 2
    assert services.send_moderation_digest() == 0  # nothing new since
    [message] = smtp_server.messages
    assert message["To"] == "curator@example.org"
    assert message["Subject"].strip() == "2 new reflections to read (2 waiting)"
    body = smtp_server.body(message)
    assert (
        "Held 0" in body
        and "Held 1" in body
        and "@example.org" not in body.replace("curator@example.org", "")
    )
    assert "/admin/snippets/reflections/reflection/?status=pending" in body
    assert ModerationDigest.objects.get().reflection_count == 2


def test_a_failing_mail_server_is_retried_later(settings, video, post):
    from django_tasks_db.models import DBTaskResult

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    post(reflection_post(video, name="Ana", email="ana@example.org", notify_replies="on"))
    parent = Reflection.objects.get()
    post(reflection_post(video, name="Ben", email="ben@example.org", text="Hi", parent=parent.pk))
    run_tasks()
    retry = DBTaskResult.objects.filter(
        task_path="alongside.reflections.tasks.send_reply_notification", status="READY"
    ).get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 1
    assert retry.run_after is not None
    assert Reflection.objects.get(name="Ben").reply_notified_at is None


def test_akismet_flags_spam_after_publication(settings, fake_provider, video, post, client):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"{fake_provider.url}/1.1/comment-check"
    fake_provider.routes["/1.1/comment-check"] = (200, "text/plain", b"true")
    post()
    run_tasks()
    assert Reflection.objects.get().status == ModerationStatus.SPAM
    assert fake_provider.requests == ["/1.1/comment-check"]


def test_akismet_being_down_publishes_anyway(settings, video, post):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = "http://127.0.0.1:9/1.1/comment-check"
    post()
    run_tasks()
    assert Reflection.objects.get().status == ModerationStatus.PUBLISHED


def test_reply_and_digest_emails_show_names_and_words_as_typed(smtp_server, video, post):
    """Plain-text emails are not HTML: nothing in them or their subjects is escaped."""
    get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    video.title = "Walk & talk <together>"
    video.save_revision().publish()
    name, words = "Zoë <b>&", "Zoë <b>& see https://example.org/?a=1&b=2"
    post(reflection_post(video, name="Ana", email="ana@example.org", notify_replies="on"))
    parent = Reflection.objects.get()
    reply = reflection_post(video, name=name, email="zoe@example.org", text=words)
    post(reply | {"parent": parent.pk})
    run_tasks()
    video.reflections_mode = "hold"
    video.save_revision().publish()
    post(reflection_post(video, name=name, email="zoe@example.org", text=f"Held: {words}"))
    services.send_moderation_digest()

    reply_email, digest = smtp_server.messages
    assert reply_email["Subject"].strip() == f"{name} replied to your reflection on “{video.title}”"
    assert f"{name} replied" in smtp_server.body(reply_email)
    assert words in smtp_server.body(reply_email)
    digest_body = smtp_server.body(digest)
    assert f"{name} on “{video.title}”" in digest_body and f"Held: {words}" in digest_body
