"""The training core without a build: plan years, UK times, loading, listings and tracking."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest

from sofs_kb.problems import ContentError
from sofs_kb.training import PlanYear, PlanYearError, track_plan_year, upcoming_events
from sofs_kb.training.chart import COLOURS, contrast_ratio, progress_charts
from sofs_kb.training.clock import ClockError, day_label, days_label, parse_local, time_label
from sofs_kb.training.listings import archive, by_month, upcoming
from training_support import add_training, load


@pytest.fixture
def training(site_dir):
    return load(add_training(site_dir))


# --- plan years and times ------------------------------------------------------------------


def test_plan_years_run_april_to_march_unless_configured():
    year = PlanYear.parse("2026-27")
    assert (year.start, year.last_day, year.label) == (date(2026, 4, 1), date(2027, 3, 31), "2026-27")
    assert year.long_label == "April 2026 to March 2027"
    assert [m.key for m in year.months][:2] == ["2026-04", "2026-05"] and year.months[-1].key == "2027-03"
    assert PlanYear.parse("2026/2027") == year
    assert PlanYear.of(date(2027, 3, 31)) == year and PlanYear.of(date(2027, 4, 1)) == year.next()
    calendar_year = PlanYear.parse("2026", start_month=1)
    assert (calendar_year.start, calendar_year.last_day, calendar_year.label) == (
        date(2026, 1, 1), date(2026, 12, 31), "2026")
    september = PlanYear.of(date(2026, 8, 31), start_month=9)
    assert september.label == "2025-26" and september.end == date(2026, 9, 1)
    for bad in ("2026", "2026-28", "next year"):
        with pytest.raises(PlanYearError):
            PlanYear.parse(bad)


def test_local_times_are_uk_times_on_both_sides_of_the_clock_changes():
    summer = parse_local("2026-10-20 09:30")
    winter = parse_local("2026-10-27 09:30")
    spring = parse_local("2027-03-30 09:30")
    assert summer.utcoffset() == timedelta(hours=1)
    assert winter.utcoffset() == timedelta(0)
    assert spring.utcoffset() == timedelta(hours=1)
    assert parse_local("27/10/2026 09:30") == winter == parse_local("2026-10-27T09:30:00")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2026-02-30 09:30", "'2026-02-30 09:30' is not a real date. Check the day and the month."),
        ("2026-10-27 25:00", "'2026-10-27 25:00' is not a real time. Use the 24-hour clock, from 00:00 to 23:59."),
        ("next Tuesday", "'next Tuesday' is not a date and time. Write it as the date and the 24-hour time"),
        ("2027-03-28 01:30", "'2027-03-28 01:30' does not exist in UK time: the clocks go forward"),
        ("2026-10-25 01:30", "'2026-10-25 01:30' happens twice in UK time: the clocks go back"),
    ],
)
def test_impossible_times_are_refused_in_plain_english(text, reason):
    with pytest.raises(ClockError) as caught:
        parse_local(text)
    assert str(caught.value).startswith(reason)


def test_times_and_days_are_written_the_gov_uk_way():
    assert [time_label(parse_local(f"2026-06-01 {t}")) for t in ("09:30", "16:00", "12:00", "12:30")] == [
        "9:30am", "4pm", "midday", "12:30pm"]
    assert day_label(date(2026, 10, 27)) == "Tuesday 27 October 2026"
    assert days_label(date(2026, 10, 27), date(2026, 10, 28)) == "Tuesday 27 and Wednesday 28 October 2026"
    assert days_label(date(2026, 11, 30), date(2026, 12, 2)) == "Monday 30 November to Wednesday 2 December 2026"


# --- loading and listings -----------------------------------------------------------------


def test_courses_and_events_load_in_order(training):
    assert [c.id for c in training.courses] == ["foundation", "development-sessions", "briefings"]
    assert len(training.events) == 9
    assert training.events[0].start == datetime.fromisoformat("2026-04-14 13:30+01:00")
    assert training.warnings == []
    foundation = training.course("foundation")
    assert foundation.delivery_label == "In person"
    assert training.course("development-sessions").delivery_label == "In person or online"
    assert foundation.src_uri == "training/foundation.md"


def test_each_event_knows_its_places_status_and_booking(training):
    by_start = {e.start.strftime("%Y-%m-%d"): e for e in training.events}
    full_by_booking = by_start["2026-12-15"]
    assert full_by_booking.status == "open" and full_by_booking.places_left == 0
    assert (full_by_booking.shown_status, full_by_booking.tag) == ("full", "Full")
    assert full_by_booking.online and full_by_booking.locality == "north-norfolk"
    assert by_start["2026-12-08"].tag == "Cancelled"
    march = by_start["2027-03-30"]
    assert (march.places_left, march.tag, march.is_bookable) == (38, "", True)
    assert march.booking_href == "https://learning.example.org/book/foundation-march"
    assert by_start["2026-10-20"].booking_href == "mailto:training@example.org"  # the course's booking
    assert march.days == 2 and march.when == "Tuesday 30 and Wednesday 31 March 2027, 9:30am to 4:30pm each day"
    assert march.uid("norfolk-sofs-kb") == "foundation-20270330t0930-south-norfolk@norfolk-sofs-kb"
    assert by_start["2027-01-13"].slug == "briefings-20270113t1000-online"


def test_upcoming_keeps_cancelled_dates_and_the_archive_has_the_past(training):
    today = training.settings.today
    soon = upcoming(training.events, today)
    assert [e.start.strftime("%Y-%m-%d") for e in soon] == [
        "2026-12-08", "2026-12-15", "2027-01-13", "2027-03-23", "2027-03-30"]
    assert [g.month.key for g in by_month(soon)] == ["2026-12", "2027-01", "2027-03"]
    years = archive(training)
    assert [y.plan_year.label for y in years] == ["2026-27"]
    assert [g.month.key for g in years[0].months] == ["2026-10", "2026-05", "2026-04"]
    assert years[0].count == 4


def test_upcoming_events_for_the_newsletter(training):
    events = upcoming_events(training, date(2026, 10, 1), date(2026, 12, 31))
    assert [(e.course_id, e.start.date().isoformat(), e.status, e.places_left) for e in events] == [
        ("development-sessions", "2026-12-15", "full", 0)]
    event = events[0]
    assert event.course_title == "Development sessions"
    assert event.locality_label == "North Norfolk" and event.online and event.venue == "Online"
    assert event.tag == "Full" and event.booking_href == "mailto:training@example.org"
    assert event.when == "Tuesday 15 December 2026, 1:30pm to 3:30pm"
    assert event.course_src_uri == "training/development-sessions.md"
    with_cancelled = upcoming_events(training, date(2026, 10, 1), date(2026, 12, 31), include_cancelled=True)
    assert [e.status for e in with_cancelled] == ["cancelled", "full"]
    january = upcoming_events(training, date(2027, 1, 1), date(2027, 3, 31))
    assert january[0].locality is None and january[0].locality_label == "All localities"


# --- tracking against the plan -------------------------------------------------------------


def test_tracking_figures_are_exact(training):
    report = track_plan_year(training, PlanYear(2026))
    foundation = report.course("foundation").figures
    assert (foundation.events.delivered, foundation.events.planned, foundation.events.target) == (2, 4, 6)
    assert (foundation.places.delivered, foundation.places.planned, foundation.places.target) == (100, 200, 300)
    assert foundation.attended == 75  # people, counted apart from places
    assert (foundation.booked, foundation.attended, foundation.attendance_rate) == (88, 75, 0.8523)
    assert (foundation.cancelled, foundation.cancellation_rate) == (0, 0.0)
    assert foundation.evaluation_average == 4.24  # (4.4 x 45 + 4.0 x 30) / 75

    sessions = report.course("development-sessions").figures
    assert (sessions.events.delivered, sessions.events.planned, sessions.events.target) == (1, 2, 72)
    assert (sessions.cancelled, sessions.events_listed, sessions.cancellation_rate) == (2, 4, 0.5)
    assert sessions.places.target is None

    briefings = report.course("briefings")
    assert briefings.on_request and briefings.figures.events.target is None
    assert briefings.figures.attendance_rate is None and briefings.figures.evaluation_average is None

    totals = report.totals
    assert (totals.events.delivered, totals.events.planned, totals.events_listed) == (3, 7, 9)
    assert (totals.cancelled, totals.cancellation_rate) == (2, 0.2222)
    assert (totals.booked, totals.attended, totals.attendance_rate) == (108, 93, 0.8611)
    assert totals.evaluation_average == 4.29  # 399 / 93


def test_development_sessions_by_locality_and_month_flag_missing_months(training):
    report = track_plan_year(training, PlanYear(2026))
    (sessions,) = report.monthly_sessions
    rows = {row.locality: row for row in sessions.rows}
    assert list(rows) == ["breckland", "great-yarmouth", "kings-lynn", "north-norfolk", "norwich", "south-norfolk"]
    norwich = {cell.month.key: cell for cell in rows["norwich"].cells}
    assert norwich["2026-04"].state == "held" and not norwich["2026-04"].flagged
    assert norwich["2026-05"].state == "missed" and norwich["2026-05"].cancelled == 1
    assert norwich["2026-05"].label == "None held" and norwich["2026-05"].flagged
    assert norwich["2026-11"].state == "unplanned"  # this month, nothing held or booked yet
    assert norwich["2026-12"].state == "unplanned"  # its only date is cancelled
    north = {cell.month.key: cell for cell in rows["north-norfolk"].cells}
    assert north["2026-12"].state == "planned" and north["2026-12"].label == "Planned"
    assert rows["norwich"].held == 1 and rows["norwich"].flagged == 11
    assert sessions.flagged == 6 * 12 - 2


def test_the_json_shape_is_stable(training):
    data = track_plan_year(training, PlanYear(2026)).to_dict()
    assert list(data) == ["schema_version", "plan_year", "period", "as_of", "courses", "totals", "monthly_sessions"]
    assert data["schema_version"] == 2 and data["plan_year"] == "2026-27"
    assert data["period"] == {"start": "2026-04-01", "end": "2027-03-31"} and data["as_of"] == "2026-11-26"
    course = data["courses"][0]
    assert list(course) == ["id", "title", "on_request", "events", "places", "booked", "attended",
                            "attendance_rate", "events_listed", "cancelled", "cancellation_rate", "evaluation"]
    assert course["events"] == {"delivered": 2, "planned": 4, "target": 6}
    assert course["evaluation"] == {"average": 4.24, "events_evaluated": 2}
    month = data["monthly_sessions"][0]["localities"][4]["months"][1]
    assert month == {"month": "2026-05", "held": 0, "planned": 0, "cancelled": 1, "state": "missed", "flagged": True}
    json.dumps(data)  # plain values only


def test_csv_rows_for_board_reports(training):
    report = track_plan_year(training, PlanYear(2026))
    rows = report.course_rows()
    assert [row["course"] for row in rows] == ["foundation", "development-sessions", "briefings", "all"]
    assert rows[-1]["title"] == "All courses" and rows[-1]["events_delivered"] == 3
    sessions = report.session_rows()
    assert sessions[4]["locality"] == "norwich" and sessions[4]["2026-04"] == "Held"
    assert sessions[4]["2026-05"] == "None held" and sessions[4]["flagged_months"] == 11
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    assert "foundation,Foundation training,2,4,6,100,200,300" in buffer.getvalue()


def test_a_plan_year_can_start_in_another_month(site_dir):
    project = add_training(site_dir)
    with pytest.raises(ContentError) as caught:
        load(project, plan_year_start_month=1)
    assert [str(p) for p in caught.value.problems] == [
        "data/training/2026-27.csv: file name: must be the plan year the events are in, like 2026.csv."]

    events = project / "data/training"
    lines = (events / "2026-27.csv").read_text().splitlines(keepends=True)
    (events / "2026-27.csv").unlink()
    header, rows = lines[0], lines[1:]
    (events / "2026.csv").write_text(header + "".join(row for row in rows if ",2027-" not in row))
    (events / "2027.csv").write_text(header + "".join(row for row in rows if ",2027-" in row))
    training = load(project, plan_year_start_month=1)
    report = track_plan_year(training, PlanYear(2026, start_month=1))
    assert report.to_dict()["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert report.totals.events_listed == 6
    assert [y.label for y in training.plan_years] == ["2026", "2027"]


def test_the_chart_describes_every_bar_in_words(training):
    charts = progress_charts(track_plan_year(training, PlanYear(2026)))
    assert [chart.title for chart in charts] == [
        "Dates against the yearly target, 2026-27", "Places against the yearly target, 2026-27"]
    dates = charts[0]
    assert [row.label for row in dates.rows] == ["Foundation training", "Development sessions"]
    assert ("Foundation training: 2 dates on dates held, of a target of 6 (33%); 4 counting the dates still to come."
            in dates.description)
    assert dates.rows[0].text == "2 of 6 (33%) on dates held, 4 with those still to come"
    # Bars are shares of the target, which the dashed mark shows at 100%; what is planned is hatched after.
    assert dates.rows[0].width == pytest.approx(dates.marker_x * 2 / 6, abs=0.01)
    assert dates.rows[0].width + dates.rows[0].more_width == pytest.approx(dates.marker_x * 4 / 6, abs=0.02)
    assert [row.label for row in charts[1].rows] == ["Foundation training"]  # the only places target
    assert charts[1].rows[0].text.startswith("100 of 300 (33%) on dates held")


def test_chart_colours_pass_wcag_contrast():
    background = COLOURS["background"]
    assert contrast_ratio(COLOURS["text"], background) >= 4.5
    for name in ("bar", "marker", "grid"):
        assert contrast_ratio(COLOURS[name], background) >= 3, name
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


def test_tag_and_flag_colours_in_the_stylesheet_pass_wcag_contrast():
    import re

    from conftest import PROJECT

    css = (PROJECT / "plugins/sofs_kb/theme/assets/kb/training.css").read_text()
    rules = re.findall(r"\.(kb-(?:tag|cell)--[\w-]+)[^{]*\{([^}]*)\}", css)
    checked = 0
    for name, body in rules:
        background = re.search(r"background:\s*(#[0-9a-f]{6})", body)
        colour = re.search(r"(?<!-)color:\s*(#[0-9a-f]{6})", body)
        if background and colour:
            assert contrast_ratio(colour.group(1), background.group(1)) >= 4.5, name
            checked += 1
    assert checked >= 4
