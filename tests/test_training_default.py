"""The training calendar the project ships with matches the plan and reads right in calendar apps."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import timezone
from pathlib import Path

import pytest

from conftest import PROJECT, build_site
from sofs_kb.training import PlanYear, track_plan_year
from sofs_kb.training.plan_year import Month
from training_support import TODAY, load, read_with_ical_js

PLAN_YEAR = PlanYear(2026)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("shipped-training") / "project"
    project.mkdir()
    for name in ("content", "knowledge_bank", "newsletters", "data", "mkdocs.yml"):
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    return project


@pytest.fixture(scope="module")
def training(shipped: Path):
    return load(shipped, TODAY)


def test_the_calendar_loads_cleanly_on_the_day_it_describes(training):
    assert training.warnings == []
    assert [c.id for c in training.courses] == [
        "briefings", "foundation", "family-networking", "practice-leaders",
        "development-sessions", "leadership-learning"]
    assert all(PLAN_YEAR.contains(event.first_day) for event in training.events)


def test_past_dates_are_delivered_except_one_cancellation_and_later_ones_are_open_or_full(training):
    past = [e for e in training.events if e.first_day < TODAY]
    future = [e for e in training.events if e.first_day >= TODAY]
    assert Counter(e.status for e in past) == {"delivered": len(past) - 1, "cancelled": 1}
    assert {e.status for e in future} <= {"open", "full"}
    assert any(e.shown_status == "full" for e in future)
    for event in past:
        if event.status == "delivered":
            assert event.attended is not None and 1 <= event.evaluation <= 5


def test_the_calendar_matches_the_plans_numbers(training):
    report = track_plan_year(training, PLAN_YEAR)
    for course_id, events, places in (("foundation", 6, 300), ("family-networking", 6, 300),
                                      ("practice-leaders", 1, 50)):
        figures = report.course(course_id).figures
        assert (figures.events.target, figures.places.target) == (events, places), course_id
        assert (figures.events_listed, figures.places.planned) == (events, places), course_id
    assert report.course("briefings").on_request
    sessions = [e for e in training.events if e.course.id == "development-sessions"]
    per_month = Counter((e.locality, Month.of(e.first_day)) for e in sessions)
    assert set(per_month.values()) == {1}
    assert len(per_month) == 12 * 6
    assert report.course("leadership-learning").figures.events_listed >= 2


def test_the_calendar_crosses_both_clock_changes(training):
    offsets = {(e.first_day.month, e.start.utcoffset().total_seconds() // 3600) for e in training.events}
    assert (10, 1) in offsets and (10, 0) in offsets  # late October, before and after
    assert (3, 0) in offsets and (3, 1) in offsets  # late March, before and after


def test_course_pages_are_plain_and_contact_only_a_team_mailbox(training, shipped: Path):
    emails = set()
    for course in training.courses:
        source = (shipped / course.path).read_text(encoding="utf-8")
        emails |= set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", source))
        body = source.split("---", 2)[2]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", body) if s.strip()]
        assert max(len(s.split()) for s in sentences) <= 30, course.id
    for event in training.events:
        emails.add(event.booking)
    assert emails == {"signsofsafety@norfolk.gov.uk"}


def test_ical_js_reads_every_shipped_feed_at_the_times_in_the_data(shipped: Path, training):
    site = build_site(shipped)
    paths = sorted((site / "training/calendar").rglob("*.ics"))
    parsed = read_with_ical_js(paths)
    everything = parsed[str(site / "training/calendar/all.ics")]["events"]
    assert len(everything) == len(training.events) == 92
    by_uid = {event["uid"]: event for event in everything}
    for event in training.events:
        seen = by_uid[event.uid("norfolk-sofs-kb")]
        expected = event.start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:00.000Z")
        assert seen["occurrences"][0]["start"] == expected, event.slug
        assert len(seen["occurrences"]) == event.days
        assert seen["status"] == ("CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    assert sum(len(calendar["events"]) for path, calendar in parsed.items() if "/event/" in path) == 92
