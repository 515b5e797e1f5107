"""Run every check over the content and collect the findings. Plain Python, no MkDocs.

`kb check` and the `sofs/checks` build plugin both call `run_checks`, so a
page that passes one passes the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..loader import FrontMatter
from ..problems import Problem, reading_order
from ..settings import Settings
from . import acronyms, html, links, personal_data, placeholders, plain_english, review, schema
from .allow_list import AllowList
from .documents import Document, discover
from .options import CheckOptions


@dataclass
class CheckReport:
    findings: list[Problem]
    files: int
    """How many content files were checked."""
    silenced: int = 0
    """How many findings the allow-list accepted."""

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
    watch_names: list[str] = []
    for path in options.watch_lists:
        try:
            watch_names += personal_data.WatchList.read(path).names
        except (OSError, UnicodeDecodeError) as error:
            config_problems.append(
                Problem(settings.rel(path), "file", f"the watch list could not be read ({error}).", rule="config")
            )
    watch_list = personal_data.WatchList(watch_names)
    allow_rel = settings.rel(options.allow_list) if options.allow_list else ""
    allow, problems = AllowList.read(options.allow_list, allow_rel)
    config_problems += problems

    chosen = [document for document in documents if selected(document.path)]
    for document in chosen:
        findings += _check_document(document, settings, options, site, glossary, glossary_rel, watch_list)
    if include_schema:
        findings += [p for p in schema_problems if selected(settings.project_dir / p.path)]
    findings = _tidy(findings)
    findings, silenced = allow.apply(findings, {document.rel for document in chosen})
    findings += config_problems
    return CheckReport(sorted(findings, key=reading_order), len(chosen), silenced)


def _check_document(
    document: Document,
    settings: Settings,
    options: CheckOptions,
    site: links.SiteMap,
    glossary: acronyms.Glossary | None,
    glossary_rel: str,
    watch_list: personal_data.WatchList,
) -> list[Problem]:
    found = list(document.read_problems) if document.kind == "page" else []
    found += placeholders.check(document)
    found += html.check(document)
    found += links.check(document, site, settings.today)
    found += review.check(document, settings.today)
    found += plain_english.check(document, options)
    if glossary is not None:
        found += acronyms.check(document, glossary, glossary_rel)
    found += personal_data.check(document, options, watch_list)
    return found


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
