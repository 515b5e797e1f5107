"""Bad training data gets a clear message naming the file, the row and the column, all in one run."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, write
from sofs_kb.problems import ContentError
from training_support import add_training, load

HEADER = "course,start,end,locality,venue,places,booked,status,booking,attended,evaluation\n"
EVENTS = "data/training/2026-27.csv"

# (row, expected message) for each bad row; the row numbers are the spreadsheet's (header = 1).
BAD_ROWS = [
    ("fondation,2026-12-01 13:30,2026-12-01 15:30,norwich,Hall,25,0,open,,,",
     "row 2: course: 'fondation' is not a course. Did you mean 'foundation'? "
     "Choose from: foundation, development-sessions, briefings."),
    ("foundation,2026-12-02 13:30,2026-12-02 15:30,norwch,Hall,25,0,open,,,",
     "row 3: locality: 'norwch' is not a locality. Did you mean 'norwich'? Choose from: breckland,"),
    ("foundation,2026-12-03 13:30,2026-12-03 09:00,norwich,Hall,25,0,open,,,",
     "row 4: end: 2026-12-03 09:00 is before the start, 2026-12-03 13:30."),
    ("foundation,2027-02-30 09:30,2027-02-28 12:00,norwich,Hall,25,0,open,,,",
     "row 5: start: '2027-02-30 09:30' is not a real date. Check the day and the month."),
    ("foundation,2026-12-05 09:30,2026-12-05 24:30,norwich,Hall,25,0,open,,,",
     "row 6: end: '2026-12-05 24:30' is not a real time. Use the 24-hour clock, from 00:00 to 23:59."),
    ("foundation,2026-12-06 09:30,2026-12-06 12:00,norwich,Hall,25,30,open,,,",
     "row 7: booked: 30 is more than the 25 places. Correct the numbers."),
    ("foundation,2026-11-02 09:30,2026-11-02 12:00,norwich,Hall,25,20,delivered,,22,4.1",
     "row 8: attended: 22 is more than the 20 booked. Check both numbers."),
    ("foundation,2026-11-03 09:30,2026-11-03 12:00,norwich,Hall,25,20,delivered,,18,6",
     "row 9: evaluation: 6 is out of range. Give the average score from 1 to 5, like 4.2."),
    ("foundation,2027-01-05 09:30,2027-01-05 12:00,breckland,Hall,25,0,open,,,", None),
    ("foundation,2027-01-05 09:30,2027-01-05 16:00,breckland,Other hall,25,0,open,,,",
     "row 11: course: repeats row 10: the same course, start and locality. "
     "Delete one of the rows, or correct the start or the locality."),
    ("foundation,2027-01-06 09:30,2027-01-06 12:00,norwich,Hall,25,0,postponed,,,",
     "row 12: status: 'postponed' is not a status. Use open, full, cancelled or delivered."),
    ("foundation,2027-01-07 09:30,2027-01-07 12:00,norwich,Hall,fifty,0,open,,,",
     "row 13: places: 'fifty' is not a whole number."),
    ("foundation,2027-04-07 09:30,2027-04-07 12:00,norwich,Hall,25,0,open,,,",
     "row 14: start: 2027-04-07 is outside plan year 2026-27 (April 2026 to March 2027). "
     "Move the row to 2027-28.csv."),
    ("foundation,2027-01-08 09:30,2027-01-08 12:00,norwich,Hall,25,10,open,,9,",
     "row 15: attended: is only for delivered events. Clear it, or set the status to delivered."),
    ("foundation,2026-11-04 09:30,2026-11-04 12:00,norwich,Hall,25,10,delivered,,,",
     "row 16: attended: is empty. A delivered event needs the number of people who came (0 if nobody did)."),
    ("foundation,2027-01-09 09:30,2027-01-09 12:00,norwich,,25,0,open,,,",
     "row 17: venue: is empty. Give the venue's name and town, or write Online."),
    ("foundation,2027-01-10 09:30,2027-01-10 12:00,,Hall,25,0,open,,,",
     "row 18: locality: is empty. An event in a venue needs its locality."),
    ("foundation,2027-01-11 09:30,2027-01-11 12:00,norwich,Hall,25,0,open,call the office,,",
     "row 19: booking: 'call the office' is not a way to book. Give a web address starting with https:// "
     "or an email address"),
    ("foundation,2027-01-12 09:30,2027-01-12 12:00,norwich,Hall, Norwich,25,0,open,,,",
     "row 20: cells: has 12 cells but there are 11 columns. Look for a stray comma"),
    ("foundation,2027-01-13 09:30,2027-01-15 09:00,norwich,Hall,25,0,open,,,",
     "row 21: end: the course runs over 3 days, so the end time is when each day finishes. "
     "09:00 is not after the daily start time, 09:30."),
    ("foundation,2027-03-28 01:30,2027-03-28 04:00,norwich,Hall,25,0,open,,,",
     "row 22: start: '2027-03-28 01:30' does not exist in UK time: the clocks go forward an hour that night."),
]


def bad_file() -> str:
    return HEADER + "".join(row + "\n" for row, _ in BAD_ROWS)


def problems_for(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(project)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def project(site_dir: Path) -> Path:
    return add_training(site_dir)


def test_every_bad_row_is_reported_in_one_run(project: Path):
    write(project / EVENTS, bad_file())
    problems = problems_for(project)
    expected = [f"{EVENTS}: {message}" for _, message in BAD_ROWS if message]
    for message in expected:
        assert any(problem.startswith(message) for problem in problems), (message, problems)
    assert len(problems) == len(expected), problems
    # In file order, so a coordinator can fix them top to bottom.
    rows = [int(problem.split("row ")[1].split(":")[0]) for problem in problems]
    assert rows == sorted(rows)


def test_independent_problems_in_one_row_are_all_reported(project: Path):
    write(project / EVENTS, HEADER + "foundation,2026-12-01 09:30,2026-12-01 12:00,nowhere,Hall,25,26,open,,,9\n")
    with pytest.raises(ContentError) as caught:
        load(project)
    assert sorted(problem.field for problem in caught.value.problems) == [
        "row 2: booked", "row 2: evaluation", "row 2: locality"]
    reasons = {problem.reason for problem in caught.value.problems}
    assert "9 is out of range. Give the average score from 1 to 5, like 4.2." in reasons


def test_missing_and_unknown_columns(project: Path):
    write(project / EVENTS, "course,start,end,locality,palces,booked,status,booking,attended,evaluation\n"
                            "foundation,2026-12-01 09:30,2026-12-01 12:00,norwich,25,0,open,,,\n")
    assert problems_for(project) == [
        f"{EVENTS}: row 1: columns: 'venue' and 'places' are missing. The first row must name every column: "
        "course, start, end, locality, venue, places, booked, status, booking, attended, evaluation.",
        f"{EVENTS}: row 1: palces: is not a column we know. Did you mean 'places'?",
    ]


def test_a_file_a_spreadsheet_saved_in_the_wrong_encoding(project: Path):
    raw = (HEADER + "foundation,2026-12-01 09:30,2026-12-01 12:00,norwich,Caf\xe9,25,0,open,,,\n").encode("cp1252")
    (project / EVENTS).write_bytes(raw)
    bad_byte = raw.index(0xE9) + 1
    assert problems_for(project) == [
        f"{EVENTS}: encoding: the file is not UTF-8 text (byte {bad_byte} is not valid). "
        "In your spreadsheet, save it again as 'CSV UTF-8'."]


def test_a_spreadsheet_byte_order_mark_and_capitalised_values_are_fine(project: Path):
    text = (HEADER.replace("course", "Course") + "foundation,2026-12-01 09:30,2026-12-01 12:00,Norwich,"
            "Hall,25,3,Open,,,\n")
    (project / EVENTS).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (event,) = load(project).events
    assert (event.locality, event.status) == ("norwich", "open")


def test_a_file_not_named_for_a_plan_year(project: Path):
    (project / EVENTS).rename(project / "data/training/training dates.csv")
    write(project / "data/training/notes.txt", "to do")
    assert problems_for(project) == [
        "data/training/notes.txt: file: is not a CSV file. data/training/ holds one CSV file per plan year.",
        "data/training/training dates.csv: file name: must be the plan year the events are in, like 2026-27.csv.",
    ]


def test_the_same_event_in_two_files(project: Path):
    text = (project / EVENTS).read_text()
    write(project / "data/training/2027-28.csv", HEADER)
    write(project / EVENTS, text + text.splitlines()[1] + "\n")
    problems = problems_for(project)
    assert problems == [f"{EVENTS}: row 11: course: repeats row 2: the same course, start and locality. "
                        "Delete one of the rows, or correct the start or the locality."]


def test_course_page_problems(project: Path):
    course = project / "content/training/foundation.md"
    text = course.read_text()
    course.write_text(text.replace("plan_sections: [learning]", "plan_sections: [learnin]")
                      .replace("audience: [social-care, health]", "audience: [social-care, fire]"))
    briefings = project / "content/training/briefings.md"
    briefings.write_text(briefings.read_text().replace("id: briefings", "id: briefing"))
    sessions = project / "content/training/development-sessions.md"
    sessions.write_text(sessions.read_text().replace("  every_month_in_each_locality: true",
                                                     "  every_month_in_each_locality: true\n  events: 12"))
    problems = problems_for(project)
    assert problems == [
        "content/training/briefings.md: id: 'briefing' must match the file name, briefings.md. "
        "Use id: briefings, or rename the file to briefing.md.",
        "content/training/development-sessions.md: yearly_target: every_month_in_each_locality already sets "
        "the number of events (12 in each locality). Remove events.",
        "content/training/foundation.md: audience: 'fire' is not an audience. Choose from: social-care, "
        "early-help, health, education, police, voluntary-sector, families.",
        "content/training/foundation.md: plan_sections: 'learnin' is not a plan section. Choose from: "
        "leadership, risk-sensible-practice, learning, system-alignment, measuring-impact.",
    ]  # and the events of those courses are not reported again as 'not a course'


def test_a_course_cannot_take_the_address_of_a_generated_page(project: Path):
    source = project / "content/training/briefings.md"
    write(project / "content/training/upcoming.md", source.read_text().replace("id: briefings", "id: upcoming"))
    assert problems_for(project) == [
        "content/training/upcoming.md: file name: 'upcoming' is the address of a page the site makes. "
        "Choose another file name and id."]


def test_stale_statuses_are_warnings_not_errors(project: Path):
    write(project / EVENTS, HEADER
          + "foundation,2026-11-10 09:30,2026-11-10 12:00,norwich,Hall,25,3,open,,,\n"
          + "foundation,2026-12-10 09:30,2026-12-10 12:00,norwich,Hall,25,3,delivered,,3,4\n"
          + "foundation,2026-12-11 09:30,2026-12-11 12:00,norwich,Online,25,3,open,,,\n"
          + "foundation,2026-11-11 09:30,2026-11-11 12:00,norwich,Hall,25,3,delivered,,3,\n")
    training = load(project)
    assert len(training.events) == 4
    assert [str(w) for w in training.warnings] == [
        f"{EVENTS}: row 2: status: is still open, but the event finished on 2026-11-10. Set it to delivered "
        "with the number who attended, or to cancelled.",
        f"{EVENTS}: row 3: status: is delivered, but the event starts on 2026-12-10, after today. Check the date.",
        f"{EVENTS}: row 4: venue: makes this event online, but content/training/foundation.md says Foundation "
        "training is in person. Check the venue, or add 'online' to the course's delivery.",
        f"{EVENTS}: row 5: evaluation: is empty. Add the average evaluation score when the forms are in.",
    ]


# --- through the site build and the command ------------------------------------------------


def test_the_site_build_stops_and_names_every_problem(project: Path, caplog):
    write(project / EVENTS, bad_file())
    caplog.set_level(logging.INFO, logger="mkdocs")
    with pytest.raises(Abort):
        build_site(project)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert f"{EVENTS}: row 2: course: 'fondation' is not a course. Did you mean 'foundation'?" in errors[0]
    assert any(f"{EVENTS}: row 11: course: repeats row 10" in message for message in errors)
    assert any("20 problems in the training content" in message for message in errors), errors


def test_kb_training_build_reports_without_a_traceback(project: Path):
    write(project / EVENTS, bad_file())
    result = subprocess.run([sys.executable, "-m", "sofs_kb.cli", "training", "build"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{EVENTS}: row 2: course: 'fondation' is not a course.")
    assert lines[-1] == "Error: 20 problems in the content. Fix them and try again."
    assert not (project / "build").exists()  # nothing half-built
