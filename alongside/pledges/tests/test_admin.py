"""The curators' side: lists with filters, shared moderation actions, CSV export, charts."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import load_workbook

from alongside.pledges import services
from alongside.pledges.models import KeptStory, Pledge


@pytest.fixture
def pledges(video):
    made = []
    for number, (name, note) in enumerate([("Amara", "For my brother"), ("Søren", "")]):
        pledge = services.start_pledge(
            video=video, name=name, email=f"person{number}@example.org", note=note
        )
        services.confirm_pledge(pledge=pledge, now=timezone.now() - timedelta(days=8))
        made.append(pledge)
    services.mark_kept(pledge=made[0], story="We talked for an hour.")
    services.start_pledge(video=video, name="Pending Pat", email="pat@example.org")
    return made


@pytest.mark.django_db
def test_curators_list_and_filter_pledges_without_seeing_addresses(admin_client, pledges):
    html = admin_client.get("/admin/snippets/pledges/pledge/").content.decode()
    assert "Amara" in html and "Søren" in html and "Pending Pat" in html
    assert "@example.org" not in html
    kept = admin_client.get("/admin/snippets/pledges/pledge/?stage=kept").content.decode()
    assert "Amara" in kept and "Søren" not in kept
    waiting = admin_client.get("/admin/snippets/pledges/pledge/?stage=unconfirmed")
    assert "Pending Pat" in waiting.content.decode() and "Amara" not in waiting.content.decode()
    assert "Amara" in admin_client.get("/admin/snippets/pledges/keptstory/").content.decode()


def exported(client, path: str, export_format: str) -> list[list[str]]:
    """The rows of a list's CSV or XLSX export, header first."""
    body = b"".join(client.get(f"{path}?export={export_format}").streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(body.decode())))
    sheet = load_workbook(io.BytesIO(body)).active
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_pledges_and_stories_export_a_header_and_a_row_each_without_addresses(
    admin_client, pledges, export_format
):
    rows = exported(admin_client, "/admin/snippets/pledges/pledge/", export_format)
    assert rows[0] == [
        "Video",
        "Name",
        "Name shown",
        "Note",
        "Status",
        "Pledged",
        "Confirmed",
        "Kept",
        "Follow-ups sent",
    ]
    assert len(rows) == 1 + Pledge.objects.count()
    amara = next(row for row in rows if row[1] == "Amara")
    assert amara[:5] == [
        "Finish line",
        "Amara",
        "Yes" if export_format == "csv" else "True",
        "For my brother",
        "Published",
    ]
    stories = exported(admin_client, "/admin/snippets/pledges/keptstory/", export_format)
    assert stories[0] == ["Video", "Name", "Name shown", "Story", "Status", "Told"]
    assert [row[:5] for row in stories[1:]] == [
        ["Finish line", "Amara", amara[2], "We talked for an hour.", "Published"]
    ]
    assert not any("@" in cell for table in (rows, stories) for row in table for cell in row)


@pytest.mark.django_db
def test_the_shared_moderation_actions_work_on_pledges_and_stories(admin_client, pledges, video):
    pledge = pledges[0]
    url = f"/admin/bulk/pledges/pledge/moderation-reject/?id={pledge.pk}&next=/admin/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url)
    assert Pledge.objects.get(pk=pledge.pk).status == "rejected"
    assert "Amara" not in admin_client.get(video.url).content.decode()
    story = KeptStory.objects.get()
    admin_client.post(f"/admin/bulk/pledges/keptstory/moderation-block/?id={story.pk}&next=/")
    from alongside.core.models import BlockedSender

    assert BlockedSender.objects.filter(value="person0@example.org").exists()


@pytest.mark.django_db
def test_curators_cannot_invent_pledges(admin_client):
    assert admin_client.get("/admin/snippets/pledges/pledge/add/").status_code in (302, 403)


@pytest.mark.django_db
def test_each_video_has_a_weekly_chart_drawn_as_svg(admin_client, pledges, video):
    index = admin_client.get("/admin/pledge_charts/").content.decode()
    assert "Finish line" in index
    html = admin_client.get(f"/admin/pledge_charts/{video.pk}/").content.decode()
    assert '<svg class="pledge-chart"' in html and 'role="img"' in html
    assert html.count('<rect class="pledged"') == 12 and html.count('<rect class="kept"') == 12
    assert ": 2 pledged</title>" in html and ": 1 kept</title>" in html
    assert "<script" not in html.split('<svg class="pledge-chart"')[1].split("</svg>")[0]


def breadcrumbs(html: str) -> list[str]:
    """The admin header's breadcrumb trail, as the curator reads it."""
    trail = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    return [" ".join(strip_tags(item).split()) for item in re.findall(r"<li.*?</li>", trail, re.S)]


@pytest.mark.django_db
def test_the_charts_page_is_headed_pledge_charts_and_lists_only_live_videos(
    admin_client, pledges, video, make_video
):
    make_video("Still a draft").unpublish()
    html = admin_client.get("/admin/pledge_charts/").content.decode()
    assert breadcrumbs(html) == ["Home", "Pledge charts"]
    assert "Finish line" in html and "Still a draft" not in html
    chart = admin_client.get(f"/admin/pledge_charts/{video.pk}/").content.decode()
    assert breadcrumbs(chart) == ["Home", "Pledge charts", "Finish line"]


@pytest.mark.django_db
def test_curators_can_edit_a_note_and_inspect_a_pledge_without_its_address(
    admin_client, client, pledges, video, django_capture_on_commit_callbacks
):
    pledge = pledges[0]
    assert "For my brother" in client.get(video.url).content.decode()  # now in the page cache
    edit = f"/admin/snippets/pledges/pledge/edit/{pledge.pk}/"
    html = admin_client.get(edit).content.decode()
    assert "For my brother" in html and "person0@example.org" not in html
    inspect = admin_client.get(f"/admin/snippets/pledges/pledge/inspect/{pledge.pk}/")
    assert inspect.status_code == 200 and "person0@example.org" not in inspect.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the edit's commit
        admin_client.post(
            edit, {"name": "Amara", "show_name": "on", "note": "For my little brother"}
        )
    assert Pledge.objects.get(pk=pledge.pk).note == "For my little brother"
    assert "For my little brother" in client.get(video.url).content.decode()
