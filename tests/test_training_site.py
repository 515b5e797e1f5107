"""Build a site with training for real and check the pages, the feeds and the commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import FIXTURES, article, build_site, page, write
from training_support import add_training, read_with_ical_js

KB = [sys.executable, "-m", "sofs_kb.cli"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("training") / "project"
    shutil.copytree(FIXTURES / "site", project)
    return add_training(project)


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    return build_site(project)


def events_in(node) -> list:
    return node.select("li.kb-event")


def text(node) -> str:
    return node.get_text(" ", strip=True)


def feeds(site: Path) -> list[Path]:
    return sorted((site / "training/calendar").rglob("*.ics"))


# --- pages ---------------------------------------------------------------------------------


def test_training_pages_have_stable_addresses(built: Path):
    for path in ["training", "training/upcoming", "training/foundation", "training/briefings",
                 "training/locality", "training/locality/norwich", "training/past-events",
                 "training/calendars", "training/progress", "training/progress/2026-27"]:
        assert (built / path / "index.html").is_file(), path


def test_upcoming_is_by_month_with_places_left_and_clear_tags(built: Path):
    body = article(built, "training/upcoming")
    assert [text(h2) for h2 in body.find_all("h2")] == ["December 2026", "January 2027", "March 2027"]
    events = events_in(body)
    assert len(events) == 5
    cancelled, full, briefing, full_march, open_march = events
    # The cancelled date stays listed, tagged in words.
    assert cancelled.select_one(".kb-tag").get_text() == "Cancelled"
    assert "This date is cancelled and will not go ahead." in text(cancelled)
    assert "Book" not in text(cancelled)
    # Booked up (status open, no places left) reads as full.
    assert full.select_one(".kb-tag").get_text() == "Full"
    assert "None left: all 25 places are booked" in text(full)
    assert "To join the waiting list, email training@example.org" in text(full)
    assert "Online (North Norfolk)" in text(full)
    assert full_march.select_one(".kb-tag").get_text() == "Full"
    assert open_march.select_one(".kb-tag") is None
    assert "38 places left of 50" in text(open_march)
    book = next(a for a in open_march.find_all("a") if text(a).startswith("Book a place"))
    assert book["href"] == "https://learning.example.org/book/foundation-march"
    assert "on Foundation training, Tuesday 30 and Wednesday 31 March 2027" in text(book)
    assert open_march.time["datetime"] == "2027-03-30T09:30:00+01:00"
    assert "Tuesday 30 and Wednesday 31 March 2027, 9:30am to 4:30pm each day" in text(open_march)
    course_link = open_march.select_one(".kb-event__title a")
    assert (text(course_link), course_link["href"]) == ("Foundation training", "../foundation/")
    assert "To book, email briefings@example.org" in text(briefing)
    calendar = next(a for a in open_march.find_all("a") if text(a).startswith("Add to your calendar"))
    assert calendar["href"] == "../calendar/event/foundation-20270330t0930-south-norfolk.ics"


def test_course_page_shows_facts_dates_and_the_writers_text(built: Path):
    body = article(built, "training/foundation")
    facts = {div.dt.get_text(strip=True): text(div.dd) for div in body.select("aside.kb-meta dl > div")}
    assert facts["For"] == "Children's social care Health"
    assert facts["Length"] == "2 days" and facts["How it runs"] == "In person"
    assert facts["How often"] == "6 dates a year, 300 places"
    assert facts["How to book"] == "Email training@example.org"
    assert body.select_one("aside.kb-meta a")["href"] == "../../plan/learning/"
    dates = events_in(body)
    assert [text(d.select_one(".kb-event__title")) for d in dates] == [
        "Tuesday 23 and Wednesday 24 March 2027, 9:30am to 4:30pm each day Full",
        "Tuesday 30 and Wednesday 31 March 2027, 9:30am to 4:30pm each day",
    ]
    assert body.find(id="what-you-will-learn") is not None
    assert "2 dates of this course have already passed." in text(body)
    feed = body.find("a", string="Add every date of this course to your calendar")
    assert feed["href"] == "../calendar/course/foundation.ics"
    briefings = article(built, "training/briefings")
    assert "How often On request" in text(briefings.select_one("aside.kb-meta"))


def test_training_home_lists_courses_with_their_next_date(built: Path):
    body = article(built, "training")
    cards = body.select("li.kb-card")
    assert [text(c.select_one(".kb-card__title")) for c in cards] == [
        "Foundation training", "Development sessions", "Briefings"]
    assert "Next date with places: Tuesday 30 and Wednesday 31 March 2027" in text(cards[0])
    assert "No dates with places at the moment" in text(cards[1])
    assert "Book training here." in text(body)


def test_locality_pages_and_online_dates_for_everyone(built: Path):
    norwich = article(built, "training/locality/norwich")
    assert text(norwich.h1) == "Training in Norwich"
    assert [e.select_one(".kb-tag").get_text() for e in events_in(norwich) if e.select_one(".kb-tag")][0] == "Cancelled"
    online = norwich.find(id="online-for-everyone")
    assert online is not None
    assert "Briefings" in text(online.find_next("ul"))
    assert "3 dates in Norwich have already passed." in text(norwich)
    north = article(built, "training/locality/north-norfolk")
    assert "Tuesday 15 December 2026" in text(north)
    index = article(built, "training/locality")
    assert "North Norfolk (1 upcoming date)" in text(index)


def test_archive_keeps_past_dates_and_cancellations(built: Path):
    body = article(built, "training/past-events")
    assert text(body.h2).startswith("Plan year 2026-27")
    assert [text(h3) for h3 in body.find_all("h3")] == ["October 2026", "May 2026", "April 2026"]
    events = events_in(body)
    assert len(events) == 4
    assert "Attended 45 of 48 booked" in text(events[0])
    assert events[0].select_one(".kb-tag").get_text() == "Delivered"
    may = events[2]
    assert may.select_one(".kb-tag").get_text() == "Cancelled"


def test_progress_page_has_the_table_chart_and_missing_months(built: Path):
    body = article(built, "training/progress/2026-27")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in body.select("table")[0].select("tbody tr")}
    # Dates held, dates going ahead, dates promised; places offered, places promised; then people.
    assert rows["Foundation training"] == ["2", "4", "6", "200", "300", "75", "85%", "0", "4.2"]
    assert rows["Development sessions"] == ["1", "2", "72", "50", "–", "18", "90%", "2 of 4 listed", "4.5"]
    assert rows["Briefings"] == ["0", "1", "On request", "30", "–", "0", "–", "0", "–"]
    totals = [text(td) for td in body.select("table")[0].select("tfoot td")]
    assert totals == ["3", "7", "–", "280", "–", "93", "86%", "2 of 9 listed", "4.3"]
    headings = [text(th) for th in body.select("table")[0].select("thead th")]
    assert "People who attended" in headings and "Places offered" in headings
    assert len(body.select("table")[0].select("thead tr")) == 1  # one header row: every cell has one heading

    charts = body.select("figure.kb-chart svg.kb-chart__svg")
    assert len(charts) == 2
    svg = charts[0]
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert text(svg.find(id=title_id)) == "Dates against the yearly target, 2026-27"
    assert ("Foundation training: 2 dates on dates held, of a target of 6 (33%); 4 counting the dates still to come."
            in text(svg.find(id=desc_id)))
    assert "Foundation training: 2 of 6 (33%) on dates held" in text(svg)

    grid = body.select("table")[1]
    cells = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in grid.select("tbody tr")}
    assert cells["Norwich"][:3] == ["Held", "None held", "None held"]
    assert cells["North Norfolk"][8] == "Planned"
    assert grid.select_one("td.kb-cell--missed strong").get_text() == "None held"
    assert "70 months need attention" in text(body)


def test_training_section_in_the_nav_without_every_locality(built: Path):
    nav = text(page(built, "training/upcoming").select_one("nav.md-nav--primary"))
    assert "Training" in nav and "Upcoming training" in nav
    assert "Training in Norwich" not in nav


# --- calendar feeds ------------------------------------------------------------------------


def test_every_feed_is_made(built: Path):
    names = {p.relative_to(built / "training/calendar").as_posix() for p in feeds(built)}
    assert {"all.ics", "course/foundation.ics", "course/briefings.ics", "locality/norwich.ics",
            "event/foundation-20261027t0930-great-yarmouth.ics"} <= names
    assert len([n for n in names if n.startswith("event/")]) == 9
    assert len([n for n in names if n.startswith("locality/")]) == 6


def test_feeds_are_valid_icalendar_with_stable_uids_and_cancellations(built: Path):
    calendar = Calendar.from_ical((built / "training/calendar/all.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 9
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 9
    assert "foundation-20261020t0930-norwich@norfolk-sofs-kb" in uids
    cancelled = [e for e in events if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["SUMMARY"]) for e in cancelled] == ["Cancelled: Development sessions"] * 2
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED", "CONFIRMED"}
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    first = next(e for e in events if str(e["UID"]).startswith("foundation-20261020"))
    assert first["DTSTART"].params["TZID"] == "Europe/London"
    assert first.decoded("DTSTART").astimezone(timezone.utc) == datetime(2026, 10, 20, 8, 30, tzinfo=timezone.utc)
    assert str(first["RRULE"].to_ical(), "ascii") == "FREQ=DAILY;COUNT=2"
    assert first["URL"] == "https://example.org/kb/training/foundation/"
    norwich = Calendar.from_ical((built / "training/calendar/locality/norwich.ics").read_bytes())
    assert len(norwich.walk("VEVENT")) == 4


def test_ical_js_reads_every_feed_with_the_right_times(built: Path):
    parsed = read_with_ical_js(feeds(built))
    assert len(parsed) == len(feeds(built)) == 9 + 3 + 6 + 1
    for path, calendar in parsed.items():
        assert calendar["version"] == "2.0", path
        if calendar["events"]:
            assert calendar["timezones"] == ["Europe/London"], path
        for event in calendar["events"]:
            assert event["tzid"] == "Europe/London" and event["zone"] == "Europe/London", (path, event["uid"])
    everything = {e["uid"].split("@")[0]: e for e in parsed[str(built / "training/calendar/all.ics")]["events"]}
    starts = {uid: [o["start"] for o in e["occurrences"]] for uid, e in everything.items()}
    # British Summer Time before 25 October 2026 and after 28 March 2027; GMT between.
    assert starts["foundation-20261020t0930-norwich"] == ["2026-10-20T08:30:00.000Z", "2026-10-21T08:30:00.000Z"]
    assert starts["foundation-20261027t0930-great-yarmouth"] == ["2026-10-27T09:30:00.000Z", "2026-10-28T09:30:00.000Z"]
    assert starts["foundation-20270323t0930-breckland"] == ["2027-03-23T09:30:00.000Z", "2027-03-24T09:30:00.000Z"]
    assert starts["foundation-20270330t0930-south-norfolk"] == ["2027-03-30T08:30:00.000Z", "2027-03-31T08:30:00.000Z"]
    assert everything["foundation-20270330t0930-south-norfolk"]["occurrences"][1]["end"] == "2027-03-31T15:30:00.000Z"
    assert starts["development-sessions-20261215t1330-north-norfolk"] == ["2026-12-15T13:30:00.000Z"]
    cancelled = everything["development-sessions-20261208t1330-norwich"]
    assert cancelled["status"] == "CANCELLED" and cancelled["summary"] == "Cancelled: Development sessions"
    march = everything["foundation-20270330t0930-south-norfolk"]
    assert march["location"] == "Central Hall, Wymondham (South Norfolk)"
    assert "How to book: https://learning.example.org/book/foundation-march" in march["description"]


def test_feeds_are_the_same_on_every_build(project: Path, built: Path, tmp_path: Path):
    again = tmp_path / "again"
    shutil.copytree(project, again, ignore=shutil.ignore_patterns("site"))
    second = build_site(again)
    for feed in feeds(built):
        assert feed.read_bytes() == (second / feed.relative_to(built)).read_bytes(), feed


def test_a_new_course_needs_no_nav_entry(site_dir: Path):
    project = add_training(site_dir)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "validation:\n  omitted_files: warn\n")
    source = (project / "content/training/briefings.md").read_text()
    write(project / "content/training/team-talks.md", source.replace("id: briefings", "id: team-talks")
          .replace("title: Briefings", "title: Team talks"))
    site = build_site(project)  # strict: a page left out of the nav would stop it
    assert "Team talks" in text(article(site, "training"))
    assert (site / "training/team-talks/index.html").is_file()


def test_training_plugin_can_be_switched_off(site_dir: Path):
    project = add_training(site_dir, plugin_options="      enabled: false\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().split("  - Training:")[0])
    site = build_site(project)
    assert not (site / "training/upcoming").exists()


# --- commands ------------------------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def test_kb_training_build_writes_a_preview_with_the_same_calendars(project: Path, built: Path):
    result = run("training", "build", "--out", "preview", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked 3 courses and 9 dates. Wrote 16 pages and 19 calendars to preview.")
    preview = project / "preview"
    upcoming = page(preview, "upcoming")
    assert [text(h2) for h2 in upcoming.article.find_all("h2")] == ["December 2026", "January 2027", "March 2027"]
    assert upcoming.html["lang"] == "en"
    assert upcoming.find("link", rel="stylesheet")["href"] == "../assets/kb/preview.css"
    assert (preview / "assets/kb/training.css").is_file()
    course = page(preview, "foundation")
    assert course.select_one("aside.kb-meta a")["href"] == "https://example.org/kb/plan/learning/"
    assert course.select_one(".kb-event__actions a[download]")["href"] == (
        "../calendar/event/foundation-20270323t0930-breckland.ics")
    for feed in feeds(built):
        assert feed.read_bytes() == (preview / feed.relative_to(built / "training")).read_bytes()
    assert not (project / "content/upcoming.md").exists()


def test_kb_training_build_will_not_empty_a_content_folder(project: Path):
    result = run("training", "build", "--out", "data", cwd=project)
    assert result.returncode == 1
    assert "data: folder: cannot be used, because it is or holds content people write." in result.stderr
    assert (project / "data/vocabularies.yml").is_file()


def test_kb_training_report_json_and_csv(project: Path):
    result = run("training", "report", "--format", "json", "--plan-year", "2026-27", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan_year"] == "2026-27" and data["courses"][0]["places"] == {
        "delivered": 100, "planned": 200, "target": 300}
    assert data["courses"][0]["attended"] == 75
    assert data["totals"]["cancelled"] == 2

    result = run("training", "report", "--format", "csv", "--plan-year", "2026/27", cwd=project)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("plan_year,course,title,events_delivered,events_planned,events_target,")
    assert lines[1].startswith("2026-27,foundation,Foundation training,2,4,6,100,200,300,88,75,0.8523,4,0,0.0,4.24,2")
    assert lines[-1].startswith("2026-27,all,All courses,3,7,,125,280,,108,93,0.8611,9,2,0.2222,4.29,3")

    sessions = run("training", "report", "--format", "csv", "--table", "sessions", cwd=project)
    assert "2026-27,development-sessions,norwich,1,11,Held,None held," in sessions.stdout


def test_kb_training_report_never_overwrites_without_force(project: Path):
    target = project / "report.json"
    target.write_text("my notes")
    refused = run("training", "report", "--output", "report.json", cwd=project)
    assert refused.returncode == 1
    assert "report.json: file: already exists. Use --force to replace it." in refused.stderr
    assert target.read_text() == "my notes"
    forced = run("training", "report", "--output", "report.json", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert json.loads(target.read_text())["plan_year"] == "2026-27"


def test_kb_training_report_names_a_bad_plan_year(project: Path):
    result = run("training", "report", "--plan-year", "2026-2028", cwd=project)
    assert result.returncode == 2
    assert "'2026-2028' is not a plan year: the second year must follow the first, like 2026-27." in result.stderr
    assert "Traceback" not in result.stderr


def test_other_plugins_can_reach_the_loaded_figures(site_dir: Path):
    """As the impact dashboard will: a hook reads the training a build has loaded."""
    project = add_training(site_dir)
    write(project / "dashboard_hook.py", '''
import json
from pathlib import Path
from sofs_kb.mkdocs_plugins.training import loaded_training
from sofs_kb.training import PlanYear, track_plan_year

def on_files(files, config):
    data = loaded_training(config)
    report = track_plan_year(data, PlanYear.parse("2026-27"))
    Path(config.config_file_path).with_name("figures.json").write_text(json.dumps(report.to_dict()))
''')
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - dashboard_hook.py\n")
    build_site(project)
    figures = json.loads((project / "figures.json").read_text())
    assert figures["totals"]["events"] == {"delivered": 3, "planned": 7, "target": None}
