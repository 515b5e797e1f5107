"""Acronyms: each must be in the glossary, and spelled out the first time a page uses it.

"Spelled out" means the words the glossary gives appear before the first use,
or straight after it in brackets:

    Norfolk Safeguarding Children Partnership (NSCP)    or    NSCP (Norfolk Safeguarding Children Partnership)

Acronyms everyone knows (UK, NHS) go in the glossary's `well_known` list and
need no spelling out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..model import describe
from ..model.fields import as_list, fail
from ..problems import Problem
from ..sources import load_yaml
from .documents import Document

RULE = "acronyms"

# Two or more capitals, maybe with small letters between (SofS, DfE), maybe a plural s.
_WORD = re.compile(r"(?<![\w&'’-])([A-Z][A-Za-z&]*[A-Z])(s?)(?![\w&'’-])")
_IGNORED = {"REPLACE"}  # the placeholder word; the placeholder rule reports it
_NORMAL = re.compile(r"[\s\-–’']+")


def _normal(text: str) -> str:
    return _NORMAL.sub(" ", text.lower()).strip()


class _GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spell_out: dict[str, as_list(str)] = {}
    well_known: dict[str, str] = {}

    @field_validator("spell_out", "well_known")
    @classmethod
    def _capitals(cls, value: dict) -> dict:
        for acronym in value:
            if not _WORD.fullmatch(acronym):
                raise fail("'{acronym}' is not an acronym: use two or more capital letters, like NSCP.", acronym=acronym)
        return value


@dataclass
class Glossary:
    spell_out: dict[str, list[str]] = field(default_factory=dict)
    well_known: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, rel: str) -> tuple[Glossary, list[Problem]]:
        try:
            data = load_yaml(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            return cls(), [Problem(rel, "file", "is missing. It lists the acronyms pages may use.", rule="config")]
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            return cls(), [Problem(rel, "file", f"could not be read ({error}).", rule="config")]
        try:
            parsed = _GlossaryFile.model_validate(data)
        except ValidationError as error:
            return cls(), [Problem(rel, name, reason, rule="config") for name, reason in describe(error, _GlossaryFile)]
        return cls(parsed.spell_out, parsed.well_known), []

    def knows(self, acronym: str) -> bool:
        return acronym in self.spell_out or acronym in self.well_known


def check(document: Document, glossary: Glossary, glossary_rel: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    before = ""  # everything the reader has read so far, normalised
    for block in document.prose:
        text = block.text
        for match in _WORD.finditer(text):
            acronym = match.group(1)
            if acronym in seen or acronym in _IGNORED:
                continue
            seen.add(acronym)
            line = block.line_at(match.start())
            if not glossary.knows(acronym):
                problems.append(
                    Problem(
                        document.rel,
                        document.field_at(line),
                        f"'{acronym}' is not in the glossary ({glossary_rel}). Spell it out instead, "
                        "or add it to the glossary with what it stands for.",
                        line=line,
                        rule=f"{RULE}/unknown",
                        text=acronym,
                    )
                )
                continue
            meanings = glossary.spell_out.get(acronym)
            if meanings and not _spelled_out(meanings, before + " " + _normal(text[: match.start()]), text[match.end() :]):
                problems.append(
                    Problem(
                        document.rel,
                        document.field_at(line),
                        f"spell out '{acronym}' the first time you use it: "
                        f"'{meanings[0]} ({acronym})'.",
                        line=line,
                        rule=f"{RULE}/not-spelled-out",
                        text=acronym,
                    )
                )
        before += " " + _normal(text)
    return problems


def _spelled_out(meanings: list[str], before: str, after: str) -> bool:
    bracket = re.match(r"\s*\(([^)]*)\)", after)
    for meaning in meanings:
        wanted = _normal(meaning)
        if wanted in before or (bracket and wanted in _normal(bracket.group(1))):
            return True
    return False
