"""Every CSV the site writes goes through this writer: a spreadsheet runs a cell that starts
with =, +, -, @, a tab or a carriage return as a formula ("CSV injection"), so such a
cell gets a leading apostrophe and opens as the text it is. Numbers stay numbers.

Readers who need the exact text use the JSON downloads, which are never changed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as written to the file: text that a spreadsheet would run, defused."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        text = "" if value is None else str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return value


class Writer:
    """csv.writer's writerow and writerows, with every cell passed through ``cell``."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> Writer:
    return Writer(out, **options)
