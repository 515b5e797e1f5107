"""iCalendar feeds of training events, made with the icalendar library.

- Every event has a UID made from its course, start and locality, so it stays
  the same from one build to the next and calendar apps update it in place.
- Times are written in Europe/London with a VTIMEZONE (see vtimezone.py), so
  09:30 stays 09:30 on both sides of the October and March clock changes.
- A course over several days is one event repeating daily (RRULE), not one
  block running through the night.
- Cancelled events stay in the feed with STATUS:CANCELLED.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin

from icalendar import Calendar, Event as CalendarEvent

from . import urls
from .clock import TIMEZONE_NAME
from .events import Event
from .listings import for_course, for_locality, location_label
from .loader import TrainingData
from .vtimezone import london_vtimezone

REFRESH = timedelta(days=1)


def calendar_files(data: TrainingData, root: str = urls.ROOT) -> dict[str, bytes]:
    """Every feed the site publishes: path inside the docs folder -> file contents."""
    name = data.settings.site_name
    feeds = _Feeds(data)
    files = {urls.calendar_all(root): feeds.make(data.events, f"{name}: all training")}
    for course in data.courses:
        files[urls.calendar_course(course.id, root)] = feeds.make(
            for_course(data, course.id), f"{name}: {course.title}"
        )
    for term, label in data.localities.items():
        files[urls.calendar_locality(term, root)] = feeds.make(
            for_locality(data, term), f"{name}: training in {label}"
        )
    for event in data.events:
        files[urls.calendar_event(event.slug, root)] = feeds.make(
            [event], f"{event.course.title}, {event.first_day:%d %B %Y}"
        )
    return files


def feed(data: TrainingData, events: list[Event], title: str) -> bytes:
    """One feed of the given events."""
    return _Feeds(data).make(events, title)


class _Feeds:
    """Makes feeds that share components.

    Each event is in four feeds (all, its course, its locality, its own) and every feed has
    the same VTIMEZONE, so icalendar writes each component once and the feeds reuse the
    bytes. Writing them afresh for every feed took most of the build time (scripts/bench_training.py).
    """

    def __init__(self, data: TrainingData):
        self.data = data
        self.stamp = datetime(*data.settings.today.timetuple()[:3], tzinfo=timezone.utc)
        self.events: dict[int, bytes] = {}
        self.timezone = b""
        if data.events:
            # One VTIMEZONE for every feed in a build, covering the years of all its events.
            first = min(event.first_day for event in data.events)
            last = max(event.last_day for event in data.events)
            self.timezone = london_vtimezone(first.year - 1, last.year + 1).to_ical()

    def make(self, events: list[Event], title: str) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", f"-//{self.data.settings.site_name}//Training//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("name", title)
        calendar.add("x-wr-calname", title)
        calendar.add("x-wr-timezone", TIMEZONE_NAME)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
        head = calendar.to_ical()
        assert head.endswith(_END)
        parts = [self.timezone] if events else []
        for event in events:
            if id(event) not in self.events:
                self.events[id(event)] = _vevent(self.data, event, self.stamp).to_ical()
            parts.append(self.events[id(event)])
        return head[: -len(_END)] + b"".join(parts) + _END


_END = b"END:VCALENDAR\r\n"


def _vevent(data: TrainingData, event: Event, stamp: datetime) -> CalendarEvent:
    course = event.course
    vevent = CalendarEvent()
    vevent.add("uid", event.uid(data.settings.uid_domain))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.daily_end)
    if event.days > 1:
        vevent.add("rrule", {"FREQ": "DAILY", "COUNT": event.days})
    cancelled = event.status == "cancelled"
    vevent.add("summary", f"Cancelled: {course.title}" if cancelled else course.title)
    vevent.add("location", location_label(data, event))
    vevent.add("description", _description(data, event))
    if page := _course_url(data, event):
        vevent.add("url", page)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A higher sequence tells calendar apps that imported the event that the cancellation is newer.
    vevent.add("sequence", 1 if cancelled else 0)
    return vevent


def _description(data: TrainingData, event: Event) -> str:
    lines = []
    if event.status == "cancelled":
        lines.append("This date has been cancelled.")
    lines.append(event.course.summary)
    lines.append(f"When: {event.when}.")
    if event.status in ("open", "full"):
        if event.shown_status == "full":
            lines.append(f"Full: all {event.places} places are booked.")
        else:
            lines.append(f"Places left: {event.places_left} of {event.places}.")
        if event.booking:
            lines.append(f"How to book: {event.booking}")
    if page := _course_url(data, event):
        lines.append(f"More about the course: {page}")
    return "\n".join(lines)


def _course_url(data: TrainingData, event: Event) -> str:
    if not data.settings.site_url:
        return ""
    return urljoin(data.settings.site_url.rstrip("/") + "/", urls.page_url(event.course.src_uri))
