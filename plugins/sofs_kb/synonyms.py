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
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "\n": " ", "\t": " "})
# str.replace is far faster than str.translate with a table that has non-ASCII keys.
_EVENED = [("&#39;", "'"), ("&rsquo;", "'"), ("&amp;", "&"), ("’", "'"), ("‘", "'"), ("\n", " "), ("\t", " ")]


def _even(text: str) -> str:
    """Apostrophes and spaces as the phrases are written, including those HTML escapes."""
    for written, meant in _EVENED:
        if written in text:
            text = text.replace(written, meant)
    return text


# Everything but letters, digits, apostrophes and ampersands separates words.
_TO_SPACE = bytes.maketrans(
    bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c) in "'&")),
    b" " * sum(1 for c in range(128) if not (chr(c).isalnum() or chr(c) in "'&")),
)


def _words(text: str) -> set[bytes]:
    return set(text.encode("utf-8").translate(_TO_SPACE).split())


def _has_phrase(text: str, phrase: str) -> bool:
    """Whether `phrase` is in `text` as whole words (both already lower case and evened)."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_'") and not (after.isalnum() or after in "_'"):
            return True
        start = text.find(phrase, start + 1)
    # The words may be there with more space between them (as HTML is often laid out).
    spaced = r"\s+".join(re.escape(word) for word in phrase.split())
    return " " in phrase and re.search(rf"(?<![\w']){spaced}(?![\w'])", text) is not None


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
        # Each phrase with its words: a page can only use a phrase whose words it has.
        self._phrases = [(phrase, frozenset(_words(phrase))) for phrase in self._group_of]

    def extra_terms(self, text: str) -> list[str]:
        """The phrases a page should also be found by: its groups' phrases that it does not use.

        This runs on every page sent to search (10,000 and more). It splits the page into
        a set of words once, as bytes (C speed), and looks for a phrase only when the page
        has all its words. A regular expression of every phrase took 10 ms a page, and a
        search for every phrase 1.5 ms; this takes about 0.2 ms.
        """
        if not self._phrases:
            return []
        lowered = _even(text.lower())
        words = _words(lowered)
        used = {phrase for phrase, needed in self._phrases if needed <= words and _has_phrase(lowered, phrase)}
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
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ContentError([Problem(rel, "file", f"could not be read ({error}).")]) from None
    problems = []
    try:
        raw_groups = _SynonymsFile.model_validate(data).groups
    except ValidationError as error:
        problems += [Problem(rel, name, reason) for name, reason in describe(error, _SynonymsFile)]
        # Still check the groups that can be read, so every problem is named at once.
        listed = data.get("groups") if isinstance(data, dict) else None
        raw_groups = listed if isinstance(listed, list) else []
    for number, group in enumerate(raw_groups, start=1):
        if not isinstance(group, list):
            continue  # already reported
        cleaned = [" ".join(str(phrase).split()) for phrase in group if str(phrase).strip()]
        if len(cleaned) < 2:
            problems.append(Problem(rel, f"groups: group {number}", "needs two or more phrases that mean the same."))
            continue
        groups.append(tuple(cleaned))
    if problems:
        raise ContentError(problems)
    return Synonyms(groups)
