"""Run every check over the content and collect the findings. Plain Python, no MkDocs.

`kb check` and the `sofs/checks` build plugin both call `run_checks`, so a
page that passes one passes the other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..loader import FrontMatter, side_draft
from ..problems import Problem, Severity, reading_order
from ..settings import Settings
from . import acronyms, html, links, placeholders, plain_english, privacy, review, schema
from .allow_list import AllowList
from .documents import Document, discover
from .options import CheckOptions


@dataclass
class CheckReport:
    findings: list[Problem]
    files: int
    """How many files were checked: pages, and the spreadsheets, pictures and downloads beside them."""
    silenced: int = 0
    """How many findings the allow-list accepted."""
    privacy: list[Problem] = field(default_factory=list)
    """Every privacy finding, accepted ones too: the last gate on the built site reads them."""

    @property
    def errors(self) -> list[Problem]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [finding for finding in self.findings if not finding.is_error]

    def summary(self) -> str:
        files = _count(self.files, "file")
        if not self.findings:
            text = f"No problems found in {files}."
        else:
            text = f"{_count(len(self.errors), 'error')} and {_count(len(self.warnings), 'warning')} in {files}."
        if self.silenced:
            text += f" {_count(self.silenced, 'finding')} accepted by the allow-list."
        return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def run_checks(
    settings: Settings,
    options: CheckOptions,
    paths: Iterable[Path] | None = None,
    *,
    include_schema: bool = True,
    extra_pages: Iterable[str] = (),
) -> CheckReport:
    """Check all content, or only the files under `paths` (absolute paths).

    `extra_pages` are pages other features generate (training listings, the search
    page), given as paths in the docs folder, so links to them count as resolved.
    """
    # The loader reads every item strictly; discover() reuses the fields it read.
    front_matter: dict[Path, FrontMatter] = {}
    schema_problems, bank = schema.check(settings, front_matter)
    documents = discover(settings, front_matter)
    site = links.SiteMap.build(settings, documents, bank, extra_pages)

    selected_paths = [path.resolve() for path in paths] if paths is not None else None

    def selected(path: Path) -> bool:
        if selected_paths is None:
            return True
        path = path.resolve()
        return any(path == chosen or chosen in path.parents for chosen in selected_paths)

    findings: list[Problem] = []
    config_problems: list[Problem] = []
    glossary_rel = settings.rel(options.glossary) if options.glossary else ""
    glossary = None
    if options.glossary is not None:
        glossary, problems = acronyms.Glossary.read(options.glossary, glossary_rel)
        config_problems += problems
    watch_list, problems = watch_list_for(settings, options)
    config_problems += problems
    scanner = privacy.Scanner(watch_list, options.email_allowed)
    allow_rel = settings.rel(options.allow_list) if options.allow_list else ""
    allow, problems = AllowList.read(options.allow_list, allow_rel)
    config_problems += problems

    chosen = [document for document in documents if selected(document.path)]
    other_files = [(path, settings.rel(path)) for path in published_files(settings, options) if selected(path)]
    scanned = privacy.start(chosen, other_files, scanner)
    for document in chosen:
        found = _check_document(document, settings, options, site, glossary, glossary_rel)
        findings += _while_in_progress(document, found)
    findings += scanned()  # privacy findings: errors in drafts too
    if include_schema:
        findings += [p for p in schema_problems if selected(settings.project_dir / p.path)]
    findings = _tidy(findings)
    privacy_found = [f for f in findings if f.rule.startswith(privacy.RULE + "/")]
    findings, silenced = allow.apply(findings, {document.rel for document in chosen} | {rel for _, rel in other_files})
    findings += config_problems
    files = len(chosen) + len(other_files)
    return CheckReport(sorted(findings, key=reading_order), files, silenced, privacy_found)


def watch_list_for(settings: Settings, options: CheckOptions) -> tuple[privacy.WatchList, list[Problem]]:
    """The watch lists named in the options, as one; and a problem for each that cannot be read."""
    names: list[str] = []
    problems = []
    for path in options.watch_lists:
        try:
            names += privacy.WatchList.read(path).names
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(settings.rel(path), "file", f"the watch list could not be read ({error}).", rule="config"))
    return privacy.WatchList(names), problems


def privacy_findings(settings: Settings, options: CheckOptions) -> list[Problem]:
    """The privacy scan alone, over everything: for the last gate when no full report is at hand."""
    scanner = privacy.Scanner(watch_list_for(settings, options)[0], options.email_allowed)
    findings: list[Problem] = []
    for document in discover(settings):
        findings += privacy.check(document, scanner)
    findings += privacy.check_files([(p, settings.rel(p)) for p in published_files(settings, options)], scanner)
    return findings


def _check_document(
    document: Document,
    settings: Settings,
    options: CheckOptions,
    site: links.SiteMap,
    glossary: acronyms.Glossary | None,
    glossary_rel: str,
) -> list[Problem]:
    found = list(document.read_problems) if document.kind == "page" else []
    found += placeholders.check(document)
    found += html.check(document)
    found += links.check(document, site, settings.today)
    found += review.check(document, settings.today)
    found += plain_english.check(document, options)
    if glossary is not None:
        found += acronyms.check(document, glossary, glossary_rel)
    return found


def published_files(settings: Settings, options: CheckOptions) -> list[Path]:
    """Files other than Markdown pages that reach the site as they are, or feed it: the
    spreadsheets of training dates, and pictures and downloads beside the pages."""
    found: list[Path] = []
    for folder in options.data_dirs:
        if folder.is_dir():
            found += sorted(p for p in folder.glob("*.csv") if p.is_file() and not p.name.startswith("."))
    for top in (settings.docs_dir, settings.bank_dir):
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found += [Path(dirpath, name) for name in sorted(filenames) if not name.startswith(".") and not name.endswith(".md")]
    return found


def _while_in_progress(document: Document, findings: list[Problem]) -> list[Problem]:
    """Drafts never stop the build for everyone else: an item or issue with `status: draft`, and a
    fresh draft beside an issue (`2026-q4.new.md`), get warnings, which become errors once it is
    published. Personal data is the exception: it is public as soon as it is merged."""
    if document.kind == "page" or not (document.value("status") == "draft" or side_draft(document.path.name)):
        return findings
    return [
        finding if finding.rule.startswith(privacy.RULE + "/") else replace(finding, severity=Severity.WARNING)
        for finding in findings
    ]


def _tidy(findings: list[Problem]) -> list[Problem]:
    """Drop repeats, and schema complaints about a field that still holds a placeholder."""
    placeholder_fields = {(p.path, p.field) for p in findings if p.rule == placeholders.RULE}
    seen: set[Problem] = set()
    tidy = []
    for finding in findings:
        if finding in seen:
            continue
        seen.add(finding)
        top = finding.field.split(".")[0].split(" ")[0]
        if finding.rule == schema.RULE and (finding.path, top) in placeholder_fields:
            continue
        tidy.append(finding)
    return tidy
