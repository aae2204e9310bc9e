"""Spreadsheet exports that a spreadsheet cannot run.

Every CSV export of the admin goes through Wagtail's SpreadsheetExportMixin: the lists of what
viewers write, and Wagtail's own reports (site history names the rows curators changed, with a
viewer's name and words). A cell such as =HYPERLINK(…) must stay text when a curator opens the
file. XLSX needs nothing: Wagtail writes a cell openpyxl takes for a formula as a string.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What spreadsheets read as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value):
    """A text cell a spreadsheet would run as a formula, made plain text with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv_row(view, writer, row_dict):
    """SpreadsheetExportMixin.write_csv_row, each cell defused."""
    return writer.writerow(
        {
            field: defuse_formula(view.preprocess_field_value(field, value, view.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def defuse_every_csv_export() -> None:
    """Make every CSV export of the admin, Wagtail's own included, write formulas as text.
    Replaced on the mixin itself: the reports' views are Wagtail's, not ours to subclass."""
    SpreadsheetExportMixin.write_csv_row = write_csv_row
