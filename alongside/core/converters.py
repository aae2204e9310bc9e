"""Numbers from addresses and query strings, read one way: ASCII digits that fit a database id.

`str.isdigit()` accepts "²" and `int()` then fails; a 20-digit id overflows SQLite's integers.
Both gave 500s. Paths use the `id` converter (a 404 for anything else); query parameters go
through `parse_id` (None for anything else).
"""

import re

from django.urls import register_converter

# 18 digits always fit a signed 64-bit integer (the largest has 19).
ID_PATTERN = "[0-9]{1,18}"
_ID = re.compile(ID_PATTERN)


class IdConverter:
    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


def parse_id(value) -> int | None:
    """The id in `value` (a query parameter), or None when it is not one."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


register_converter(IdConverter, "id")
