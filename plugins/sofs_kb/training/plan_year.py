"""Plan years: the twelve months the partnership plans and reports training in.

Norfolk's plan year runs from April to March, so plan year 2026-27 is
1 April 2026 to 31 March 2027. Another partnership can start it in any
month; a year that starts in January is named by its one calendar year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(r"^\s*(\d{4})\s*(?:[-/]\s*(\d{2}|\d{4}))?\s*$", re.ASCII)

MONTHS_IN_YEAR = 12


class PlanYearError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month, such as October 2026."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def key(self) -> str:
        """'2026-10', used in exports and page anchors."""
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        """'October 2026'."""
        return self.first_day.strftime("%B %Y")

    @property
    def short_label(self) -> str:
        """'Oct 2026', for narrow table columns."""
        return self.first_day.strftime("%b %Y")


@dataclass(frozen=True, order=True)
class PlanYear:
    start_year: int
    start_month: int = 4

    @classmethod
    def parse(cls, text: str, start_month: int = 4) -> PlanYear:
        """Read '2026-27', '2026/27' or '2026-2027' (or '2026' when the year starts in January)."""
        match = _LABEL.match(str(text))
        if not match:
            raise PlanYearError(cls._form_hint(text, start_month))
        first = int(match.group(1))
        second = match.group(2)
        if start_month == 1:
            if second is not None:
                raise PlanYearError(cls._form_hint(text, start_month))
            return cls(first, start_month)
        if second is None:
            raise PlanYearError(cls._form_hint(text, start_month))
        expected = first + 1
        if int(second) not in (expected, expected % 100):
            raise PlanYearError(
                f"'{text}' is not a plan year: the second year must follow the first, "
                f"like {first}-{expected % 100:02d}."
            )
        return cls(first, start_month)

    @staticmethod
    def _form_hint(text: str, start_month: int) -> str:
        example = "2026" if start_month == 1 else "2026-27"
        return f"'{text}' is not a plan year. Write it like {example}."

    @classmethod
    def of(cls, day: date, start_month: int = 4) -> PlanYear:
        year = day.year if day.month >= start_month else day.year - 1
        return cls(year, start_month)

    @property
    def start(self) -> date:
        """The first day of the plan year."""
        return date(self.start_year, self.start_month, 1)

    @property
    def end(self) -> date:
        """The first day after the plan year."""
        return date(self.start_year + 1, self.start_month, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def months(self) -> list[Month]:
        month = Month(self.start_year, self.start_month)
        months = []
        for _ in range(MONTHS_IN_YEAR):
            months.append(month)
            month = month.next()
        return months

    def next(self) -> PlanYear:
        return PlanYear(self.start_year + 1, self.start_month)

    @property
    def label(self) -> str:
        """'2026-27', also the name of the year's events file."""
        if self.start_month == 1:
            return str(self.start_year)
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def long_label(self) -> str:
        """'April 2026 to March 2027'."""
        return f"{self.months[0].label} to {self.months[-1].label}"

    def __str__(self) -> str:
        return self.label
