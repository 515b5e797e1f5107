"""CSV files that are safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-` or `@` is a formula to Excel, LibreOffice
and Google Sheets: a course titled `=HYPERLINK(...)` would become a live link, and
worse formulas can run commands. Following OWASP's advice on CSV injection, such
a cell (and one starting with a tab or a carriage return, which some programs
skip before reading the formula) gets a leading apostrophe, which spreadsheets
show as text. Numbers stay numbers: -3 is a figure, not a formula.

Every CSV the project writes goes through `write_csv`, so the rule lives here once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_SKIPPED = " \t\r\n"
"""Characters some spreadsheets skip before looking for a formula."""


def safe_cell(value: object) -> str:
    """The text to write for one cell: numbers as they are, text that could be a formula escaped."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip(_SKIPPED).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a header and rows as CSV, every cell through `safe_cell`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)


def _cell(value: object) -> str:
    # Python's csv module quotes a cell with a line feed but not one with a lone carriage
    # return, which spreadsheets read as a new row. Line breaks in a cell become line feeds.
    return safe_cell(value).replace("\r\n", "\n").replace("\r", "\n")
