"""Local times in Norfolk (Europe/London): reading them from data and writing them for people.

Training data gives wall-clock times, as a coordinator reads them off a
booking form. Twice a year the clocks change, so some wall-clock times
happen twice (late October) and some never happen (late March). We refuse
both rather than guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TIMEZONE_NAME = "Europe/London"

# 2026-10-27 09:30, 2026-10-27T09:30, 2026-10-27 09:30:00, or 27/10/2026 09:30 as a UK
# spreadsheet may save it.
# re.ASCII: digits 0 to 9 only, as \d alone also matches Arabic-Indic and other digits.
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
FORM_HINT = "Write it as the date and the 24-hour time, like 2026-10-27 09:30."


class ClockError(ValueError):
    """The text is not a time we can use. The message says why, in plain English."""


def parse_local(text: str) -> datetime:
    """Read a wall-clock date and time in Norfolk and return it with its UK offset."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise ClockError(f"is empty. {FORM_HINT}")
    if match := _ISO.match(cleaned):
        year, month, day, hour, minute, second = match.groups()
    elif match := _UK.match(cleaned):
        day, month, year, hour, minute, second = match.groups()
    else:
        raise ClockError(f"'{cleaned}' is not a date and time. {FORM_HINT}")
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError:
        raise ClockError(f"'{cleaned}' is not a real date. Check the day and the month.") from None
    if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59 and 0 <= int(second or 0) <= 59):
        raise ClockError(
            f"'{cleaned}' is not a real time. Use the 24-hour clock, from 00:00 to 23:59."
        )
    naive = datetime(day_value.year, day_value.month, day_value.day, int(hour), int(minute), int(second or 0))
    return localise(naive, cleaned)


def localise(naive: datetime, shown: str | None = None) -> datetime:
    """Attach UK time to a wall-clock time, refusing times the clock change skips or repeats."""
    shown = shown or naive.strftime("%Y-%m-%d %H:%M")
    first = naive.replace(tzinfo=LONDON, fold=0)
    second = naive.replace(tzinfo=LONDON, fold=1)
    round_trip = first.astimezone(timezone.utc).astimezone(LONDON).replace(tzinfo=None)
    if round_trip != naive:
        raise ClockError(
            f"'{shown}' does not exist in UK time: the clocks go forward an hour that night. "
            "Choose another time."
        )
    if first.utcoffset() != second.utcoffset():
        raise ClockError(
            f"'{shown}' happens twice in UK time: the clocks go back an hour that night. "
            "Choose another time."
        )
    return first


def time_label(moment: datetime) -> str:
    """'9:30am', '4pm', 'midday', the way GOV.UK writes times."""
    hour, minute = moment.hour, moment.minute
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


def day_label(day: date) -> str:
    """'Tuesday 27 October 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def days_label(first: date, last: date) -> str:
    """'Tuesday 27 October 2026', 'Tuesday 27 and Wednesday 28 October 2026',
    'Monday 30 November to Wednesday 2 December 2026'."""
    if first == last:
        return day_label(first)
    joiner = " and " if (last - first) == timedelta(days=1) else " to "
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%A} {first.day}{joiner}{day_label(last)}"
    if first.year == last.year:
        return f"{first:%A} {first.day} {first:%B}{joiner}{day_label(last)}"
    return f"{day_label(first)}{joiner}{day_label(last)}"
