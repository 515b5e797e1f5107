"""CSV files that are safe to open in a spreadsheet. Plain Python, no MkDocs.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return can run as a
formula when Excel, LibreOffice or Google Sheets opens the file ("CSV injection").
Following OWASP's advice, such a cell gets a single quote in front, which the
spreadsheet shows as text. Numbers are written as they are: a negative number is
data, not a formula. Every CSV the project writes goes through `write_csv`.
"""

from __future__ import annotations

import csv
from typing import IO, Iterable, Sequence

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The text to write for one cell: formulas made harmless, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(_TRIGGERS):
        return "'" + text
    return text


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a header and rows, every cell through `safe_cell`. Open `stream` with newline=''."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
