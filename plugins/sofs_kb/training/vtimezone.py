"""The VTIMEZONE for Europe/London, worked out from the tz database.

icalendar can make a VTIMEZONE itself (`add_missing_timezones`), but it puts
every clock change into one comma-separated RDATE line and dates the spring
change an hour late. ical.js, the parser inside Thunderbird and Nextcloud,
reads only the first date of such a line, so events after the next clock
change came out an hour wrong there; our cross-parser tests caught it.

So we find the changes from zoneinfo and write them the way RFC 5545 and
every parser agree on: each change on its own RDATE line (the first one also
as DTSTART), in local time before the change. icalendar still writes the file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from .clock import LONDON, TIMEZONE_NAME

_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)
_MINUTE = timedelta(minutes=1)


@lru_cache(maxsize=8)
def london_vtimezone(first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE with every UK clock change from 1 January `first_year` to the end of `last_year`."""
    return vtimezone(LONDON, TIMEZONE_NAME, first_year, last_year)


def vtimezone(zone: ZoneInfo, tzid: str, first_year: int, last_year: int) -> Timezone:
    changes = clock_changes(zone, date(first_year, 1, 1), date(last_year + 1, 1, 1))
    groups: dict[tuple, list[datetime]] = {}
    for moment, before, after, name, is_daylight in changes:
        # Onsets are written in local time as it was just before the change.
        groups.setdefault((before, after, name, is_daylight), []).append((moment + before).replace(tzinfo=None))
    component = Timezone()
    component.add("tzid", tzid)
    if not groups:  # no changes in these years: one fixed offset
        start = datetime(first_year, 1, 1, tzinfo=zone)
        groups[(start.utcoffset(), start.utcoffset(), start.tzname(), bool(start.dst()))] = [
            start.replace(tzinfo=None)
        ]
    for (before, after, name, is_daylight), onsets in sorted(groups.items(), key=lambda item: item[1][0]):
        part = TimezoneDaylight() if is_daylight else TimezoneStandard()
        part.add("dtstart", onsets[0])
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("tzname", name)
        for onset in onsets:
            part.add("rdate", onset)
        component.add_component(part)
    return component


def clock_changes(zone: ZoneInfo, start: date, end: date):
    """(moment in UTC, offset before, offset after, name after, is daylight time) for each change."""
    changes = []
    moment = datetime(start.year, start.month, start.day, 12, tzinfo=timezone.utc)
    stop = datetime(end.year, end.month, end.day, 12, tzinfo=timezone.utc)
    offset = moment.astimezone(zone).utcoffset()
    while moment < stop:
        following = moment + _DAY
        next_offset = following.astimezone(zone).utcoffset()
        if next_offset != offset:
            change = _find_change(zone, moment, offset)
            local = change.astimezone(zone)
            changes.append((change, offset, next_offset, local.tzname(), bool(local.dst())))
            offset = next_offset
        moment = following
    return changes


def _find_change(zone: ZoneInfo, moment: datetime, offset: timedelta) -> datetime:
    """The first minute after `moment` (within a day) whose offset is not `offset`."""
    for step in (_HOUR, _MINUTE):
        while (moment + step).astimezone(zone).utcoffset() == offset:
            moment += step
    return moment + _MINUTE
