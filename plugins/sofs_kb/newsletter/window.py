"""Which dates a newsletter draft covers, so nothing falls between two issues.

- Items and research: from the day the previous issue went out (its `published`
  date) to the draft date. What the previous issue already lists is left out, so
  a thing published on the same day is in one issue or the other, never neither.
  The first issue has no previous one, so it covers its own quarter.
- Training: every date from the draft date to the end of the following quarter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Protocol

from ..quarters import Quarter, QuarterError
from ..sources import read_source
from ..view import long_date


class IssueDates(Protocol):
    quarter: Quarter
    status: str
    published: date | None
    issue: int


@dataclass(frozen=True)
class Window:
    quarter: Quarter
    start: date
    end: date
    """Items and research entries dated from `start` to `end` (both included) go in."""
    training_start: date
    training_end: date
    previous_issue: int | None = None
    """The number of the issue the window starts from; None for the first issue."""
    listed_items: frozenset[str] = field(default_factory=frozenset)
    """Ids of the items the previous issue already lists."""
    listed_text: str = ""
    """The previous issue's text, where links to research it listed are found."""

    def takes(self, day: date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Window) -> bool:
        return self.start <= other.start and other.end <= self.end

    def new_item(self, item_id: str, published: date) -> bool:
        return self.takes(published) and item_id not in self.listed_items

    def new_entry(self, link: str, published: date) -> bool:
        return self.takes(published) and link not in self.listed_text

    def describe(self) -> str:
        """For the editor's checklist: what the draft looked at, in words."""
        if self.previous_issue is None:
            since = f"from {long_date(self.start)}, the start of the quarter, as this is the first issue,"
        else:
            since = (
                f"from {long_date(self.start)}, when issue {self.previous_issue} went out, "
                f"leaving out what issue {self.previous_issue} already lists,"
            )
        if self.end < self.start:
            period = f"{since} but the draft date ({long_date(self.end)}) is earlier, so none are listed"
        else:
            period = f"{since} to {long_date(self.end)}"
        return (
            f"Items and research: published {period}.\n"
            f"   Training: dates from {long_date(self.training_start)} to {long_date(self.training_end)}."
        )


def previous_issue(issues: Iterable[IssueDates], quarter: Quarter) -> IssueDates | None:
    """The latest published issue for a quarter before `quarter`."""
    earlier = [
        issue
        for issue in issues
        if issue.quarter < quarter and issue.status == "published" and issue.published is not None
    ]
    return max(earlier, key=lambda issue: issue.quarter, default=None)


def draft_window(
    quarter: Quarter, today: date, issues: Iterable[IssueDates], listed_items: Iterable[str] = (), listed_text: str = ""
) -> Window:
    previous = previous_issue(issues, quarter)
    training = (today, quarter.next().end)
    if previous is None:
        return Window(quarter, quarter.start, min(quarter.end, today), *training)
    return Window(
        quarter,
        previous.published,
        today,
        *training,
        previous_issue=previous.issue,
        listed_items=frozenset(listed_items),
        listed_text=listed_text,
    )


@dataclass(frozen=True)
class _Dates:
    quarter: Quarter
    status: str
    published: date | None
    issue: int


def quick_window(newsletters_dir: Path, quarter: Quarter, today: date) -> Window:
    """The window, read quickly from the issues' front matter before the bank loads.

    It lets the draft skip item files dated outside the window without reading
    them. The draft checks it against the window the loaded issues give (see
    `Window.covers`), as an issue this cannot read is left out here.
    """
    found = []
    for path in sorted(newsletters_dir.glob("*.md")) if newsletters_dir.is_dir() else ():
        try:
            issue_quarter = Quarter.parse(path.name[: -len(".md")])
        except QuarterError:
            continue
        source, _ = read_source(path, path.name)
        meta: dict[str, Any] = source.meta if source is not None else {}
        try:
            published = date.fromisoformat(str(meta.get("published")))
        except ValueError:
            continue
        found.append(_Dates(issue_quarter, str(meta.get("status")), published, 0))
    return draft_window(quarter, today, found)
