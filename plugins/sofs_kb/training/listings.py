"""Which events each listing shows, in what order. Plain data for templates and other features.

- upcoming: not finished before today and not yet delivered, soonest first;
- the archive: finished before today, or already delivered, newest month first;
- cancelled events stay in both, marked, so nobody wonders where a date went.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from .events import Event
from .loader import TrainingData
from .plan_year import Month, PlanYear


@dataclass
class MonthGroup:
    month: Month
    events: list[Event]

    @property
    def anchor(self) -> str:
        return f"month-{self.month.key}"


@dataclass
class YearGroup:
    plan_year: PlanYear
    months: list[MonthGroup]

    @property
    def count(self) -> int:
        return sum(len(group.events) for group in self.months)


def is_upcoming(event: Event, today: date) -> bool:
    return not event.is_past(today) and event.status != "delivered"


def upcoming(events: list[Event], today: date) -> list[Event]:
    return [event for event in events if is_upcoming(event, today)]


def past(events: list[Event], today: date) -> list[Event]:
    return [event for event in events if not is_upcoming(event, today)]


def by_month(events: list[Event], newest_first: bool = False) -> list[MonthGroup]:
    """Group events by the month they start in. Events keep their order inside a month."""
    groups: dict[Month, list[Event]] = defaultdict(list)
    for event in events:
        groups[event.month].append(event)
    months = sorted(groups, reverse=newest_first)
    return [MonthGroup(month, groups[month]) for month in months]


def archive(data: TrainingData) -> list[YearGroup]:
    """Past events by plan year and month, newest first."""
    start_month = data.settings.plan_year_start_month
    years: dict[PlanYear, list[Event]] = defaultdict(list)
    for event in past(data.events, data.settings.today):
        years[event.plan_year(start_month)].append(event)
    return [
        YearGroup(year, by_month(years[year], newest_first=True))
        for year in sorted(years, reverse=True)
    ]


def for_course(data: TrainingData, course_id: str) -> list[Event]:
    return [event for event in data.events if event.course.id == course_id]


def for_locality(data: TrainingData, locality: str) -> list[Event]:
    return [event for event in data.events if event.locality == locality]


def open_to_all(data: TrainingData) -> list[Event]:
    """Online events not tied to one locality: anyone in Norfolk can join."""
    return [event for event in data.events if event.locality is None]


def location_label(data: TrainingData, event: Event) -> str:
    """'Online', 'Online (Norwich)' or 'Venue name, town (Norwich)'."""
    if event.online:
        return "Online" if event.locality is None else f"Online ({data.locality_label(event.locality)})"
    return f"{event.venue} ({data.locality_label(event.locality)})"


def next_date(data: TrainingData, course_id: str) -> Event | None:
    """The soonest date that still has places, for 'next date' on course lists."""
    return next(
        (
            event
            for event in upcoming(for_course(data, course_id), data.settings.today)
            if event.is_bookable
        ),
        None,
    )


# --- for other features: the newsletter draft ------------------------------------------


@dataclass(frozen=True)
class UpcomingEvent:
    """One event as the newsletter (or anything outside the site) needs it. Plain values only."""

    uid: str
    course_id: str
    course_title: str
    course_src_uri: str
    """The course page's path inside the docs folder, such as training/foundation.md."""
    start: datetime
    end: datetime
    when: str
    """'Tuesday 27 October 2026, 9:30am to 4:30pm'."""
    locality: str | None
    locality_label: str
    venue: str
    online: bool
    places: int
    places_left: int
    status: str
    """open, full or cancelled (an open event with no places left is full)."""
    tag: str
    """'Full' or 'Cancelled'; empty while places are left."""
    booking: str
    booking_href: str
    """A https:// address, or mailto: for an email address."""


def upcoming_events(
    data: TrainingData, start: date, end: date, *, include_cancelled: bool = False
) -> list[UpcomingEvent]:
    """Events starting from `start` to `end` (both included) that have not been delivered,
    soonest first. Cancelled events are left out unless asked for."""
    chosen = [
        event
        for event in data.events
        if start <= event.first_day <= end
        and event.status != "delivered"
        and (include_cancelled or event.status != "cancelled")
    ]
    return [summarise(data, event) for event in chosen]


def summarise(data: TrainingData, event: Event) -> UpcomingEvent:
    return UpcomingEvent(
        uid=event.uid(data.settings.uid_domain),
        course_id=event.course.id,
        course_title=event.course.title,
        course_src_uri=event.course.src_uri,
        start=event.start,
        end=event.end,
        when=event.when,
        locality=event.locality,
        locality_label=data.locality_label(event.locality),
        venue=event.venue,
        online=event.online,
        places=event.places,
        places_left=event.places_left,
        status=event.shown_status,
        tag=event.tag,
        booking=event.booking,
        booking_href=event.booking_href,
    )
