"""Review dates: an item past its `review_by` date is stale. A warning that names the owner."""

from __future__ import annotations

from datetime import date

from ..problems import Problem, Severity
from ..view import long_date
from .documents import Document

RULE = "review/stale"


def check(document: Document, today: date) -> list[Problem]:
    if not document.is_item:
        return []
    try:
        review_by = date.fromisoformat(str(document.value("review_by", "")).strip())
    except ValueError:
        return []  # the schema rule reports a missing or bad date
    if review_by >= today:
        return []
    owner = str(document.value("owner") or "its owner").strip()
    return [
        Problem(
            document.rel,
            "review_by",
            f"was due on {long_date(review_by)}. {owner}, the owner, should check the item is "
            "still right, then set a new review_by date.",
            line=document.line_of("review_by"),
            severity=Severity.WARNING,
            rule=RULE,
            text=review_by.isoformat(),
        )
    ]
