"""Suggest a video: the form, recognising videos we have, the curators' queue, a draft page
made from a suggestion, and the one email when it is published."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.conftest import VIDEO_FIELDS, form_token, run_tasks
from alongside.core.models import BlockedSender
from alongside.discovery.models import VideoSuggestion
from alongside.discovery.suggestions import services
from alongside.videos.models import VideoPage

QUEUE = "/admin/snippets/discovery/videosuggestion/"
URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.AKISMET_API_KEY = ""


def form_data(**fields) -> dict:
    return {
        "token": form_token(0, purpose="suggest-video", seconds_ago=30),
        "website": "",
        "source_url": URL,
        "reason": "A stranger helps a boy carry his groceries. I called my neighbour after.",
        "name": "Zoë",
        "email": "zoe@example.com",
    } | fields


def suggest(client, **fields):
    return client.post("/suggest/", form_data(**fields))


@pytest.mark.django_db
def test_the_footer_and_the_video_index_link_to_the_form(client, video_index):
    for page in ("/", video_index.url):
        assert 'href="/suggest/"' in client.get(page).content.decode()
    response = client.get("/suggest/")
    assert response.status_code == 200 and "Why did it move you?" in response.content.decode()
    assert "public" in response["Cache-Control"] and not response.cookies


@pytest.mark.django_db
def test_a_suggestion_reaches_the_queue(client):
    response = suggest(client, source_url="youtu.be/dQw4w9WgXcQ")
    assert response.status_code == 302
    assert response["Location"] == "/suggest/thanks/?result=new"
    suggestion = VideoSuggestion.objects.get()
    assert (suggestion.provider, suggestion.provider_video_id) == ("youtube", "dQw4w9WgXcQ")
    assert suggestion.status == VideoSuggestion.Status.NEW and suggestion.email == "zoe@example.com"
    assert "with our curators" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("source_url", "", "Please paste the video&#x27;s link."),
        ("source_url", "https://example.com/video.mp4", "YouTube and Vimeo links only"),
        ("source_url", "https://www.youtube.com/@somechannel", "does not point to a single video"),
        ("reason", "   ", "Please tell us in a few words why it moved you."),
        ("email", "zoe@", "This does not look like an email address."),
    ],
)
def test_mistakes_are_explained_by_the_field_and_the_input_is_kept(client, field, value, message):
    response = suggest(client, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'role="alert"' in html
    assert "I called my neighbour after." in html or field == "reason"
    assert not VideoSuggestion.objects.exists()
    assert suggest(client).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("website", "x"), ("token", "forged")])
def test_a_filled_honeypot_or_a_forged_token_gets_a_plain_400(client, field, value):
    assert suggest(client, **{field: value}).status_code == 400
    assert not VideoSuggestion.objects.exists()


@pytest.mark.django_db
def test_a_video_we_published_is_recognised_and_linked(client, make_video):
    video = make_video("Finish line")  # https://www.youtube.com/watch?v=kZlXWp6vFdE
    response = suggest(client, source_url="https://youtu.be/kZlXWp6vFdE?t=10")
    assert response["Location"] == f"/suggest/thanks/?result=published&video={video.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "we have published this video already" in html and f'href="{video.url}"' in html
    assert not VideoSuggestion.objects.exists()


@pytest.mark.django_db
def test_a_draft_or_private_video_is_not_shown_but_counts_as_known(client, make_video):
    make_video("Finish line").unpublish()
    response = suggest(client, source_url="https://youtu.be/kZlXWp6vFdE")
    assert response["Location"] == "/suggest/thanks/?result=suggested"
    assert not VideoSuggestion.objects.exists()


@pytest.mark.django_db
def test_a_video_suggested_before_is_recognised_however_its_link_is_written(client):
    suggest(client)
    other = Client(REMOTE_ADDR="10.9.9.9")
    response = suggest(other, source_url="https://m.youtube.com/shorts/dQw4w9WgXcQ", email="")
    assert response["Location"] == "/suggest/thanks/?result=suggested"
    assert "suggested this video before" in other.get(response["Location"]).content.decode()
    assert VideoSuggestion.objects.count() == 1


@pytest.mark.django_db
def test_a_blocked_sender_is_thanked_and_kept_out_of_the_queue(client):
    BlockedSender.objects.create(kind=BlockedSender.Kind.EMAIL, value="zoe@example.com")
    assert suggest(client)["Location"] == "/suggest/thanks/?result=new"
    assert VideoSuggestion.objects.get().status == VideoSuggestion.Status.SPAM


@pytest.mark.django_db(transaction=True)
def test_akismet_marks_a_spam_suggestion(client, fake_provider, settings):
    settings.AKISMET_API_KEY = "key"
    settings.AKISMET_URL = fake_provider.url + "/akismet"
    fake_provider.routes["/akismet"] = (200, "text/plain", b"true")
    suggest(client)
    run_tasks()
    suggestion = VideoSuggestion.objects.get()
    assert (suggestion.status, suggestion.email) == (VideoSuggestion.Status.SPAM, "")


@pytest.mark.django_db
def test_the_queue_shows_new_ones_first_with_their_count_in_the_menu(admin_client):
    for number, video_id in enumerate(["aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc"]):
        services.suggest_video(
            source_url=f"https://youtu.be/{video_id}", reason=f"Reason {number}", name="A"
        )
    VideoSuggestion.objects.filter(provider_video_id="ccccccccccc").update(
        status=VideoSuggestion.Status.DECLINED
    )
    assert "Suggested videos (2)" in admin_client.get("/admin/").content.decode()
    html = admin_client.get(QUEUE).content.decode()
    assert html.index("Reason 1") < html.index("Reason 0") < html.index("Reason 2")
    assert "zoe@" not in html
    declined = admin_client.get(QUEUE, {"status": "declined"}).content.decode()
    assert "Reason 2" in declined and "Reason 0" not in declined
    found = admin_client.get(QUEUE, {"q": "Reason 1"}).content.decode()
    assert "Reason 1" in found and "Reason 0" not in found
    assert "Create a draft video page" in html


@pytest.mark.django_db
def test_the_queue_costs_the_same_queries_for_many_suggestions(admin_client, make_video):
    video = make_video("Finish line")

    def queries_for(count: int) -> int:
        for number in range(VideoSuggestion.objects.count(), count):
            services.suggest_video(source_url=f"https://vimeo.com/{number + 1}", reason="Yes.")
        VideoSuggestion.objects.update(video=video, status=VideoSuggestion.Status.ACCEPTED)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(QUEUE).status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(12)


@pytest.mark.django_db
def test_a_curator_declines_a_suggestion_from_its_edit_form(admin_client):
    services.suggest_video(source_url=URL, reason="Moving.")
    suggestion = VideoSuggestion.objects.get()
    response = admin_client.post(f"{QUEUE}edit/{suggestion.pk}/", {"status": "declined"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reason) == (VideoSuggestion.Status.DECLINED, "Moving.")


@pytest.mark.django_db
def test_create_a_draft_opens_wagtails_form_prefilled_with_the_link(admin_client, video_index):
    services.suggest_video(source_url=URL, reason="Moving.")
    suggestion = VideoSuggestion.objects.get()
    response = admin_client.get(f"/admin/suggested-videos/{suggestion.pk}/draft/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{URL}"' in html and 'name="source_url"' in html
    assert f'action="/admin/pages/add/videos/videopage/{video_index.pk}/"' in html


@pytest.mark.django_db(transaction=True)
def test_the_suggester_who_asked_gets_one_email_when_it_is_published(video_index, smtp_server):
    services.suggest_video(source_url=URL, reason="Moving.", name="Zoë", email="zoe@example.com")
    services.suggest_video(source_url="https://youtu.be/eeeeeeeeeee", reason="Also.")
    page = VideoPage(title="Groceries", slug="groceries", **(VIDEO_FIELDS | {"source_url": URL}))
    video_index.add_child(instance=page)
    revision = page.save_revision()
    suggestion = VideoSuggestion.objects.get(provider_video_id="dQw4w9WgXcQ")
    assert suggestion.status == VideoSuggestion.Status.NEW  # a draft is not yet news
    revision.publish()
    page.save_revision().publish()  # published again: still one email
    run_tasks()

    (message,) = smtp_server.messages
    assert message["To"] == "zoe@example.com"
    assert message["Subject"] == "The video you suggested is on Alongside: Groceries"
    body = smtp_server.body(message)
    assert "Hello Zoë," in body and "http://testserver/videos/groceries/" in body
    suggestion.refresh_from_db()
    assert suggestion.status == VideoSuggestion.Status.ACCEPTED
    assert suggestion.video_id == page.pk and suggestion.notified_at is not None
    assert suggestion.email == ""  # told once, then forgotten
    other = VideoSuggestion.objects.get(provider_video_id="eeeeeeeeeee")
    assert other.status == VideoSuggestion.Status.NEW


@pytest.mark.django_db
def test_the_queue_and_the_draft_need_their_permissions(django_user_model, video_index):
    from alongside.core.tests.test_admin_permissions import curator, menu_urls, signed_in

    services.suggest_video(source_url=URL, reason="Moving.")
    suggestion = VideoSuggestion.objects.get()
    draft = f"/admin/suggested-videos/{suggestion.pk}/draft/"
    nobody = curator(django_user_model, "sam")
    response = signed_in(nobody).get(QUEUE, follow=True)
    assert response.status_code == 403 or response.request["PATH_INFO"] == "/admin/"
    assert "Moving." not in response.content.decode()
    assert QUEUE not in menu_urls(nobody)

    reviewer = curator(django_user_model, "priya", "view_videosuggestion")
    assert signed_in(reviewer).get(QUEUE).status_code == 200
    assert QUEUE in menu_urls(reviewer)
    # Making a page needs Wagtail's page permission too, which a reviewer alone does not have;
    # and a curator who may make pages but not see suggestions cannot open one as a draft.
    # (Wagtail answers a missing permission with the dashboard and a message.)
    page_maker = curator(django_user_model, "lee")
    page_maker.groups.add(Group.objects.get(name="Editors"))
    for user in (reviewer, page_maker, nobody):
        response = signed_in(user).get(draft, follow=True)
        assert response.request["PATH_INFO"] == "/admin/", user
        assert URL not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_from_suggestion_to_published_page_through_the_admin(
    admin_client, video_index, topic, smtp_server
):
    """The curator's whole path: the draft form from the queue, saved as Wagtail's form posts
    it, then published; the suggester hears once."""
    from alongside.videos.tests.test_pages import video_form_data

    services.suggest_video(source_url=URL, reason="Moving.", email="zoe@example.com")
    suggestion = VideoSuggestion.objects.get()
    form = admin_client.get(f"/admin/suggested-videos/{suggestion.pk}/draft/").content.decode()
    action = re.search(r'<form[^>]+action="(/admin/pages/add/[^"]+)"', form).group(1)
    prefilled = re.search(r'name="source_url"[^>]*value="([^"]+)"', form).group(1)

    data = video_form_data(topic, title="Groceries", slug="groceries", source_url=prefilled)
    assert admin_client.post(action, data).status_code == 302  # saved as a draft
    page = VideoPage.objects.get(slug="groceries")
    assert not page.live and page.source_url == URL
    run_tasks()
    assert smtp_server.messages == []

    edit = f"/admin/pages/{page.pk}/edit/"
    assert admin_client.post(edit, data | {"action-publish": "publish"}).status_code == 302
    run_tasks()
    (message,) = smtp_server.messages
    assert message["To"] == "zoe@example.com" and "Groceries" in message["Subject"]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.video_id) == (VideoSuggestion.Status.ACCEPTED, page.pk)
