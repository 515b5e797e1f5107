"""Numbers written for people: 1,339 not 1339; 90% not 0.8981. Plain Python, no MkDocs.

Every page, report and review pack formats figures through these functions, so a
number reads the same wherever it appears.
"""

from __future__ import annotations

from datetime import date

DASH = "–"
"""Shown where there is nothing to count yet, or the plan sets no number."""


def number(value: float | int | None, places: int = 0) -> str:
    """'1,339' for 1339; '4.5' for 4.5 with places=1; a dash for None."""
    if value is None:
        return DASH
    if isinstance(value, float) and not places and not value.is_integer():
        places = 1 if abs(value) < 100 else 0
    return f"{value:,.{places}f}"


def percent(value: float | None) -> str:
    """'90%' for a fraction of 0.8981; a dash when there is nothing to divide by."""
    return DASH if value is None else f"{round(value * 100):,}%"


def score(value: float | None) -> str:
    """An average score out of 5, to one decimal place: '4.5'."""
    return DASH if value is None else f"{value:.1f}"


def count(value: int, singular: str, plural: str | None = None) -> str:
    """'1 item', '1,339 items'."""
    word = singular if value == 1 else (plural or singular + "s")
    return f"{number(value)} {word}"


def long_date(day: date | None) -> str:
    """'6 October 2026'."""
    return "" if day is None else f"{day.day} {day:%B %Y}"
