"""Everything that can be published, as pieces of text to scan.

- Markdown files (items of every type, newsletter issues and drafts beside them,
  hand-written pages): the front matter as written (comments too), every field's
  value as read (YAML escapes decoded), the body with link addresses, titles and
  HTML attributes, and the file's own name.
- Spreadsheets of training dates: every cell, with its column's heading, so a
  column called "date of birth" or "child" gives its cells their meaning.
- Any other text file beside the pages (an .html, .txt, .svg or .csv download),
  and the name of every file, pictures and downloads included.

Dates of birth need the word "born", "DOB" or "date of birth" nearby, so the
dates of training and publication pass. Exact dates are reported only in the body
of a practice example.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..documents import Document
from .text import BREAK, Unit, address_text, markdown_units, plain_units

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".tsv", ".html", ".htm", ".svg", ".xml", ".json", ".ics", ".vcf", ".yml", ".yaml", ".md"})
MAX_TEXT_BYTES = 5_000_000
"""Read at most this much of one file: the scan must finish on any input."""


def document_units(document: Document) -> Iterator[tuple[Unit, Any]]:
    """(unit, where_at) pairs for one Markdown file; where_at names the field a line is in.

    The front matter as written (comments too) and the body are one unit, "text", on
    their own lines, so each file's words are scanned in one pass.
    """
    yield Unit(address_text(document.rel), 1, "file name", address=True), None
    if not document.lines:
        return
    end = document.front_matter_end
    units: list[Unit] = []
    front = ""
    if end:
        front, units = markdown_units("\n".join(document.lines[:end]), 1, yaml=True)
        front += "\n" + BREAK
    body, more = markdown_units("\n".join(document.lines[end:]), end + 1)
    yield Unit(front + body, 1, "text"), document.field_at
    yield from ((unit, None) for unit in units + more)
    if not end:
        return
    meta = document.meta or {}
    for text in _strings(meta.get("tags")):
        # Tags are written in lower case, so a name in one looks like 'jayden smith'.
        yield Unit(text, document.line_of("tags"), "tags", address=True), None
    raw = "\n".join(document.lines[:end])
    if "\\" in raw or not raw.isascii():
        # Where YAML decoded something ('\u0040' is '@'), read each field's value as well.
        for name, value in meta.items():
            for text in _strings(value):
                for unit in plain_units(text, document.line_of(name), name):
                    yield unit, None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def spreadsheet_units(path: Path, rel: str) -> Iterator[Unit]:
    """Every cell of a CSV file, as 'heading: value', on the cell's own line."""
    yield Unit(address_text(rel), 1, "file name", address=True)
    try:
        text = path.read_bytes()[:MAX_TEXT_BYTES].decode("utf-8-sig", errors="replace")
    except OSError:
        return
    reader = csv.reader(io.StringIO(text))
    headings: list[str] = []
    previous = 0
    try:
        for row in reader:
            line, previous = previous + 1, reader.line_num
            if not headings:
                headings = [h.strip() for h in row]
                yield from plain_units(", ".join(headings), line, "column headings")
                continue
            for n, cell in enumerate(row):
                if cell.strip():
                    heading = headings[n] if n < len(headings) and headings[n] else f"column {n + 1}"
                    yield from plain_units(f"{heading}: {cell}", line, f"row {line}: {heading}")
    except csv.Error:
        # A row the spreadsheet reader refuses (a cell far too long): the training check
        # reports it; the rest of the file is still read here, as plain text.
        rest = "\n".join(text.split("\n")[previous:])
        yield from plain_units(rest, previous + 1, f"row {previous + 1}")


def text_file_units(path: Path, rel: str) -> Iterator[Unit]:
    """A text file published as it is: its name, and its words without markup."""
    yield Unit(address_text(rel), 1, "file name", address=True)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return
    if path.suffix.lower() in (".csv", ".tsv"):
        yield from list(spreadsheet_units(path, rel))[1:]
        return
    try:
        text = path.read_bytes()[:MAX_TEXT_BYTES].decode("utf-8", errors="replace")
    except OSError:
        return
    body, units = markdown_units(text, 1)
    yield Unit(body, 1, "text")
    yield from units
