"""The front matter of knowledge-bank items and newsletter issues.

One class per type. The loader validates each file against the class for
its folder, passing the vocabularies as validation context so that plan
sections, audiences and localities come from data, not code.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .. import urls
from ..quarters import Quarter, QuarterError
from .fields import (
    Date,
    HttpsUrl,
    PlainText,
    Tag,
    Text,
    as_list,
    check_terms,
    fail,
)

Status = Literal["draft", "published"]
Visibility = Literal["public", "partnership"]

SUMMARY_LIMIT = 300


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Entry(_Strict):
    """Fields shared by every item and newsletter issue."""

    title: Text = Field(min_length=1, max_length=150)
    summary: PlainText = Field(min_length=1, max_length=SUMMARY_LIMIT)
    owner: Text = Field(min_length=1)
    status: Status
    visibility: Visibility = "public"
    tags: as_list(Tag) = []

    _slug: str = PrivateAttr("")
    _path: str = PrivateAttr("")
    _body: str = PrivateAttr("")

    def bind(self, *, slug: str, path: str, body: str) -> None:
        """Attach what comes from the file rather than its front matter."""
        self._slug, self._path, self._body = slug, path, body

    @property
    def id(self) -> str:
        return self._slug

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def path(self) -> str:
        """Where the file is, relative to the project folder."""
        return self._path

    @property
    def body(self) -> str:
        return self._body

    @field_validator("tags")
    @classmethod
    def _known_tags(cls, tags: list[str], info: ValidationInfo) -> list[str]:
        closed = (info.context or {}).get("tags")
        if closed:
            return check_terms(tags, info, "tags", "an allowed tag", "allowed tags")
        return tags


class Item(Entry):
    """A knowledge-bank item. Subclasses add the fields of one type."""

    TYPE: ClassVar[str]
    LABEL: ClassVar[str]
    PLURAL: ClassVar[str]
    DESCRIPTION: ClassVar[str]

    type: str
    plan_sections: as_list(str) = Field(min_length=1)
    audience: as_list(str) = Field(min_length=1)
    localities: as_list(str) = []
    published: Date
    review_by: Date
    evidence: as_list(str) = []

    @field_validator("type")
    @classmethod
    def _type_matches_class(cls, value: str) -> str:
        if value != cls.TYPE:
            raise fail(
                "'{value}' is not the type for this folder. Use '{expected}', or move the file.",
                value=value,
                expected=cls.TYPE,
            )
        return value

    @field_validator("plan_sections")
    @classmethod
    def _known_sections(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return check_terms(values, info, "plan_sections", "a plan section", "plan sections")

    @field_validator("audience")
    @classmethod
    def _known_audiences(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return check_terms(values, info, "audiences", "an audience", "audiences")

    @field_validator("localities")
    @classmethod
    def _known_localities(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return check_terms(values, info, "localities", "a locality", "localities")

    @field_validator("evidence")
    @classmethod
    def _known_measures(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return check_terms(values, info, "evidence", "an evidence measure", "evidence measures")

    @model_validator(mode="after")
    def _review_after_publishing(self) -> Item:
        if self.review_by <= self.published:
            raise fail(
                "must be after the published date ({published}); it is {review}.",
                field="review_by",
                review=self.review_by.isoformat(),
                published=self.published.isoformat(),
            )
        return self

    # Cached: list pages ask for it tens of thousands of times in a large bank, and each
    # read of a private attribute goes through pydantic's slow __getattr__.
    @cached_property
    def src_uri(self) -> str:
        return urls.item(self.type, self.slug)

    @property
    def all_localities(self) -> list[str]:
        return list(self.localities)

    def is_live(self, today: date, edition: str) -> bool:
        """Whether this item belongs in the published site for an edition."""
        return (
            self.status == "published"
            and self.published <= today
            and (self.visibility == "public" or edition == "partnership")
        )


class PracticeResource(Item):
    TYPE = "practice-resource"
    LABEL = "Practice resource"
    PLURAL = "Practice resources"
    DESCRIPTION = "Guides, templates and prompts to use in everyday work with families."


class Source(_Strict):
    citation: Text = Field(min_length=1)
    url: HttpsUrl


class ResearchSummary(Item):
    TYPE = "research-summary"
    LABEL = "Research summary"
    PLURAL = "Research summaries"
    DESCRIPTION = "Short, plain summaries of research, with what it means for practice."

    source: Source
    key_findings: as_list(Text) = Field(min_length=1)


class PracticeExample(Item):
    TYPE = "practice-example"
    LABEL = "Practice example"
    PLURAL = "Practice examples"
    DESCRIPTION = "Anonymised stories of work with families, and what we learned."

    anonymised: bool
    locality: str

    @field_validator("anonymised")
    @classmethod
    def _must_be_anonymised(cls, value: bool) -> bool:
        if value is not True:
            raise fail(
                "must be true. Remove names, exact dates, places smaller than a locality and "
                "any case numbers, then set anonymised: true."
            )
        return value

    @field_validator("locality")
    @classmethod
    def _known_locality(cls, value: str, info: ValidationInfo) -> str:
        check_terms([value], info, "localities", "a locality", "localities")
        return value

    @property
    def all_localities(self) -> list[str]:
        return list(dict.fromkeys([self.locality, *self.localities]))


class Tool(Item):
    TYPE = "tool"
    LABEL = "Tool"
    PLURAL = "Tools"
    DESCRIPTION = "Practice tools, with the steps for using them with children and families."

    steps: as_list(Text) = Field(min_length=1)


ITEM_TYPES: dict[str, type[Item]] = {
    cls.TYPE: cls for cls in (PracticeResource, ResearchSummary, PracticeExample, Tool)
}


class NewsletterIssue(Entry):
    """One quarterly staff newsletter."""

    TYPE: ClassVar[str] = "newsletter"
    LABEL: ClassVar[str] = "Newsletter"
    PLURAL: ClassVar[str] = "Newsletters"

    type: Literal["newsletter"]
    issue: int = Field(ge=1)
    quarter: Quarter
    editors: as_list(Text) = Field(min_length=1)
    published: Date | None = None
    featured: as_list(str) = []

    @field_validator("issue", mode="before")
    @classmethod
    def _not_true_or_false(cls, value: Any) -> Any:
        # pydantic would read `issue: true` as issue 1.
        if isinstance(value, bool):
            raise fail(f"'{str(value).lower()}' is not a whole number.")
        return value

    @field_validator("quarter", mode="before")
    @classmethod
    def _parse_quarter(cls, value: Any) -> Quarter:
        if isinstance(value, Quarter):
            return value
        try:
            return Quarter.parse(str(value))
        except QuarterError as error:
            raise fail(str(error)) from None

    @model_validator(mode="after")
    def _published_issues_have_a_date(self) -> NewsletterIssue:
        if self.status == "published" and self.published is None:
            raise fail(
                "is required when status is published. Give the publication date, like 2026-11-20.",
                field="published",
            )
        return self

    @property
    def src_uri(self) -> str:
        return urls.newsletter(self.quarter.slug)

    def is_live(self, today: date, edition: str) -> bool:
        return (
            self.status == "published"
            and self.published is not None
            and self.published <= today
            and (self.visibility == "public" or edition == "partnership")
        )
