"""The privacy scan: personal data must never reach the site, or the repository.

One scan covers everything that can be published: items of every type and
status, newsletter issues and their drafts (`*.new.md` too), hand-written pages,
the training spreadsheets, other files beside the pages, every front matter field,
link addresses, image text and file names. Every finding is an error, whatever the
type, status or edition, because a draft sits in a repository others can read.
The one warning is a school named together with a child.

| module | job |
|---|---|
| `text` | normalise: entities, Unicode, invisible characters, markup; addresses as words |
| `identifiers` | NHS, National Insurance, postcodes, phones, emails, dates of birth, addresses |
| `names` | given names plus context; the school-and-child warning; the watch list |
| `scan` | `Scanner`: every rule over one piece of text |
| `sources` | every publishable file as pieces of text |
| `messages` | what each finding says, masked |
| `output` | the last gate: every file a build produced |
| `background` | a big scan in a second process, beside the rest |
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ...problems import Problem, Severity
from ..documents import Document
from .background import in_background
from .messages import describe
from .names import Lexicon, WatchList
from .scan import Finding, Scanner, cited_surnames
from .sources import document_units, spreadsheet_units, text_file_units
from .text import Unit

RULE = "personal-data"
_YEAR_IN_BRACKETS = re.compile(r"\((?:19|20)\d{2}|(?:19|20)\d{2}\)")
WARNINGS = frozenset({"school"})
_DATE_FIELDS = frozenset({"published", "review_by"})
"""Front matter dates that are meant to be exact: a practice example may give these."""

__all__ = ["RULE", "Finding", "Lexicon", "Scanner", "WatchList", "check", "check_files", "problem"]


def problem(rel: str, finding: Finding) -> Problem:
    return Problem(
        rel,
        finding.where,
        describe(finding.kind, finding.text),
        line=finding.line,
        severity=Severity.WARNING if finding.kind in WARNINGS else Severity.ERROR,
        rule=f"{RULE}/{finding.kind}",
        text=finding.text,
    )


def scan_document(document: Document, scanner: Scanner) -> list[Finding]:
    units = list(document_units(document))
    cited = frozenset()
    if document.kind == "research-summary" or any(_YEAR_IN_BRACKETS.search(u.text) for u, _ in units if not u.address):
        cited = cited_surnames("\n".join(u.text for u, _ in units if not u.address))
    example = document.kind == "practice-example"
    found: list[tuple[Unit, Finding]] = []
    for unit, where_at in units:
        if unit.where == "text":
            found += [(unit, f) for f in scanner.scan_unit(unit, cited=cited, exact_dates=example, where_at=where_at)]
    found += scanner.scan_together([unit for unit, _ in units if unit.where != "text"], cited=cited)
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for unit, finding in found:
        if finding.kind == "exact-date" and finding.where in _DATE_FIELDS:
            continue
        # A field's decoded value, or a table row read with its headings, repeats what the
        # text as written already showed.
        if unit.where != "text" and (finding.kind, finding.key) in seen and not unit.address:
            continue
        seen.add((finding.kind, finding.key))
        findings.append(finding)
    return sorted(findings, key=lambda f: f.line)


def check(document: Document, scanner: Scanner) -> list[Problem]:
    return [problem(document.rel, finding) for finding in scan_document(document, scanner)]


def check_files(files: Iterable[tuple[Path, str]], scanner: Scanner) -> list[Problem]:
    """Spreadsheets and other files that are published as they are, given as (path, rel)."""
    problems = []
    for path, rel in files:
        units = list(spreadsheet_units(path, rel) if path.suffix.lower() == ".csv" else text_file_units(path, rel))
        problems += [problem(rel, finding) for _, finding in scanner.scan_together(units)]
    return problems


BACKGROUND_FROM = 300
"""From this many files on, `start` scans in a second process while the other checks run."""


def start(documents: Sequence[Document], files: Sequence[tuple[Path, str]], scanner: Scanner) -> Callable[[], list[Problem]]:
    """Start scanning everything; call what it returns to get the findings.

    On a big bank the scan runs in a forked process, beside the other checks, so on a
    machine with two cores it adds little to the time `kb check` takes.
    """

    def scan() -> list[Problem]:
        return [p for document in documents for p in check(document, scanner)] + check_files(files, scanner)

    if len(documents) + len(files) < BACKGROUND_FROM:
        return scan
    return in_background(scan)
