"""What the content checks look for, and how strictly. Plain Python, no MkDocs.

The `sofs/checks` plugin fills these in from mkdocs.yml, so `kb check` and
`mkdocs build` always apply the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..model import ITEM_TYPES

FAMILY_FACING = "family-facing"
"""The key for the limits that apply to anything children and families may read."""

PAGE_KINDS: tuple[str, ...] = (*ITEM_TYPES, "newsletter", "page")
"""Every kind of Markdown file: the four item types, newsletter issues and hand-written pages."""


@dataclass(frozen=True)
class Limits:
    """Plain-English limits for one kind of page."""

    reading_ease: float
    """Lowest Flesch reading ease allowed for the whole page (higher is easier)."""

    sentence_words: float
    """Highest average number of words per sentence allowed for the whole page."""

    long_sentence: int
    """A sentence with more words than this is reported, wherever it is."""

    min_words: int
    """Pages shorter than this skip the two whole-page scores, which are unreliable on little text."""

    def stricter(self, other: Limits) -> Limits:
        """The tighter of two sets of limits, one measure at a time."""
        return Limits(
            reading_ease=max(self.reading_ease, other.reading_ease),
            sentence_words=min(self.sentence_words, other.sentence_words),
            long_sentence=min(self.long_sentence, other.long_sentence),
            min_words=min(self.min_words, other.min_words),
        )

    def updated(self, changes: dict[str, Any]) -> Limits:
        return replace(self, **{key: value for key, value in changes.items() if value is not None})


# Flesch reading ease: 60-70 is "plain English", 70-80 "fairly easy". Measured on the shipped
# content (README, "Checking content"): staff items score 66-92, research summaries 56-75,
# hand-written pages 53-75. Research and the plan use words that cannot be avoided
# (safeguarding, practitioners, evaluation), so their floor is lower. Headings, list items
# and table cells count as sentences, which keeps averages lower than in running prose.
_STAFF = Limits(reading_ease=60, sentence_words=16, long_sentence=25, min_words=100)
DEFAULT_LIMITS: dict[str, Limits] = {
    "practice-resource": _STAFF,
    "research-summary": replace(_STAFF, reading_ease=50, sentence_words=18),
    "practice-example": _STAFF,
    "tool": _STAFF,
    "newsletter": _STAFF,
    "page": replace(_STAFF, reading_ease=50),
    # Children and families read these: "fairly easy" or easier, and shorter sentences.
    FAMILY_FACING: Limits(reading_ease=70, sentence_words=14, long_sentence=20, min_words=100),
}


@dataclass(frozen=True)
class CheckOptions:
    limits: dict[str, Limits] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    family_audiences: tuple[str, ...] = ("families",)
    allowed_email_domains: tuple[str, ...] = ()
    watch_lists: tuple[Path, ...] = ()
    allow_list: Path | None = None
    glossary: Path | None = None
    data_dirs: tuple[Path, ...] = ()
    """Folders of spreadsheets that reach the site (the training dates): the privacy scan reads them too."""

    def limits_for(self, kind: str, audiences: list[str] | tuple[str, ...] = ()) -> Limits:
        """The limits for a kind of page; the family-facing limits too if families read it."""
        limits = self.limits.get(kind, self.limits["page"])
        if any(audience in self.family_audiences for audience in audiences):
            limits = limits.stricter(self.limits[FAMILY_FACING])
        return limits

    def email_allowed(self, domain: str) -> bool:
        domain = domain.lower().rstrip(".")
        return any(
            domain == allowed or domain.endswith("." + allowed)
            for allowed in (entry.lower().lstrip("@") for entry in self.allowed_email_domains)
        )


def limits_with(overrides: dict[str, dict[str, Any]]) -> dict[str, Limits]:
    """The default limits with some measures changed, as mkdocs.yml's `plain_english` gives them."""
    unknown = sorted(set(overrides) - set(DEFAULT_LIMITS))
    if unknown:
        raise ValueError(
            f"'{unknown[0]}' is not a kind of page. Use one of: {', '.join(DEFAULT_LIMITS)}."
        )
    return {
        kind: limits.updated(overrides.get(kind, {})) for kind, limits in DEFAULT_LIMITS.items()
    }
