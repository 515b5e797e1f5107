"""Upcoming training for a newsletter issue.

The training listings are built separately. Until they are wired in here,
`upcoming_training` answers None, and the draft says plainly that no
training data is available. The draft template already knows how to show a
list of `TrainingEvent`s, so wiring it in means filling this one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..quarters import Quarter


@dataclass(frozen=True)
class TrainingEvent:
    """One session people can book, as the newsletter shows it."""

    title: str
    start: datetime
    locality: str
    """The locality's label, such as 'Breckland', or 'Online'."""
    places_left: int | None
    """None when the course does not count places."""
    booking_url: str
    """Absolute, or a docs path such as 'training/foundation.md'."""
    status: str = "open"
    """open, full or cancelled."""


def upcoming_training(project: Any, quarter: Quarter) -> list[TrainingEvent] | None:
    """Training sessions that start in `quarter`, soonest first.

    None means there is no training data yet (not "no sessions"): the draft then
    says no training data is available. An empty list means no sessions.
    """
    return None
