"""A section of the sustainability plan, read from a page under content/plan/.

Keeping the sections as content means another partnership can change its
plan by editing Markdown, without touching code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .fields import Slug, Text, as_list, fail

MEASURE_KINDS = {
    "data": "a data series",
    "survey": "a survey",
    "audit": "an audit",
    "documents": "documents",
}
"""The kinds of evidence a measure takes, and how the pages name them."""

PERCENT = "percent"


class EvidenceMeasure(BaseModel):
    """One answer to 'how will we evidence this?', and how to tell if it is on track.

    Its figures live in data/measures/*.csv (see impact/measures.py). A measure with a
    `target` is on track when its latest figure reaches it; without one, when it is no
    worse than `compare_with` (a benchmark column) or, failing that, than the figure before.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Slug
    title: Text = Field(min_length=1)
    description: Text = ""
    kind: Literal["data", "survey", "audit", "documents"]
    target: float | None = None
    better: Literal["higher", "lower"] | None = None
    unit: Text = "number"
    """'percent', 'number', or words that follow the figure, such as 'per 10,000 children'."""
    compare_with: Slug | None = None
    """A benchmark column of the measures data, such as 'neighbours'."""

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: object) -> object:
        if value not in MEASURE_KINDS:
            raise fail(
                "'{value}' is not a kind of evidence. Use data, survey, audit or documents.", value=str(value)
            )
        return value

    @model_validator(mode="after")
    def _target_or_direction(self) -> "EvidenceMeasure":
        if self.target is None and self.better is None:
            raise fail(
                "measure '{id}' needs a target (the figure to reach, such as target: 300) or the "
                "direction that counts as better (better: higher, or better: lower).",
                id=self.id,
            )
        if self.better is None:
            self.better = "higher"  # a target on its own is a figure to reach or pass
        return self

    @property
    def kind_label(self) -> str:
        return MEASURE_KINDS[self.kind]

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT


class PlanSection(BaseModel):
    # Plan pages are ordinary site pages too, so MkDocs and Material settings
    # such as `hide:` are allowed alongside our fields.
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    id: Slug
    title: Text = Field(min_length=1)
    order: int
    summary: Text = ""
    evidence: as_list(EvidenceMeasure) = Field(min_length=1)

    _src_uri: str = PrivateAttr("")
    _path: str = PrivateAttr("")

    def bind(self, *, src_uri: str, path: str) -> None:
        self._src_uri, self._path = src_uri, path

    @property
    def src_uri(self) -> str:
        """The page's path inside the docs folder, such as plan/learning.md."""
        return self._src_uri

    @property
    def path(self) -> str:
        return self._path

    @field_validator("evidence")
    @classmethod
    def _unique_measures(cls, measures: list[EvidenceMeasure]) -> list[EvidenceMeasure]:
        seen: set[str] = set()
        for measure in measures:
            if measure.id in seen:
                raise fail("the measure id '{id}' is used twice.", id=measure.id)
            seen.add(measure.id)
        return measures
