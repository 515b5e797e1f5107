"""The periods a measure's figures cover: a month (2026-10), a quarter (2026-Q3) or a plan year (2026-27).

A period knows its first and last day, the period after it, and how to name itself
for people. Plain Python, no MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..quarters import Quarter
from ..training.plan_year import Month, PlanYear, PlanYearError

MONTH, QUARTER, YEAR = "month", "quarter", "plan year"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")

PERIOD_HINT = "Write a month (2026-10), a quarter (2026-Q3) or a plan year (2026-27)."


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    first_day: date
    kind: str
    start_month: int = 4
    """For plan years: the month they start in."""

    @classmethod
    def parse(cls, text: str, start_month: int = 4) -> Period:
        """Read '2026-10', '2026-Q3' or '2026-27'. '2011-12' is December 2011: write the plan year as 2011-2012."""
        value = str(text).strip()
        match = _MONTH.match(value)
        if match and 1 <= int(match.group(2)) <= 12:
            return cls.month(Month(int(match.group(1)), int(match.group(2))))
        match = _QUARTER.match(value)
        if match:
            return cls.quarter(Quarter(int(match.group(1)), int(match.group(2))))
        try:
            return cls.plan_year(PlanYear.parse(value, start_month))
        except PlanYearError:
            raise PeriodError(f"'{value}' is not a period. {PERIOD_HINT}") from None

    @classmethod
    def month(cls, month: Month) -> Period:
        return cls(month.first_day, MONTH)

    @classmethod
    def quarter(cls, quarter: Quarter) -> Period:
        return cls(quarter.start, QUARTER)

    @classmethod
    def plan_year(cls, year: PlanYear) -> Period:
        return cls(year.start, YEAR, year.start_month)

    @property
    def _months(self) -> int:
        return {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]

    def next(self) -> Period:
        month = self.first_day.month - 1 + self._months
        return Period(date(self.first_day.year + month // 12, month % 12 + 1, 1), self.kind, self.start_month)

    def previous(self) -> Period:
        month = self.first_day.year * 12 + self.first_day.month - 1 - self._months
        return Period(date(month // 12, month % 12 + 1, 1), self.kind, self.start_month)

    @property
    def end(self) -> date:
        """The first day after the period."""
        return self.next().first_day

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day < self.end

    @property
    def key(self) -> str:
        """'2026-10', '2026-Q3' or '2026-27': the form the data files use."""
        if self.kind == MONTH:
            return Month.of(self.first_day).key
        if self.kind == QUARTER:
            return str(Quarter.of(self.first_day))
        return PlanYear(self.first_day.year, self.start_month).label

    @property
    def label(self) -> str:
        """'October 2026', 'July to September 2026' or 'plan year 2026-27'."""
        if self.kind == MONTH:
            return Month.of(self.first_day).label
        if self.kind == QUARTER:
            return Quarter.of(self.first_day).label
        return f"plan year {self.key}"

    @property
    def title_label(self) -> str:
        """The label to start a sentence or a table row: 'Plan year 2026-27'."""
        label = self.label
        return label[:1].upper() + label[1:]

    @property
    def short_label(self) -> str:
        """For chart axes: 'Oct 2026', '2026-Q3' or '2026-27'."""
        if self.kind == MONTH:
            return Month.of(self.first_day).short_label
        return self.key

    def __str__(self) -> str:
        return self.key
