"""A section of the sustainability plan, read from a page under content/plan/.

Keeping the sections as content means another partnership can change its
plan by editing Markdown, without touching code.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from .fields import Slug, Text, as_list, fail


class EvidenceMeasure(BaseModel):
    """One answer to 'how will we evidence this?'."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Slug
    title: Text = Field(min_length=1)
    description: Text = ""


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
