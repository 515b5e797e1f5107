"""Upcoming training for a newsletter issue.

The training data (sofs_kb.training) gives upcoming events; this module turns
them into what the draft shows. Each event links to its course page, which
says how to book. Without training data the draft says so plainly.
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


def upcoming_training(events: list[Any] | None) -> list[TrainingEvent] | None:
    """The newsletter's view of upcoming training events, soonest first.

    `events` are `sofs_kb.training.UpcomingEvent`s, or None when the site has no
    training data (the draft then says no training data is available). An empty
    list means there is data but no sessions in the quarter.
    """
    if events is None:
        return None
    return [
        TrainingEvent(
            title=event.course_title,
            start=event.start,
            locality="Online" if event.online else event.locality_label,
            places_left=event.places_left,
            booking_url=event.course_src_uri,
            status=event.status,
        )
        for event in sorted(events, key=lambda event: (event.start, event.course_title))
    ]
