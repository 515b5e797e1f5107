"""Calendar quarters, as used for newsletter issues and growth figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*q([1-4])\s*$", re.IGNORECASE | re.ASCII)

SEASONS = {1: "winter", 2: "spring", 3: "summer", 4: "autumn"}


class QuarterError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read '2026-Q4', '2026q4' or '2026-q4'."""
        match = _QUARTER.match(str(text))
        if not match:
            raise QuarterError(
                f"'{text}' is not a quarter; write the year and quarter number, like 2026-Q4"
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def slug(self) -> str:
        """File and URL form: 2026-q4."""
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        """Reader-facing form: 'October to December 2026'."""
        first = self.start.strftime("%B")
        last = self.end.strftime("%B")
        return f"{first} to {last} {self.year}"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"
