"""A training course, read from the front matter of its page in content/training/.

The page is the course's home on the site: its text says what the course is
and who it is for; its front matter gives the facts the listings, calendars
and plan tracking need.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..model.fields import PlainText, Slug, Text, as_list, check_terms, fail, join_words

Delivery = Literal["in person", "online"]

_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def booking_problem(value: str) -> str | None:
    """Why a 'how to book' value cannot be used, or None if it is fine."""
    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if _EMAIL.match(text):
        return None
    parts = urlsplit(text)
    if parts.scheme == "https" and "." in parts.netloc:
        return None
    return (
        f"'{value}' is not a way to book. Give a web address starting with https:// "
        "or an email address, like signsofsafety@norfolk.gov.uk."
    )


def booking_href(value: str) -> str:
    """The link behind 'how to book': the web address, or mailto: for an email address."""
    text = value.strip()
    if text.lower().startswith("mailto:"):
        return "mailto:" + text[len("mailto:") :]
    return text if "://" in text else f"mailto:{text}"


def _valid_booking(value: str) -> str:
    problem = booking_problem(value)
    if problem:
        raise fail(problem)
    return value.strip()


Booking = Annotated[str, AfterValidator(_valid_booking)]


class YearlyTarget(BaseModel):
    """What the plan commits to each year. Leave out what the plan does not count."""

    model_config = ConfigDict(extra="forbid")

    # Upper bounds catch typing mistakes (the plan's largest target is 300 places).
    events: int | None = Field(default=None, ge=1, le=1000)
    places: int | None = Field(default=None, ge=1, le=100_000)
    every_month_in_each_locality: bool = False
    on_request: bool = False

    @model_validator(mode="after")
    def _one_kind_of_target(self) -> YearlyTarget:
        if self.on_request and (self.events or self.places or self.every_month_in_each_locality):
            raise fail(
                "on_request cannot be combined with a number of events or places. "
                "Keep on_request: true, or remove it and give the numbers."
            )
        if self.every_month_in_each_locality and self.events:
            raise fail(
                "every_month_in_each_locality already sets the number of events "
                "(12 in each locality). Remove events."
            )
        return self

    @property
    def is_set(self) -> bool:
        return bool(self.events or self.places or self.every_month_in_each_locality)

    def events_for(self, locality_count: int) -> int | None:
        """The number of events the plan asks for in a year."""
        if self.every_month_in_each_locality:
            return 12 * locality_count
        return self.events


class Course(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Slug
    title: Text = Field(min_length=1, max_length=100)
    summary: PlainText = Field(min_length=1, max_length=300)
    audience: as_list(str) = Field(min_length=1)
    length: Text = Field(min_length=1, max_length=80)
    delivery: as_list(Delivery) = Field(min_length=1)
    yearly_target: YearlyTarget = YearlyTarget()
    plan_sections: as_list(str) = Field(min_length=1)
    booking: Booking | None = None
    order: int = 100
    # Page settings MkDocs and Material understand, allowed beside our fields.
    hide: as_list(str) = []

    _src_uri: str = PrivateAttr("")
    _path: str = PrivateAttr("")

    def bind(self, *, src_uri: str, path: str) -> None:
        self._src_uri, self._path = src_uri, path

    @property
    def src_uri(self) -> str:
        """The course page's path inside the docs folder, such as training/foundation.md."""
        return self._src_uri

    @property
    def path(self) -> str:
        """Where the page is, relative to the project folder."""
        return self._path

    @property
    def delivery_label(self) -> str:
        """'In person', 'Online', 'In person or online'."""
        return join_words(list(dict.fromkeys(self.delivery))).replace(" and ", " or ").capitalize()

    @property
    def monthly_in_localities(self) -> bool:
        return self.yearly_target.every_month_in_each_locality

    @field_validator("audience")
    @classmethod
    def _known_audiences(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return check_terms(values, info, "audiences", "an audience", "audiences")

    @field_validator("plan_sections")
    @classmethod
    def _known_sections(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return check_terms(values, info, "plan_sections", "a plan section", "plan sections")
