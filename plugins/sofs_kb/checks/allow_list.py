"""The allow-list: the only way to silence a finding, one reviewed entry at a time.

Each entry says what it allows (the rule and the exact text that was found), where
(a file, a folder ending in '/', a pattern like 'content/training/*.md', or '*' for
everywhere: a team's public mailbox is entered once), who agreed and why. A rule is
never switched off: an entry accepts one piece of text. Text is compared the way the
rule reads it: '01603 223344' also accepts '(01603) 223 344'. An entry that no longer
matches anything is reported so the list stays short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..model import describe
from ..model.fields import fail
from ..problems import Problem, Severity
from ..sources import load_yaml

RULE = "allow-list"

# Rules whose findings a reviewer may accept. Schema, link and placeholder problems
# would break the build or the page, so they must be fixed, never silenced.
SILENCEABLE = ("personal-data/", "plain-english/", "acronyms/", "review/")
NEVER = ("personal-data/anonymised",)


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    file: str = Field(min_length=1)
    rule: str = Field(min_length=1)
    text: str
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)

    def covers(self, path: str) -> bool:
        """Whether the entry's `file` (a path, a folder ending in '/', or a pattern) covers a file."""
        where = self.file.strip()
        if where.endswith("/"):
            return path.startswith(where)
        if any(c in where for c in "*?["):
            return fnmatchcase(path, where)
        return path == where

    @field_validator("rule")
    @classmethod
    def _silenceable(cls, rule: str) -> str:
        if not rule.startswith(SILENCEABLE) or rule in NEVER:
            raise fail(
                "'{rule}' findings cannot be allow-listed: fix them instead. "
                "Only personal-data, plain-english, acronyms and review findings can be.",
                rule=rule,
            )
        return rule


@dataclass
class AllowList:
    entries: list[tuple[int, Entry]] = field(default_factory=list)
    rel: str = ""

    @classmethod
    def read(cls, path: Path | None, rel: str) -> tuple[AllowList, list[Problem]]:
        if path is None or not path.exists():
            return cls(rel=rel), []
        try:
            text = path.read_text(encoding="utf-8")
            data = load_yaml(text)
            lines = _entry_lines(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            return cls(rel=rel), [Problem(rel, "file", f"could not be read ({error}).", rule=RULE)]
        if data is None:
            return cls(rel=rel), []
        if not isinstance(data, list):
            return cls(rel=rel), [
                Problem(rel, "file", "must be a list of entries, each starting with '- file:'.", line=1, rule=RULE)
            ]
        allow = cls(rel=rel)
        problems = []
        for row, item in enumerate(data, start=1):
            line = lines[row - 1] if row <= len(lines) else None
            try:
                allow.entries.append((line or 1, Entry.model_validate(item)))
            except ValidationError as error:
                for name, reason in describe(error, Entry):
                    problems.append(Problem(rel, f"row {row}: {name}", reason, line=line, rule=RULE))
        return allow, problems

    def apply(self, findings: list[Problem], checked: set[str]) -> tuple[list[Problem], int]:
        """Drop the findings the list accepts; report entries for checked files that match nothing."""
        used: set[int] = set()
        kept = []
        index: dict[tuple[str, str], list[int]] = {}
        for n, (_, entry) in enumerate(self.entries):
            index.setdefault((entry.rule, same_text(entry.rule, entry.text)), []).append(n)
        for finding in findings:
            matches = [
                n
                for n in index.get((finding.rule, same_text(finding.rule, finding.text)), [])
                if self.entries[n][1].covers(finding.path)
            ]
            if matches:
                used.update(matches)
            else:
                kept.append(finding)
        silenced = len(findings) - len(kept)
        for n, (line, entry) in enumerate(self.entries):
            if n not in used and any(entry.covers(path) for path in checked):
                kept.append(
                    Problem(
                        self.rel,
                        f"row {n + 1}",
                        f"matches nothing in {entry.file} for {entry.rule}. Remove the entry if the text has gone.",
                        line=line,
                        severity=Severity.WARNING,
                        rule=f"{RULE}/unused",
                    )
                )
        return kept, silenced

    def allows(self, rule: str, text: str, sources: set[str]) -> bool:
        """Whether every one of `sources` (files) may hold this text: for the last gate on the built site."""
        key = same_text(rule, text)
        entries = [entry for _, entry in self.entries if entry.rule == rule and same_text(rule, entry.text) == key]
        if not sources:
            return any(entry.file.strip() == "*" for entry in entries)
        return all(any(entry.covers(source) for entry in entries) for source in sources)


def same_text(rule: str, text: str) -> str:
    """Text as a rule compares it: digits for numbers, no spaces or case for codes, one space for words."""
    kind = rule.rpartition("/")[2]
    if kind in ("phone", "nhs-number"):
        digits = re.sub(r"\D", "", text)
        if kind == "phone":
            for prefix in ("0044", "44"):
                if digits.startswith(prefix) and len(digits) - len(prefix) in (9, 10, 11):
                    digits = digits[len(prefix) :]
                    break
            digits = digits if digits.startswith("0") else "0" + digits
        return digits
    if kind in ("postcode", "ni-number"):
        return re.sub(r"\s+", "", text).upper()
    return " ".join(text.split()).casefold()


def _entry_lines(text: str) -> list[int]:
    """The line each top-level list entry starts on."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [child.start_mark.line + 1 for child in node.value]
