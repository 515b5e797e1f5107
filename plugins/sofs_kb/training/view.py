"""What training templates may ask, in one read-only object (the template global `training`)."""

from __future__ import annotations

from ..formatting import count, number, percent, score
from . import urls
from .course import Course, booking_href
from .events import Event
from .listings import MonthGroup, by_month, for_locality, location_label, next_date, open_to_all, upcoming
from .loader import TrainingData
from .plan_year import PlanYear


def template_helpers(view: TrainingView) -> tuple[dict, dict]:
    """The global and filters training templates use, shared by the site build and the preview.
    (The site's `kb_date` and `kb_link` come from the knowledge-bank plugin.)"""
    return {"training": view}, {"kb_percent": percent, "kb_score": score, "kb_number": number, "kb_count": count}


class TrainingView:
    def __init__(self, data: TrainingData):
        self.data = data
        self.settings = data.settings
        self.root = data.settings.courses_uri
        self.today = data.settings.today

    # --- addresses --------------------------------------------------------------------------

    @property
    def home_uri(self) -> str:
        return urls.home(self.root)

    @property
    def upcoming_uri(self) -> str:
        return urls.upcoming(self.root)

    @property
    def archive_uri(self) -> str:
        return urls.archive(self.root)

    @property
    def localities_uri(self) -> str:
        return urls.locality_index(self.root)

    @property
    def calendars_uri(self) -> str:
        return urls.calendars(self.root)

    @property
    def progress_uri(self) -> str:
        return urls.progress_index(self.root)

    def progress_year_uri(self, plan_year: PlanYear) -> str:
        return urls.progress(plan_year.label, self.root)

    def locality_uri(self, term: str) -> str:
        return urls.locality(term, self.root)

    @property
    def feed_all_uri(self) -> str:
        return urls.calendar_all(self.root)

    def course_feed_uri(self, course_id: str) -> str:
        return urls.calendar_course(course_id, self.root)

    def locality_feed_uri(self, term: str) -> str:
        return urls.calendar_locality(term, self.root)

    def event_feed_uri(self, event: Event) -> str:
        return urls.calendar_event(event.slug, self.root)

    def absolute(self, src_uri: str) -> str:
        """A file's full web address, for people to copy into a calendar app."""
        base = self.settings.site_url.rstrip("/")
        path = urls.page_url(src_uri)
        return f"{base}/{path}" if base else f"/{path}"

    # --- labels -----------------------------------------------------------------------------

    @staticmethod
    def count(value: int, singular: str, plural: str | None = None) -> str:
        """'1 place', '1,200 places'."""
        return count(value, singular, plural)

    @staticmethod
    def booking_href(booking: str) -> str:
        return booking_href(booking)

    @staticmethod
    def email(booking: str) -> str:
        """The address to show for an email booking, without 'mailto:'."""
        return booking.removeprefix("mailto:")

    def places_text(self, event: Event) -> str:
        """'12 places left of 50', or why there are none."""
        if event.shown_status == "full":
            return f"None left: all {event.places} places are booked"
        return f"{self.count(event.places_left, 'place')} left of {event.places}"

    def locality_label(self, term: str | None) -> str:
        return self.data.locality_label(term)

    def audience_label(self, term: str) -> str:
        return self.data.vocabulary.audience_label(term)

    def where(self, event: Event) -> str:
        return location_label(self.data, event)

    def section(self, section_id: str):
        return next((section for section in self.data.plan if section.id == section_id), None)

    def target_label(self, course: Course) -> str:
        target = course.yearly_target
        if target.on_request:
            return "On request"
        if target.every_month_in_each_locality:
            return f"Every month in each of the {len(self.data.localities)} localities"
        parts = []
        if target.events:
            parts.append(f"{target.events} {'date' if target.events == 1 else 'dates'} a year")
        if target.places:
            parts.append(f"{target.places} places")
        return ", ".join(parts) if parts else "No yearly number in the plan"

    # --- lists ------------------------------------------------------------------------------

    @property
    def courses(self) -> list[Course]:
        return self.data.courses

    @property
    def localities(self) -> list[tuple[str, str]]:
        return list(self.data.localities.items())

    def next_date(self, course_id: str) -> Event | None:
        return next_date(self.data, course_id)

    def upcoming(self, events: list[Event] | None = None) -> list[Event]:
        return upcoming(self.data.events if events is None else events, self.today)

    def upcoming_by_month(self, events: list[Event] | None = None) -> list[MonthGroup]:
        return by_month(self.upcoming(events))

    def upcoming_in(self, term: str) -> list[Event]:
        return self.upcoming(for_locality(self.data, term))

    def next_dates(self) -> list[Event]:
        """Each course's next date with places, soonest first: the home page's training list."""
        dates = [self.next_date(course.id) for course in self.data.courses]
        return sorted((event for event in dates if event is not None), key=lambda event: event.start)

    def locality_dates(self, term: str, count: int = 5) -> dict[str, list[Event]]:
        """A locality's next development sessions, other courses, and online dates open to all."""
        coming = self.upcoming_in(term)
        sessions = [event for event in coming if event.course.yearly_target.every_month_in_each_locality]
        return {
            "sessions": sessions[:count],
            "courses": [event for event in coming if event not in sessions][:count],
            "online": self.upcoming_open_to_all()[:count],
        }

    def upcoming_open_to_all(self) -> list[Event]:
        return self.upcoming(open_to_all(self.data))
