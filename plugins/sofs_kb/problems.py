"""Problems found in content, reported to the person who wrote it.

Every check collects problems instead of stopping at the first one, so a
writer sees everything to fix in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file.

    `path` is relative to the project folder, so messages match what the
    writer sees in their editor or pull request.
    """

    path: str
    field: str
    reason: str
    line: int | None = None
    severity: Severity = Severity.ERROR
    rule: str = "fields"
    text: str = ""
    """The exact text that raised the problem, if any. An allow-list entry must quote it."""

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"

    def located(self) -> str:
        """`path:line: rule: field: reason`, the form `kb check` prints and editors can jump to."""
        warning = "" if self.is_error else "warning: "
        return f"{self.path}:{self.line or 1}: {self.rule}: {warning}{self.field}: {self.reason}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def reading_order(problem: Problem) -> tuple:
    """File by file, then top to bottom, so fixes can be made in one pass through each file."""
    return (problem.path, problem.line if problem.line is not None else 1_000_000, problem.field)


class ContentError(Exception):
    """Raised when content has problems that must be fixed before publishing."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=reading_order)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the content. Fix them and try again.")

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
