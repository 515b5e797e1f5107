"""Search synonyms: a page that uses one phrase of a group can be found by any other.

Groups come from two places in data: the glossary's acronyms with what they stand for
(data/glossary.yml), and a short list of our own (data/search-synonyms.yml). Pagefind
has no synonyms of its own, so we widen the index rather than the query: each page or
search record that uses a phrase is indexed with the other phrases of its group too. Searches, filter counts and excerpts then all work as Pagefind's do.
No MkDocs here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .checks.acronyms import Glossary
from .model import describe
from .problems import ContentError, Problem
from .sources import load_yaml

_ACRONYM = re.compile(r"[A-Z][A-Za-z&]*[A-Z]s?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


class _SynonymsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    groups: list[list[str]] = []


def _normal(phrase: str) -> str:
    return " ".join(phrase.translate(_APOSTROPHES).lower().split())


@dataclass
class Synonyms:
    groups: list[tuple[str, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._group_of: dict[str, int] = {}
        for number, group in enumerate(self.groups):
            for phrase in group:
                self._group_of.setdefault(_normal(phrase), number)
        # One pattern for every phrase, longest first, matched on whole words.
        phrases = sorted(self._group_of, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w'])(" + "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases) + r")(?![\w'])")
            if phrases
            else None
        )

    def extra_terms(self, text: str) -> list[str]:
        """The phrases a page should also be found by: its groups' phrases that it does not use."""
        if self._pattern is None:
            return []
        used = {" ".join(match.split()) for match in self._pattern.findall(text.translate(_APOSTROPHES).lower())}
        groups = sorted({self._group_of[phrase] for phrase in used})
        return [phrase for number in groups for phrase in self.groups[number] if _normal(phrase) not in used]

    def acronyms(self) -> dict[str, str]:
        """Each acronym in a group (lower case) and the first phrase of its group that is not one.

        Pagefind treats a short word as the start of longer ones ("da" finds "data" and
        "day" first), so the search page searches for an acronym's words instead.
        """
        found: dict[str, str] = {}
        for group in self.groups:
            words = [phrase for phrase in group if not _ACRONYM.fullmatch(phrase)]
            if not words:
                continue
            for phrase in group:
                if _ACRONYM.fullmatch(phrase):
                    found.setdefault(phrase.lower(), words[0])
        return found

    def extra_html(self, text: str) -> str:
        """The extra phrases as an element for Pagefind, or '' if there are none. They weigh as
    much as body text: as if the page used each phrase once."""
        extra = self.extra_terms(text)
        if not extra:
            return ""
        words = "; ".join(extra).replace("&", "&amp;").replace("<", "&lt;")
        return f"<p>{words}</p>"


def load_synonyms(synonyms_file: Path, rel: str, glossary: Glossary | None = None) -> Synonyms:
    """Read our synonym groups and add the glossary's. Raises ContentError naming every problem."""
    groups: list[tuple[str, ...]] = []
    if glossary is not None:
        groups += [(acronym, *meanings) for acronym, meanings in sorted(glossary.spell_out.items())]
        groups += [(acronym, meaning) for acronym, meaning in sorted(glossary.well_known.items()) if meaning]
    if not synonyms_file.is_file():
        return Synonyms(groups)
    try:
        data = load_yaml(synonyms_file.read_text(encoding="utf-8")) or {}
        parsed = _SynonymsFile.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ContentError([Problem(rel, "file", f"could not be read ({error}).")]) from None
    except ValidationError as error:
        raise ContentError([Problem(rel, name, reason) for name, reason in describe(error, _SynonymsFile)]) from None
    problems = []
    for number, group in enumerate(parsed.groups, start=1):
        cleaned = [" ".join(phrase.split()) for phrase in group if phrase.strip()]
        if len(cleaned) < 2:
            problems.append(Problem(rel, f"groups: group {number}", "needs two or more phrases that mean the same."))
            continue
        groups.append(tuple(cleaned))
    if problems:
        raise ContentError(problems)
    return Synonyms(groups)
