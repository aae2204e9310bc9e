"""A poster can edit or delete their reflection for 15 minutes; anyone can report one."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from alongside.core.models import ModerationLogEntry, ModerationStatus
from alongside.reflections import services
from alongside.reflections.models import Reflection, Report

from .conftest import form_token, reflection_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(client, video, post):
    post()
    return Reflection.objects.get()


def test_the_poster_sees_edit_and_delete_links(client, video, posted):
    html = client.get(video.url).content.decode()
    assert f'href="/reflections/{posted.pk}/edit/"' in html
    assert f'href="/reflections/{posted.pk}/delete/"' in html


def test_pages_with_a_posters_own_links_are_never_shared(client, video, posted):
    response = client.get(video.url)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_others_see_no_edit_links(client, video, posted):
    client.cookies.clear()
    html = client.get(video.url).content.decode()
    assert "/edit/" not in html
    assert client.get(f"/reflections/{posted.pk}/edit/").status_code == 404


def test_editing_re_renders_the_text(client, video, posted):
    response = client.post(f"/reflections/{posted.pk}/edit/", {"text": "Changed\n\nmy mind"})
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.text_html == "<p>Changed</p><p>my mind</p>" and posted.edited_at
    assert "edited" in client.get(video.url).content.decode()


def test_an_empty_edit_is_refused_and_the_old_text_kept(client, posted):
    response = client.post(f"/reflections/{posted.pk}/edit/", {"text": "  "})
    assert response.status_code == 400
    assert "Please write your reflection before sending it." in response.content.decode()
    posted.refresh_from_db()
    assert posted.text.startswith("He kept going.")


def fifteen_minutes_pass(client, reflection):
    """The window closes, and with it the browser's cookie naming its own reflections."""
    Reflection.objects.filter(pk=reflection.pk).update(
        created_at=timezone.now() - timedelta(minutes=15, seconds=5)
    )
    client.cookies.pop("alongside_own_reflections")


def test_saving_an_edit_just_after_the_window_keeps_the_words_and_offers_a_new_reflection(
    client, video, posted, post
):
    assert client.get(f"/reflections/{posted.pk}/edit/").status_code == 200
    fifteen_minutes_pass(client, posted)
    response = client.post(f"/reflections/{posted.pk}/edit/", {"text": "Words I want to keep"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "That time has passed, so your change was not saved." in html
    assert "Words I want to keep</textarea>" in html
    assert f'action="/reflections/video/{video.pk}/' in html
    posted.refresh_from_db()
    assert posted.text.startswith("He kept going.") and posted.edited_at is None
    # Sending the kept words from that form makes a new reflection.
    assert post(reflection_post(video, text="Words I want to keep")).status_code == 302
    assert Reflection.objects.filter(text="Words I want to keep").exclude(pk=posted.pk).exists()


def test_opening_edit_or_delete_after_the_window_says_so_instead_of_not_found(client, posted):
    fifteen_minutes_pass(client, posted)
    edit = client.get(f"/reflections/{posted.pk}/edit/")
    assert edit.status_code == 403
    assert "can no longer be changed" in edit.content.decode()
    assert "<textarea" not in edit.content.decode()
    delete = client.get(f"/reflections/{posted.pk}/delete/")
    assert delete.status_code == 403
    assert "can no longer be deleted" in delete.content.decode()


def test_deleting_just_after_the_window_says_so_and_points_to_a_report(client, posted):
    fifteen_minutes_pass(client, posted)
    response = client.post(f"/reflections/{posted.pk}/delete/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "That time has passed, so your reflection on" in html
    assert f'href="/reflections/{posted.pk}/report/"' in html
    assert Reflection.objects.filter(pk=posted.pk).exists()


def test_the_service_refuses_changes_after_the_window(posted):
    later = timezone.now() + timedelta(minutes=16)
    with pytest.raises(services.EditWindowClosed):
        services.edit_reflection(reflection=posted, text="Too late", now=later)
    with pytest.raises(services.EditWindowClosed):
        services.delete_reflection(reflection=posted, now=later)
    posted.refresh_from_db()
    assert posted.text.startswith("He kept going.")


def test_others_still_get_not_found_within_the_window(client, posted):
    client.cookies.clear()
    assert client.post(f"/reflections/{posted.pk}/edit/", {"text": "Hijack"}).status_code == 404
    assert client.post(f"/reflections/{posted.pk}/delete/").status_code == 404
    assert Reflection.objects.filter(pk=posted.pk).exists()


def test_deleting_asks_then_deletes_and_says_it_did(client, video, posted):
    confirm = client.get(f"/reflections/{posted.pk}/delete/")
    assert "Delete your reflection?" in confirm.content.decode()
    assert Reflection.objects.exists()
    response = client.post(f"/reflections/{posted.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"{video.url}?deleted={posted.pk}#reflections"
    assert not Reflection.objects.exists()
    assert "Your reflection has been deleted." in client.get(response["Location"]).content.decode()


def test_the_deleted_notice_is_only_for_the_browser_that_deleted(client, video, posted):
    client.post(f"/reflections/{posted.pk}/delete/")
    client.cookies.clear()
    response = client.get(f"{video.url}?deleted={posted.pk}")
    assert "has been deleted" not in response.content.decode()
    assert "public" in response["Cache-Control"] and not response.cookies


def test_a_forged_own_cookie_gives_nothing(client, posted):
    client.cookies["alongside_own_reflections"] = f"[{posted.pk}]:forged"
    assert client.get(f"/reflections/{posted.pk}/edit/").status_code == 404


def test_reporting_puts_a_reflection_in_the_queue(client, video, posted, admin_client):
    client.cookies.clear()
    page = client.get(f"/reflections/{posted.pk}/report/")
    assert page.status_code == 200 and "Report a reflection" in page.content.decode()
    assert page.content.decode().count("(optional)") == 1
    response = client.post(
        f"/reflections/{posted.pk}/report/",
        {"token": form_token(posted.pk, purpose="report"), "website": "", "reason": "Unkind"},
        headers={"Origin": "http://testserver"},
    )
    assert "Thank you" in response.content.decode()
    posted.refresh_from_db()
    assert posted.report_count == 1
    assert Report.objects.get().reason == "Unkind"
    queue = admin_client.get("/admin/snippets/reflections/reflection/?reported=true")
    assert escape(posted.name) in queue.content.decode()


def test_a_report_with_a_forged_token_is_refused(client, posted):
    response = client.post(
        f"/reflections/{posted.pk}/report/",
        {"token": "forged", "website": "", "reason": ""},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_curators_moderate_in_bulk_from_the_admin_and_each_action_is_logged(
    admin_client, video, make_video
):
    from alongside.reflections.services import post_reflection

    reflections = [
        post_reflection(
            video=video,
            name=f"Held {number}",
            email=f"held{number}@example.org",
            text=f"Held {number}",
            idempotency_key=str(number),
            mode="hold",
        ).reflection
        for number in range(3)
    ]
    queue = admin_client.get("/admin/snippets/reflections/reflection/?status=pending")
    assert all(r.name in queue.content.decode() for r in reflections)
    assert "Reflections (3)" in admin_client.get("/admin/").content.decode()
    ids = "&".join(f"id={r.pk}" for r in reflections[:2])
    url = f"/admin/bulk/reflections/reflection/moderation-approve/?{ids}&next=/admin/"
    assert "Approve" in admin_client.get(url).content.decode()
    admin_client.post(url)
    statuses = dict(Reflection.objects.values_list("name", "status"))
    assert statuses == {
        "Held 0": ModerationStatus.PUBLISHED,
        "Held 1": ModerationStatus.PUBLISHED,
        "Held 2": ModerationStatus.PENDING,
    }
    assert ModerationLogEntry.objects.filter(action="approve").count() == 2
    block = f"/admin/bulk/reflections/reflection/moderation-block/?id={reflections[2].pk}"
    admin_client.post(block + "&next=/admin/")
    from alongside.core.models import BlockedSender

    assert BlockedSender.objects.filter(value="held2@example.org").exists()
    assert Reflection.objects.get(name="Held 2").status == ModerationStatus.SPAM


def test_a_moderation_that_fails_half_way_changes_nothing(video, admin_user):
    from django.db import DatabaseError

    from alongside.core.moderation import moderate
    from alongside.reflections.services import post_reflection

    first, second = (
        post_reflection(
            video=video,
            name=name,
            email=f"{name}@example.org",
            text=name,
            idempotency_key=name,
            mode="hold",
        ).reflection
        for name in ("first", "second")
    )
    Reflection.objects.filter(pk=second.pk).delete()  # gone while the curator was looking
    with pytest.raises(DatabaseError):
        moderate(items=[first, second], action="approve", actor=admin_user)
    assert Reflection.objects.get(pk=first.pk).status == ModerationStatus.PENDING
    assert not ModerationLogEntry.objects.exists()


def test_a_reflection_that_fails_validation_writes_nothing(video):
    from django.core.exceptions import ValidationError

    from alongside.reflections.services import post_reflection

    with pytest.raises(ValidationError):
        post_reflection(
            video=video,
            name="N" * 200,
            email="n@example.org",
            text="Words",
            idempotency_key="k",
            mode="open",
        )
    assert not Reflection.objects.exists()


def test_curators_cannot_add_reflections_in_a_viewers_name(admin_client):
    assert admin_client.get("/admin/snippets/reflections/reflection/add/").status_code in (
        302,
        403,
    )
    listing = admin_client.get("/admin/snippets/reflections/reflection/")
    assert "Add reflection" not in listing.content.decode()
