"""The shared word lists: audiences, localities and, optionally, a closed list of tags."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .fields import Tag, _slug


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audiences: dict[str, str] = Field(min_length=1)
    localities: dict[str, str] = Field(min_length=1)
    tags: list[Tag] | None = None

    @field_validator("audiences", "localities")
    @classmethod
    def _ids_are_slugs(cls, terms: dict[str, str]) -> dict[str, str]:
        for term in terms:
            _slug(term)
        return terms

    def audience_label(self, term: str) -> str:
        return self.audiences.get(term, term)

    def locality_label(self, term: str) -> str:
        return self.localities.get(term, term)
