"""The moderation log says who did what to which submission, in words a curator reads."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.utils.html import strip_tags

from alongside.core.models import ModerationLogEntry
from alongside.pledges import services as pledge_services
from alongside.pledges.models import KeptStory, Pledge
from alongside.reflections.models import Reflection
from alongside.reflections.services import post_reflection

pytestmark = pytest.mark.django_db

LOG = "/admin/snippets/core/moderationlogentry/"


@pytest.fixture
def video(make_video):
    return make_video("Finish line")


@pytest.fixture
def curator(django_user_model):
    """A volunteer curator: not a superuser, allowed to moderate what viewers write."""
    user = django_user_model.objects.create_user(
        username="priya",
        password="curator-pass-1",
        first_name="Priya",
        last_name="Natarajan",
        is_staff=True,
    )
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "access_admin",
                "change_reflection",
                "delete_reflection",
                "change_pledge",
                "change_keptstory",
            ]
        )
    )
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def held_reflection(video, name):
    return post_reflection(
        video=video,
        name=name,
        email=f"{name.lower()}@example.org",
        text=f"Words from {name}",
        idempotency_key=name,
        mode="hold",
    ).reflection


def log_rows(client) -> list[list[str]]:
    """The log's table as text: the heading row, then one row per entry (without the
    selection checkbox column)."""
    html = client.get(LOG).content.decode()
    table = html.split('<table class="listing', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(strip_tags(cell).split()) for cell in cells][1:])
    return rows


def bulk(client, model_path, action, *items):
    ids = "&".join(f"id={item.pk}" for item in items)
    client.post(f"/admin/bulk/{model_path}/moderation-{action}/?{ids}&next=/admin/")


def test_approving_as_a_curator_logs_their_name_under_readable_headings(curator_client, video):
    reflection = held_reflection(video, "Amara")
    bulk(curator_client, "reflections/reflection", "approve", reflection)
    assert Reflection.objects.get().status == "published"
    heading, entry = log_rows(curator_client)
    assert heading == ["Submission", "Kind", "Action", "Done by", "Reason", "When"]
    assert entry[0].startswith("Amara: Words from Amara")
    assert entry[1:4] == ["Reflection", "Approve", "Priya Natarajan"]
    assert "Object repr" not in curator_client.get(LOG).content.decode()


def test_every_moderation_path_records_the_curator(curator_client, curator, video):
    first, second, third = (held_reflection(video, name) for name in ("Ana", "Bo", "Cy"))
    bulk(curator_client, "reflections/reflection", "reject", first, second)
    curator_client.post(f"/admin/snippets/reflections/reflection/delete/{third.pk}/")
    pledge = pledge_services.start_pledge(video=video, name="Dee", email="dee@example.org")
    pledge_services.confirm_pledge(pledge=pledge)
    pledge_services.mark_kept(pledge=pledge, story="It went well.")
    bulk(curator_client, "pledges/pledge", "spam", Pledge.objects.get())
    bulk(curator_client, "pledges/keptstory", "approve", KeptStory.objects.get())
    logged = list(ModerationLogEntry.objects.values_list("action", "actor", "object_id"))
    assert sorted(logged) == sorted(
        [
            ("reject", curator.pk, first.pk),
            ("reject", curator.pk, second.pk),
            ("delete", curator.pk, third.pk),
            ("spam", curator.pk, pledge.pk),
            ("approve", curator.pk, pledge.story.pk),
        ]
    )
    rows = log_rows(curator_client)[1:]
    assert {row[1] for row in rows} == {"Reflection", "Pledge", "Kept story"}
    assert {row[2] for row in rows} == {"Reject", "Delete", "Mark as spam", "Approve"}
    assert {row[3] for row in rows} == {"Priya Natarajan"}


def test_what_the_spam_guard_did_is_logged_as_automatic(admin_client, video):
    from alongside.core.moderation import moderate

    moderate(items=[held_reflection(video, "Eve")], action="spam", reason="Akismet")
    entry = log_rows(admin_client)[1]
    assert entry[2:5] == ["Mark as spam", "Automatic", "Akismet"]


def test_setting_a_status_in_the_edit_form_is_logged_like_the_bulk_action(
    curator_client, curator, video
):
    reflection = held_reflection(video, "Fay")
    curator_client.post(
        f"/admin/snippets/reflections/reflection/edit/{reflection.pk}/",
        {"name": "Fay", "text": "Words from Fay", "status": "published"},
    )
    reflection.refresh_from_db()
    assert reflection.status == "published" and reflection.moderated_at
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == ("approve", curator, reflection.pk)
    curator_client.post(
        f"/admin/snippets/reflections/reflection/edit/{reflection.pk}/",
        {"name": "Fay", "text": "Words from Fay, corrected", "status": "published"},
    )
    assert ModerationLogEntry.objects.count() == 1  # a text edit is not a moderation
