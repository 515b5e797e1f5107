"""The allow-list: the only way to silence a finding, one reviewed entry at a time.

Each entry names the file, the rule and the exact text that was found, and
says why it is safe and who agreed. Nothing is silenced by default, and an
entry that no longer matches anything is reported so the list stays short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        index = {(entry.file, entry.rule, entry.text): n for n, (_, entry) in enumerate(self.entries)}
        for finding in findings:
            n = index.get((finding.path, finding.rule, finding.text))
            if n is None:
                kept.append(finding)
            else:
                used.add(n)
        silenced = len(findings) - len(kept)
        for n, (line, entry) in enumerate(self.entries):
            if n not in used and entry.file in checked:
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


def _entry_lines(text: str) -> list[int]:
    """The line each top-level list entry starts on."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [child.start_mark.line + 1 for child in node.value]
