"""Training events: one row of a plan year's CSV file each, read strictly.

A training coordinator keeps one file per plan year, such as
data/training/2026-27.csv, in a spreadsheet. Every problem in every row is
collected and reported as `file: row N: column: reason`, where N is the row
number the spreadsheet shows (the column names are row 1).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..model.fields import join_words
from ..problems import Problem, Severity
from .clock import ClockError, days_label, parse_local, time_label
from .course import Course, booking_href, booking_problem
from .plan_year import Month, PlanYear, PlanYearError

COLUMNS = (
    "course",
    "start",
    "end",
    "locality",
    "venue",
    "places",
    "booked",
    "status",
    "booking",
    "attended",
    "evaluation",
)
OPTIONAL_COLUMNS = ("overbooked",)
"""Columns a file may leave out. `overbooked` says yes on a row that booked more people than places."""
STATUSES = ("open", "full", "cancelled", "delivered")
ONLINE = "online"
MAX_DAYS = 5
EVALUATION_RANGE = (1.0, 5.0)
MAX_PLACES = 1000
"""More places than this on one date is a typing mistake (the largest course has 300 a year)."""
MAX_CELL = 1000
"""The longest cell we read: a venue or a booking address is a line, not a page."""
MAX_ROWS = 5000
"""The most rows in one plan year's file (the plan has about 150 dates a year)."""
MAX_FILE_BYTES = 2_000_000
"""The largest events file we read; far larger ones would use memory without limit."""
# ASCII digits only: int() also reads Arabic-Indic and other digits, and '1_000'.
_WHOLE = re.compile(r"[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)

STATUS_TAGS = {"open": "", "full": "Full", "cancelled": "Cancelled", "delivered": "Delivered"}


@dataclass(frozen=True, eq=False)
class Event:
    """One date of one course. Times are aware datetimes in UK time."""

    course: Course
    path: str
    row: int
    start: datetime
    end: datetime
    locality: str | None
    venue: str
    places: int
    booked: int
    status: str
    booking: str
    attended: int | None
    evaluation: float | None

    @property
    def online(self) -> bool:
        return self.venue.lower() == ONLINE

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return self.end.date()

    @property
    def days(self) -> int:
        """How many days the course runs on, one after another."""
        return (self.last_day - self.first_day).days + 1

    @property
    def daily_end(self) -> datetime:
        """When the first day finishes. Each day of a longer course runs at the same times."""
        return self.end.replace(year=self.start.year, month=self.start.month, day=self.start.day)

    @property
    def when(self) -> str:
        """'Tuesday 27 October 2026, 9:30am to 4:30pm', with 'each day' for longer courses."""
        times = f"{time_label(self.start)} to {time_label(self.end)}"
        if self.days == 1:
            return f"{days_label(self.first_day, self.last_day)}, {times}"
        return f"{days_label(self.first_day, self.last_day)}, {times} each day"

    @property
    def month(self) -> Month:
        return Month.of(self.first_day)

    @property
    def places_left(self) -> int:
        return max(self.places - self.booked, 0)

    @property
    def shown_status(self) -> str:
        """What people see: an open event with no places left is shown as full."""
        if self.status == "open" and self.places_left == 0:
            return "full"
        return self.status

    @property
    def tag(self) -> str:
        """'Full', 'Cancelled' or 'Delivered'; empty while places are left."""
        return STATUS_TAGS[self.shown_status]

    @property
    def is_bookable(self) -> bool:
        return self.shown_status == "open"

    @property
    def booking_href(self) -> str:
        return booking_href(self.booking) if self.booking else ""

    @property
    def booking_is_email(self) -> bool:
        return self.booking_href.startswith("mailto:")

    @property
    def key(self) -> tuple[str, datetime, str]:
        """What makes an event itself: the course, its start and its place."""
        return (self.course.id, self.start, self.locality or ONLINE)

    @property
    def slug(self) -> str:
        """'foundation-20261027t0930-norwich': stable while the course, start and place stay."""
        return f"{self.course.id}-{self.start:%Y%m%dt%H%M}-{self.locality or ONLINE}"

    def uid(self, domain: str) -> str:
        return f"{self.slug}@{domain}"

    def plan_year(self, start_month: int) -> PlanYear:
        return PlanYear.of(self.first_day, start_month)

    def is_past(self, today: date) -> bool:
        """Finished before today. An event on today is still upcoming."""
        return self.last_day < today


@dataclass
class EventFile:
    path: Path
    rel: str
    plan_year: PlanYear
    events: list[Event]


class _RowProblems:
    """Problems for one row, named the way the coordinator sees them."""

    def __init__(self, rel: str, row: int, problems: list[Problem]):
        self.rel, self.row, self.problems = rel, row, problems

    def add(self, column: str, reason: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(
            Problem(self.rel, f"row {self.row}: {column}", reason, line=self.row, severity=severity)
        )


def read_event_file(
    path: Path,
    rel: str,
    courses: dict[str, Course | None],
    localities: dict[str, str],
    start_month: int,
    today: date,
    problems: list[Problem],
) -> EventFile | None:
    """Read one plan year's events. Problems are added to `problems`; rows with errors are left out."""
    try:
        plan_year = PlanYear.parse(path.stem, start_month)
    except PlanYearError:
        example = PlanYear.of(today, start_month).label
        problems.append(
            Problem(rel, "file name", f"must be the plan year the events are in, like {example}.csv.")
        )
        return None
    text = _read_text(path, rel, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = _rows(reader, rel, problems)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        problems.append(
            Problem(rel, "row 1", "is empty. The first row must name the columns: " + ", ".join(COLUMNS) + ".")
        )
        return None
    columns = _check_header(header, rel, problems)
    if columns is None:
        return None

    events: list[Event] = []
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank rows are fine: spreadsheets leave them
        row = _RowProblems(rel, number, problems)
        if _too_long(cells, header, row):
            continue
        if len(cells) > len(header):
            row.add(
                "cells",
                f"has {len(cells)} cells but there are {len(header)} columns. Look for a stray comma; "
                "text with commas in it needs double quotes around it.",
            )
            continue
        values = {name: (cells[index].strip() if 0 <= index < len(cells) else "") for name, index in columns.items()}
        event = _read_row(values, row, courses, localities, plan_year, today)
        if event is not None:
            events.append(event)
    return EventFile(path, rel, plan_year, events)


def check_duplicates(files: list[EventFile], problems: list[Problem]) -> None:
    """Two rows for the same course, start and place are one event written twice."""
    seen: dict[tuple, Event] = {}
    for event_file in files:
        kept = []
        for event in event_file.events:
            first = seen.get(event.key)
            if first is None:
                seen[event.key] = event
                kept.append(event)
                continue
            where = f"row {first.row}" if first.path == event.path else f"{first.path} row {first.row}"
            problems.append(
                Problem(
                    event.path,
                    f"row {event.row}: course",
                    f"repeats {where}: the same course, start and locality. "
                    "Delete one of the rows, or correct the start or the locality.",
                    line=event.row,
                )
            )
        event_file.events = kept


# --- one file ------------------------------------------------------------------------------


def _rows(reader, rel: str, problems: list[Problem]):
    """The file's rows, stopping with one clear problem at a row the csv module cannot read
    (a cell past its 131,072-character limit, usually from a quotation mark never closed)
    or past MAX_ROWS rows."""
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            problems.append(
                Problem(
                    rel,
                    f"row {reader.line_num}",
                    "cannot be read: a cell is far too long. Look for a quotation mark (\") that is "
                    "not closed. The rows after it were not read.",
                    line=reader.line_num,
                )
            )
            return
        if number > MAX_ROWS + 1:
            problems.append(
                Problem(rel, f"row {number}", f"is past the {MAX_ROWS:,} rows a file may have. "
                        "The rows after it were not read. Split the file, or remove blank rows.", line=number)
            )
            return
        yield cells


def _too_long(cells: list[str], header: list[str], row: _RowProblems) -> bool:
    long = [index for index, cell in enumerate(cells) if len(cell) > MAX_CELL]
    for index in long:
        name = header[index].strip() if index < len(header) and header[index].strip() else f"cell {index + 1}"
        row.add(name, f"is {len(cells[index]):,} characters long; the most is {MAX_CELL:,}. "
                "Look for text pasted into the wrong cell.")
    return bool(long)


def _read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(rel, "file", f"is {size / 1_000_000:.1f} MB, more than the "
                        f"{MAX_FILE_BYTES // 1_000_000} MB an events file may be. Check it is the right file.")
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(rel, "file", f"could not be read ({error.strerror})."))
        return None
    try:
        return raw.decode("utf-8-sig")  # spreadsheets often start UTF-8 files with a byte-order mark
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                rel,
                "encoding",
                f"the file is not UTF-8 text (byte {error.start + 1} is not valid). "
                "In your spreadsheet, save it again as 'CSV UTF-8'.",
            )
        )
        return None


def _check_header(header: list[str], rel: str, problems: list[Problem]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue
        if name in columns:
            problems.append(Problem(rel, f"row 1: {name}", "is named twice. Keep one of the columns.", line=1))
        elif name not in COLUMNS + OPTIONAL_COLUMNS:
            hint = difflib.get_close_matches(name, COLUMNS, n=1)
            reason = f"is not a column we know. Did you mean '{hint[0]}'?" if hint else (
                "is not a column we know. Use only: " + ", ".join(COLUMNS) + "."
            )
            problems.append(Problem(rel, f"row 1: {raw.strip()}", reason, line=1))
        else:
            columns[name] = index
    missing = [name for name in COLUMNS if name not in columns]
    columns.update({name: -1 for name in OPTIONAL_COLUMNS if name not in columns})
    if missing:
        listed = join_words([f"'{name}'" for name in missing])
        verb = "is" if len(missing) == 1 else "are"
        problems.append(
            Problem(rel, "row 1: columns", f"{listed} {verb} missing. The first row must name every column: "
                    + ", ".join(COLUMNS) + ".", line=1)
        )
        return None
    # Unknown columns are reported above; the known ones can still be read, to find more problems.
    return columns


# --- one row -------------------------------------------------------------------------------


def _read_row(
    values: dict[str, str],
    row: _RowProblems,
    courses: dict[str, Course | None],
    localities: dict[str, str],
    plan_year: PlanYear,
    today: date,
) -> Event | None:
    errors_before = _error_count(row)
    course = _course(values["course"], courses, row)
    start = _moment(values["start"], "start", row)
    end = _moment(values["end"], "end", row)
    locality = _locality(values["locality"], localities, row)
    venue = values["venue"]
    places = _whole_number(values["places"], "places", row, minimum=1, required=True)
    booked = _whole_number(values["booked"], "booked", row, minimum=0) or 0
    overbooked = _yes_or_no(values["overbooked"], "overbooked", row)
    status = _status(values["status"], row)
    attended = _whole_number(values["attended"], "attended", row, minimum=0)
    evaluation = _evaluation(values["evaluation"], row)
    booking = _booking(values["booking"], course, status, row)

    online = venue.lower() == ONLINE
    if not venue:
        row.add("venue", "is empty. Give the venue's name and town, or write Online.")
    elif locality is None and not online and values["locality"] == "":
        row.add(
            "locality",
            "is empty. An event in a venue needs its locality. Leave it empty only for online events "
            "open to every locality.",
        )

    if start and end:
        _check_times(start, end, row)
    if start and not plan_year.contains(start.date()):
        right = PlanYear.of(start.date(), plan_year.start_month)
        row.add(
            "start",
            f"{start:%Y-%m-%d} is outside plan year {plan_year} ({plan_year.long_label}). "
            f"Move the row to {right}.csv.",
        )
    if places is not None and booked > places and not overbooked:
        row.add(
            "booked",
            f"{booked} is more than the {places} places. Correct the numbers. If more people really "
            "were booked than there were places, write yes in an 'overbooked' column on this row.",
        )
    if status is not None:
        _check_outcome(status, booked, attended, evaluation, row)
        if start and end:
            _check_status_against_today(status, start, end, today, row)
    if course is not None and venue:
        _check_delivery(course, online, row)

    if _error_count(row) > errors_before or course is None:
        return None
    assert start and end and places is not None and status
    return Event(
        course=course,
        path=row.rel,
        row=row.row,
        start=start,
        end=end,
        locality=locality,
        venue="Online" if online else venue,
        places=places,
        booked=booked,
        status=status,
        booking=booking,
        attended=attended,
        evaluation=evaluation,
    )


def _error_count(row: _RowProblems) -> int:
    return sum(1 for problem in row.problems if problem.is_error)


def _course(value: str, courses: dict[str, Course | None], row: _RowProblems) -> Course | None:
    if not value:
        row.add("course", "is empty. Give the course id, such as " + _examples(courses) + ".")
        return None
    key = value.lower()
    if key not in courses:
        row.add("course", _unknown(value, courses, "a course"))
    return courses.get(key)  # None for a course whose page has problems of its own


def _locality(value: str, localities: dict[str, str], row: _RowProblems) -> str | None:
    if not value:
        return None
    key = value.lower()
    if key in localities:
        return key
    by_label = {label.lower(): term for term, label in localities.items()}
    if key in by_label:
        return by_label[key]
    row.add("locality", _unknown(value, localities, "a locality"))
    return None


def _unknown(value: str, known: dict, noun: str) -> str:
    hint = difflib.get_close_matches(value.lower(), list(known), n=1, cutoff=0.6)
    hint_text = f" Did you mean '{hint[0]}'?" if hint else ""
    return f"'{value}' is not {noun}.{hint_text} Choose from: {', '.join(known)}."


def _examples(known: dict) -> str:
    return join_words([f"'{key}'" for key in list(known)[:2]]).replace(" and ", " or ") or "'foundation'"


def _moment(value: str, column: str, row: _RowProblems) -> datetime | None:
    try:
        return parse_local(value)
    except ClockError as error:
        row.add(column, str(error))
        return None


def _whole_number(value: str, column: str, row: _RowProblems, *, minimum: int, required: bool = False) -> int | None:
    if not value:
        if required:
            row.add(column, "is empty. Give a whole number.")
        return None
    if not _WHOLE.fullmatch(value):
        if value.isdigit() or value.lstrip("+-").isdigit():
            row.add(column, f"'{value}' is not a whole number written with the digits 0 to 9.")
        else:
            row.add(column, f"'{value}' is not a whole number.")
        return None
    if len(value) > len(str(MAX_PLACES)) + 2 or int(value) > MAX_PLACES:
        row.add(column, f"{value} is more than {MAX_PLACES:,}, the most one date can have. Check the number.")
        return None
    number = int(value)
    if number < minimum:
        row.add(column, f"must be {minimum} or more; it is {number}.")
        return None
    return number


def _yes_or_no(value: str, column: str, row: _RowProblems) -> bool:
    if value.lower() in ("", "no"):
        return False
    if value.lower() == "yes":
        return True
    row.add(column, f"'{value}' should be yes or left empty.")
    return False


def _status(value: str, row: _RowProblems) -> str | None:
    status = value.lower()
    if status in STATUSES:
        return status
    shown = f"'{value}' is not a status" if value else "is empty"
    row.add("status", f"{shown}. Use open, full, cancelled or delivered.")
    return None


def _evaluation(value: str, row: _RowProblems) -> float | None:
    if not value:
        return None
    if not _DECIMAL.fullmatch(value):  # float() also reads 'nan', '1e0' and other digits than 0-9
        row.add("evaluation", f"'{value}' is not a number. Give the average score from 1 to 5, like 4.2.")
        return None
    score = float(value)
    low, high = EVALUATION_RANGE
    if not low <= score <= high:
        row.add("evaluation", f"{value} is out of range. Give the average score from 1 to 5, like 4.2.")
        return None
    return score


def _booking(value: str, course: Course | None, status: str | None, row: _RowProblems) -> str:
    if value:
        problem = booking_problem(value)
        if problem:
            row.add("booking", problem)
            return ""
        return value
    if course is None:
        return ""  # the course is reported already; its page may give the booking
    fallback = course.booking or ""
    if not fallback and status in ("open", "full"):
        row.add(
            "booking",
            "is empty. Say how to book: a web address starting with https:// or an email address. "
            "Or give the course page a booking: field to use for all its dates.",
        )
    return fallback


def _check_times(start: datetime, end: datetime, row: _RowProblems) -> None:
    if end <= start:
        word = "the same as" if end == start else "before"
        row.add("end", f"{end:%Y-%m-%d %H:%M} is {word} the start, {start:%Y-%m-%d %H:%M}.")
        return
    days = (end.date() - start.date()).days + 1
    if days > MAX_DAYS:
        row.add(
            "end",
            f"is {days} days after the start. A row is one date of a course: a course over several "
            f"days must run on days one after another, {MAX_DAYS} at most. Use a row for each date.",
        )
    elif days > 1 and end.time() <= start.time():
        row.add(
            "end",
            f"the course runs over {days} days, so the end time is when each day finishes. "
            f"{end:%H:%M} is not after the daily start time, {start:%H:%M}.",
        )


def _check_outcome(status: str, booked: int, attended: int | None, evaluation: float | None, row: _RowProblems) -> None:
    if status != "delivered":
        if attended is not None:
            row.add("attended", "is only for delivered events. Clear it, or set the status to delivered.")
        if evaluation is not None:
            row.add("evaluation", "is only for delivered events. Clear it, or set the status to delivered.")
        return
    if attended is None:
        row.add("attended", "is empty. A delivered event needs the number of people who came (0 if nobody did).")
    elif attended > booked:
        row.add("attended", f"{attended} is more than the {booked} booked. Check both numbers.")
    if attended and evaluation is None:
        row.add(
            "evaluation",
            "is empty. Add the average evaluation score when the forms are in.",
            severity=Severity.WARNING,
        )


def _check_status_against_today(status: str, start: datetime, end: datetime, today: date, row: _RowProblems) -> None:
    if status == "delivered" and start.date() > today:
        row.add(
            "status",
            f"is delivered, but the event starts on {start:%Y-%m-%d}, after today. Check the date.",
            severity=Severity.WARNING,
        )
    elif status in ("open", "full") and end.date() < today:
        row.add(
            "status",
            f"is still {status}, but the event finished on {end:%Y-%m-%d}. Set it to delivered "
            "with the number who attended, or to cancelled.",
            severity=Severity.WARNING,
        )


def _check_delivery(course: Course, online: bool, row: _RowProblems) -> None:
    way = "online" if online else "in person"
    if way not in course.delivery:
        row.add(
            "venue",
            f"makes this event {way}, but {course.path} says {course.title} is "
            f"{course.delivery_label.lower()}. Check the venue, or add '{way}' to the course's delivery.",
            severity=Severity.WARNING,
        )
