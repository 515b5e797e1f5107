"""Training against the plan, for one plan year: plain figures for pages, exports and dashboards.

The definitions (also in docs/training-report.md):

- events delivered: events marked delivered;
- events planned: events in the year that are not cancelled (delivered ones included);
- places delivered: places on delivered events (the people who came are `attended`);
- places planned: places on events that are not cancelled;
- targets come from each course page's `yearly_target`;
- attendance rate: attended / booked, over delivered events;
- cancellation rate: cancelled events / all events listed for the year;
- average evaluation: the mean score, weighted by the number who attended each event;
- a locality's month of development sessions is flagged when it has none held (a month
  that is over) or none held or planned (this month and later).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .events import Event
from .loader import TrainingData
from .plan_year import Month, PlanYear

SCHEMA_VERSION = 2
# 2: places delivered counts places on delivered events, not the people who attended them.


@dataclass
class Counts:
    delivered: int
    planned: int
    target: int | None


@dataclass
class Figures:
    """The measures for one course, or for all courses together."""

    events: Counts
    places: Counts
    booked: int
    attended: int
    attendance_rate: float | None
    events_listed: int
    cancelled: int
    cancellation_rate: float | None
    evaluation_average: float | None
    events_evaluated: int


@dataclass
class CourseFigures:
    course_id: str
    title: str
    on_request: bool
    figures: Figures


MONTH_STATES = {
    "held": "Held",
    "planned": "Planned",
    "missed": "None held",
    "unplanned": "None planned",
}


@dataclass
class MonthCell:
    month: Month
    held: int
    planned: int
    cancelled: int
    state: str
    """held, planned, missed (the month is over and none was held) or unplanned."""

    @property
    def flagged(self) -> bool:
        return self.state in ("missed", "unplanned")

    @property
    def label(self) -> str:
        if self.state == "held" and self.held > 1:
            return f"{self.held} held"
        return MONTH_STATES[self.state]


@dataclass
class LocalityRow:
    locality: str
    label: str
    cells: list[MonthCell]

    @property
    def held(self) -> int:
        return sum(cell.held for cell in self.cells)

    @property
    def flagged(self) -> int:
        return sum(1 for cell in self.cells if cell.flagged)


@dataclass
class MonthlySessions:
    """Sessions a course promises every month in each locality, such as development sessions."""

    course_id: str
    title: str
    months: list[Month]
    rows: list[LocalityRow]

    @property
    def flagged(self) -> int:
        return sum(row.flagged for row in self.rows)


@dataclass
class PlanYearReport:
    plan_year: PlanYear
    as_of: date
    courses: list[CourseFigures]
    totals: Figures
    monthly_sessions: list[MonthlySessions] = field(default_factory=list)

    def course(self, course_id: str) -> CourseFigures | None:
        return next((entry for entry in self.courses if entry.course_id == course_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON export. Its shape is documented in docs/training-report.md; keep it stable."""
        return {
            "schema_version": SCHEMA_VERSION,
            "plan_year": self.plan_year.label,
            "period": {"start": self.plan_year.start.isoformat(), "end": self.plan_year.last_day.isoformat()},
            "as_of": self.as_of.isoformat(),
            "courses": [
                {"id": entry.course_id, "title": entry.title, "on_request": entry.on_request, **_figures(entry.figures)}
                for entry in self.courses
            ],
            "totals": _figures(self.totals),
            "monthly_sessions": [
                {
                    "course": sessions.course_id,
                    "title": sessions.title,
                    "months": [month.key for month in sessions.months],
                    "flagged": sessions.flagged,
                    "localities": [
                        {
                            "id": row.locality,
                            "label": row.label,
                            "held": row.held,
                            "flagged": row.flagged,
                            "months": [
                                {
                                    "month": cell.month.key,
                                    "held": cell.held,
                                    "planned": cell.planned,
                                    "cancelled": cell.cancelled,
                                    "state": cell.state,
                                    "flagged": cell.flagged,
                                }
                                for cell in row.cells
                            ],
                        }
                        for row in sessions.rows
                    ],
                }
                for sessions in self.monthly_sessions
            ],
        }

    def course_rows(self) -> list[dict[str, Any]]:
        """One flat row per course and a final 'all courses' row, for CSV."""
        rows = [_flat(entry.course_id, entry.title, entry.figures) for entry in self.courses]
        rows.append(_flat("all", "All courses", self.totals))
        return [{"plan_year": self.plan_year.label, **row} for row in rows]

    def session_rows(self) -> list[dict[str, Any]]:
        """One row per course and locality, a column per month, for CSV."""
        rows = []
        for sessions in self.monthly_sessions:
            for row in sessions.rows:
                flat: dict[str, Any] = {
                    "plan_year": self.plan_year.label,
                    "course": sessions.course_id,
                    "locality": row.locality,
                    "held": row.held,
                    "flagged_months": row.flagged,
                }
                for cell in row.cells:
                    flat[cell.month.key] = cell.label
                rows.append(flat)
        return rows


def track_plan_year(data: TrainingData, plan_year: PlanYear) -> PlanYearReport:
    """The plan-year figures, as of `data.settings.today`."""
    in_year = [event for event in data.events if plan_year.contains(event.first_day)]
    locality_count = len(data.localities)
    courses = []
    for course in data.courses:
        events = [event for event in in_year if event.course.id == course.id]
        target = course.yearly_target
        courses.append(
            CourseFigures(
                course_id=course.id,
                title=course.title,
                on_request=target.on_request,
                figures=_measure(events, target.events_for(locality_count), target.places),
            )
        )
    monthly = [
        _monthly_sessions(data, course.id, course.title, plan_year, in_year)
        for course in data.courses
        if course.monthly_in_localities
    ]
    return PlanYearReport(
        plan_year=plan_year,
        as_of=data.settings.today,
        courses=courses,
        totals=_measure(in_year, None, None),
        monthly_sessions=monthly,
    )


def _measure(events: list[Event], event_target: int | None, place_target: int | None) -> Figures:
    delivered = [event for event in events if event.status == "delivered"]
    running = [event for event in events if event.status != "cancelled"]
    cancelled = len(events) - len(running)
    booked = sum(event.booked for event in delivered)
    attended = sum(event.attended or 0 for event in delivered)
    scored = [event for event in delivered if event.evaluation is not None and event.attended]
    weight = sum(event.attended or 0 for event in scored)
    return Figures(
        events=Counts(len(delivered), len(running), event_target),
        places=Counts(sum(event.places for event in delivered), sum(event.places for event in running), place_target),
        booked=booked,
        attended=attended,
        attendance_rate=_rate(attended, booked),
        events_listed=len(events),
        cancelled=cancelled,
        cancellation_rate=_rate(cancelled, len(events)),
        evaluation_average=(
            round(sum((event.evaluation or 0) * (event.attended or 0) for event in scored) / weight, 2)
            if weight
            else None
        ),
        events_evaluated=len(scored),
    )


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _monthly_sessions(
    data: TrainingData, course_id: str, title: str, plan_year: PlanYear, in_year: list[Event]
) -> MonthlySessions:
    today = data.settings.today
    this_month = Month.of(today)
    rows = []
    for term, label in data.localities.items():
        events = [event for event in in_year if event.course.id == course_id and event.locality == term]
        cells = []
        for month in plan_year.months:
            in_month = [event for event in events if event.month == month]
            held = sum(1 for event in in_month if event.status == "delivered")
            planned = sum(1 for event in in_month if event.status in ("open", "full"))
            cancelled = sum(1 for event in in_month if event.status == "cancelled")
            if held:
                state = "held"
            elif month < this_month:
                state = "missed"
            elif planned:
                state = "planned"
            else:
                state = "unplanned"
            cells.append(MonthCell(month, held, planned, cancelled, state))
        rows.append(LocalityRow(term, label, cells))
    return MonthlySessions(course_id, title, plan_year.months, rows)


def _figures(figures: Figures) -> dict[str, Any]:
    data = asdict(figures)
    return {
        "events": data["events"],
        "places": data["places"],
        "booked": figures.booked,
        "attended": figures.attended,
        "attendance_rate": figures.attendance_rate,
        "events_listed": figures.events_listed,
        "cancelled": figures.cancelled,
        "cancellation_rate": figures.cancellation_rate,
        "evaluation": {"average": figures.evaluation_average, "events_evaluated": figures.events_evaluated},
    }


def _flat(course_id: str, title: str, figures: Figures) -> dict[str, Any]:
    return {
        "course": course_id,
        "title": title,
        "events_delivered": figures.events.delivered,
        "events_planned": figures.events.planned,
        "events_target": figures.events.target,
        "places_delivered": figures.places.delivered,
        "places_planned": figures.places.planned,
        "places_target": figures.places.target,
        "booked": figures.booked,
        "attended": figures.attended,
        "attendance_rate": figures.attendance_rate,
        "events_listed": figures.events_listed,
        "cancelled": figures.cancelled,
        "cancellation_rate": figures.cancellation_rate,
        "evaluation_average": figures.evaluation_average,
        "events_evaluated": figures.events_evaluated,
    }
