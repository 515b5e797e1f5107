"""The last gate on what a build produced: the core side, with no MkDocs.

`check_site` scans a built site folder; `check_email` scans an email edition before
it is written or sent, and `check_texts` any other file a command writes (the board
report, review packs). Both use the first scan's findings, when there is a report,
to say which source an identifier came from and whether the allow-list accepts it
there; without one they run the privacy scan over the sources first.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from ..settings import Settings
from .allow_list import AllowList
from .options import CheckOptions
from .privacy.output import OutputGate, index_from
from .runner import CheckReport, privacy_findings, watch_list_for

STAGING = ".building-"
"""build.py builds into '.<site>.building-<random>' beside the site folder."""


def site_label(folder: Path) -> str:
    """How findings name a site folder: 'site', even while it is still being built beside it."""
    name = folder.name
    return name.split(STAGING)[0].lstrip(".") if STAGING in name else name


def _gate(settings: Settings, options: CheckOptions, report: CheckReport | None) -> OutputGate:
    findings = report.privacy if report is not None else privacy_findings(settings, options)
    allow, _ = AllowList.read(options.allow_list, "")
    watch_list, _ = watch_list_for(settings, options)
    return OutputGate(index_from(findings), allow, watch_list, options.email_allowed)


def check_site(folder: Path, settings: Settings, options: CheckOptions, report: CheckReport | None = None) -> list[Problem]:
    return _gate(settings, options, report).scan_folder(folder, site_label(folder))


def check_email(files: dict[str, str], settings: Settings, options: CheckOptions) -> list[Problem]:
    """`files` maps the name each part will be written under to its text."""
    return check_texts(files, settings, options)


def check_texts(files: dict[str, str], settings: Settings, options: CheckOptions) -> list[Problem]:
    """Any files a command is about to write (a board report, a review pack): name -> text."""
    gate = _gate(settings, options, None)
    problems: list[Problem] = []
    for rel, text in files.items():
        problems += gate.scan_text(rel, text, Path(rel).suffix.lower() or ".txt")
    return problems
