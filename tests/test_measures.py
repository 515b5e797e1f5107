"""Measures as data: figures from data/measures/*.csv, statuses, charts, example rows and bad rows.

The fixture site is built as of 26 November 2026. Its "Measuring impact" plan page is
rewritten here with six measures whose figures give every status:

| measure | figures | status |
|---|---|---|
| staff-survey (target 1,200 staff) | 2024-25: 1,021; 2025-26: 1,339 | on track: the target is reached |
| satisfaction (higher is better) | 2025-26: 88% | too soon to tell: one figure, nothing to compare |
| away-from-home (lower, compared with neighbours) | 2026-Q2: 66.4 (65.9); 2026-Q3: 65.7 (65.5) | not on track: above similar areas |
| complaints (lower) | 2026-Q1: 38; 2026-Q2: 35 | no data since 30 June 2026: Q3 ended on 30 September |
| family-survey | none | no data yet |
| audits (higher, monthly) | Sep 70%, Oct 72%, Nov 60% so far | on track: October, the last month over, rose |
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import article, build_site, write
from sofs_kb.impact.measures import Point, judge
from sofs_kb.impact.periods import Period, PeriodError
from sofs_kb.model.plan import EvidenceMeasure

KB = [sys.executable, "-m", "sofs_kb.cli"]

PLAN = """---
id: measuring-impact
title: "Measuring impact"
order: 5
summary: What the measuring-impact section is about.
evidence:
  - id: staff-survey
    title: How many staff take part in the staff survey
    kind: survey
    target: 1200
    unit: staff
  - id: satisfaction
    title: Family satisfaction
    kind: survey
    better: higher
    unit: percent
  - id: away-from-home
    title: Children living away from home
    kind: data
    better: lower
    unit: per 10,000 children
    compare_with: neighbours
  - id: complaints
    title: Number of complaints
    kind: data
    better: lower
  - id: family-survey
    title: Family survey participation
    kind: survey
    better: higher
  - id: audits
    title: Audit outcomes
    kind: audit
    better: higher
    unit: percent
---
## What needs to happen

Good things happen in measuring impact.
"""

DATA = """# benchmark: england = England average
# benchmark: neighbours = Similar areas (statistical neighbours),,,,,,
measure,period,value,source,note,england,neighbours
staff-survey,2024-25,1021,Staff survey 2025,,,
staff-survey,2025-26,1339,Staff survey 2026,Online and paper,,
satisfaction,2025-26,88%,Family survey 2026,,,
away-from-home,2026-Q2,66.4,Department for Education,,70,65.9
away-from-home,2026-Q3,65.7,Department for Education,,70,65.5
complaints,2026-Q1,38,Complaints team,,,
complaints,2026-Q2,35,Complaints team,,,
audits,2026-09,70,Audit team,,,
audits,2026-10,72,Audit team,,,
audits,2026-11,60,Audit team,Two audits so far,,
"""


def with_measures(project: Path, data: str = DATA, name: str = "figures.csv") -> Path:
    write(project / "content/plan/measuring-impact.md", PLAN)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nnav:\n", "\n  - sofs/impact\nnav:\n", 1))
    # Excel saves "CSV UTF-8" with a byte-order mark; it must not matter.
    (project / "data/measures").mkdir(parents=True, exist_ok=True)
    (project / "data/measures" / name).write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))
    return project


def kb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(site_dir: Path) -> Path:
    return with_measures(site_dir)


def measures_of(project: Path) -> dict:
    result = kb("report", cwd=project)
    assert result.returncode == 0, result.stderr
    sections = json.loads(result.stdout)["plan_sections"]
    return {m["id"]: m for s in sections if s["id"] == "measuring-impact" for m in s["measures"]}


def test_every_status_from_the_figures(project: Path):
    found = measures_of(project)
    statuses = {key: (value["status"], value["status_label"]) for key, value in found.items()}
    assert statuses == {
        "staff-survey": ("on-track", "on track"),
        "satisfaction": ("too-soon", "too soon to tell"),
        "away-from-home": ("not-on-track", "not on track"),
        "complaints": ("no-data-since", "no data since 30 June 2026"),
        "family-survey": ("no-data-yet", "no data yet"),
        "audits": ("on-track", "on track"),
    }
    assert found["staff-survey"]["status_reason"] == (
        "The figure for plan year 2025-26, 1,339 staff, reached the target of 1,200 staff."
    )
    assert found["away-from-home"]["status_reason"] == (
        "The figure for July to September 2026, 65.7 per 10,000 children, is above Similar areas "
        "(statistical neighbours) at 65.5 per 10,000 children; lower is better."
    )
    assert found["audits"]["status_reason"] == (
        "The figure rose from 70% to 72% between September 2026 and October 2026; higher is better."
    )
    assert found["complaints"]["status_reason"] == (
        "The latest figure is for April to June 2026; the figure for July to September 2026 is overdue."
    )
    assert found["satisfaction"]["figures"] == [
        {"period": "2025-26", "value": 88.0, "source": "Family survey 2026", "note": "", "benchmarks": {}}
    ]
    assert found["away-from-home"]["figures"][1]["benchmarks"] == {"england": 70.0, "neighbours": 65.5}


def test_the_measures_page_charts_each_measure_with_its_benchmarks_and_a_table(project: Path):
    site = build_site(project)
    page = article(site, "impact/evidence")
    heading = page.find(id="measure-away-from-home")
    status = heading.find_next("p")
    assert status.find(class_="kb-status").get_text() == "Not on track"
    figure = heading.find_next("figure")
    svg = figure.find("svg")
    assert svg["role"] == "img" and not svg.has_attr("viewbox")
    description = svg.find("desc").get_text()
    assert "Our figure: 2026-Q2 66.4 per 10,000 children; 2026-Q3 65.7 per 10,000 children." in description
    assert "Similar areas (statistical neighbours): 2026-Q2 65.9 per 10,000 children" in description
    assert [li.get_text(strip=True) for li in figure.select(".kb-chart__key li")] == [
        "Our figure", "England average", "Similar areas (statistical neighbours)",
    ]
    assert "lower is better" in figure.figcaption.get_text()
    table = figure.find_next("table")
    assert [th.get_text() for th in table.thead.find_all("th")] == [
        "Period", "Our figure", "England average", "Similar areas (statistical neighbours)", "Source",
    ]
    # Newest first, every figure written for people.
    assert [td.get_text() for td in table.tbody.tr.find_all("td")][:3] == [
        "65.7 per 10,000 children", "70 per 10,000 children", "65.5 per 10,000 children",
    ]
    staff = page.find(id="measure-staff-survey").find_next("table")
    assert staff.tbody.tr.td.get_text() == "1,339 staff"
    # Each chart's one sentence reads as English whatever the unit.
    assert page.find(id="measure-staff-survey").find_next("figcaption").get_text(" ", strip=True).startswith(
        "Each figure is the number of staff for one plan year, from Staff survey 2025 and Staff survey 2026")
    assert "Each figure is a number per 10,000 children for one quarter" in figure.figcaption.get_text()
    assert "Each figure is a percentage for one month" in page.find(id="measure-audits").find_next("figcaption").get_text()
    # A status that starts a line keeps the month's capital letter.
    complaints = page.find(id="measure-complaints").find_next(class_="kb-status")
    assert complaints.get_text() == "No data since 30 June 2026"
    assert "Target: 1,200 staff" in page.find(id="measure-staff-survey").find_next("figure").get_text()
    audits = page.find(id="measure-audits").find_next("table")
    assert audits.tbody.tr.th.get_text() == "November 2026 (so far)"
    assert audits.tbody.tr.td.get_text() == "60%"
    assert page.find(id="measure-family-survey").find_next(["figure", "h3"]).name == "h3"  # no figures, no chart
    # No banner: none of these figures is an example.
    assert page.find(class_="kb-banner") is None
    overview = article(site, "impact")
    assert "Of the plan's 14 measures, 2 are on track and 1 is not; 1 has had no new figures" in overview.get_text(" ", strip=True)


def test_example_rows_put_a_banner_on_every_impact_page(project: Path):
    write(project / "data/measures/examples.csv", "measure,period,value,source,note\n"
          "family-survey,2025-26,212,Example figures: replace me,\n")
    site = build_site(project)
    for address in ("impact", "impact/evidence", "impact/knowledge-bank", "impact/newsletters", "impact/resource-use"):
        banner = article(site, address).find(class_="kb-banner")
        assert banner is not None, address
        assert "examples, not real data" in banner.get_text()
    assert json.loads(kb("report", cwd=project).stdout)["example_data"] is True


BAD = """# benchmark: neighbours = Similar areas
measure,period,value,source,note,neighbours,regional
staff-survey,2025-26,1339,Staff survey,,,
staff-surveys,2025-26,1339,Staff survey,,,
satisfaction,2026-13,88,Family survey,,,
satisfaction,2026-27,n/a,Family survey,,,
complaints,2026-Q1,38,Complaints team,,,
staff-survey,2025-26,1400,Staff survey,,,
complaints,2026-07,12,Complaints team,,,
audits,2027-Q2,70,Audit team,,,
family-survey,2025-26,200,,,,
away-from-home,2026-Q3,65.7%,DfE,,lots,
satisfaction,2025-26,=1+1,Family survey,,,
"""


def test_bad_rows_stop_the_build_with_file_row_and_column(site_dir: Path, caplog):
    project = with_measures(site_dir, BAD)
    write(project / "data/measures/more.csv", "measure,period,value,source,note\nstaff-survey,2025-26,1,Again,\n")
    with pytest.raises(Abort):
        build_site(project)
    logged = [record.getMessage() for record in caplog.records]
    where = "data/measures/figures.csv"
    expected = [
        f"{where}:2:regional: is not a column we know.",
        f"{where}:4:measure: 'staff-surveys' is not a measure in the plan pages. Did you mean 'staff-survey'?",
        f"{where}:5:period: '2026-13' is not a period. Write a month (2026-10), a quarter (2026-Q3) or a plan year (2026-27).",
        f"{where}:6:value: 'n/a' is not a number.",
        f"{where}:8:period: staff-survey already has a figure for 2025-26 at {where}:3. Keep one of the rows.",
        f"{where}:9:period: complaints has figures for each quarter (as at {where}:7). Use one kind of period for each measure.",
        f"{where}:10:period: 2027-Q2 has not started yet",
        f"{where}:11:source: is empty.",
        f"{where}:12:value: '65.7%' is a percentage, but this measure is per 10,000 children.",
        f"{where}:12:neighbours: 'lots' is not a number.",
        f"{where}:13:value: '=1+1' is not a number.",
        f"data/measures/more.csv:2:period: staff-survey already has a figure for 2025-26 at {where}:3.",
    ]
    for message in expected:
        assert any(line.startswith(message) for line in logged), message
    # The same problems, every one at once, from `kb report`: no traceback.
    result = kb("report", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sum(line.startswith("data/measures/") for line in result.stderr.splitlines()) == len(expected)


def test_a_figure_for_a_measure_the_site_counts_itself_is_refused(site_dir: Path):
    project = with_measures(site_dir, "measure,period,value,source,note\naudits,2026-09,70,Audit team,\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - sofs/impact\n", "  - sofs/impact:\n      newsletter_measure: audits\n"))
    result = kb("report", cwd=project)
    assert result.returncode == 1
    assert ("data/measures/figures.csv:2:measure: 'audits' gets its figures from the newsletter issues published "
            "on this site. Remove this row.") in result.stderr


def test_compare_with_must_name_a_benchmark_column(site_dir: Path):
    project = with_measures(site_dir, "measure,period,value,source,note\naway-from-home,2026-Q3,65.7,DfE,\n")
    result = kb("report", cwd=project)
    assert result.returncode == 1
    assert ("content/plan/measuring-impact.md: evidence: measure 'away-from-home': compare_with: 'neighbours' "
            "is not a benchmark column in data/measures.") in result.stderr


def test_a_measure_must_say_what_evidence_it_takes_and_what_counts_as_better(site_dir: Path):
    plan = site_dir / "content/plan/learning.md"
    text = plan.read_text()
    plan.write_text(text.replace("    kind: data\n    better: higher\n", "    kind: feelings\n", 1)
                    .replace("    kind: data\n    better: higher\n", "    kind: audit\n", 1))
    result = kb("check", cwd=site_dir)
    assert result.returncode == 1
    assert "'feelings' is not a kind of evidence. Use data, survey, audit or documents." in result.stdout + result.stderr
    assert "needs a target (the figure to reach, such as target: 300) or the direction that counts as better" in (
        result.stdout + result.stderr
    )


# --- the rules, on their own ---------------------------------------------------------------------


def measure(**fields) -> EvidenceMeasure:
    return EvidenceMeasure(id="m", title="M", kind="data", **fields)


def point(period: str, value: float, **benchmarks: float) -> Point:
    return Point(Period.parse(period), value, "test", benchmarks=benchmarks)


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2026, 12, 31), "on-track"),  # Q4 is still going: Q3 is the latest figure due
        (date(2027, 1, 1), "no-data-since"),  # Q4 is over, and no figure for it has come
    ],
)
def test_a_quarterly_figure_is_overdue_once_the_next_quarter_has_ended(as_of: date, expected: str):
    status = judge(measure(better="higher"), [point("2026-Q2", 1), point("2026-Q3", 2)], as_of)
    assert status.key == expected
    if expected == "no-data-since":
        assert status.label == "no data since 30 September 2026"


def test_a_lower_is_better_target_is_a_ceiling():
    ceiling = measure(target=5, better="lower", unit="percent")
    assert judge(ceiling, [point("2025-26", 4.5)], date(2026, 11, 26)).key == "on-track"
    over = judge(ceiling, [point("2025-26", 6)], date(2026, 11, 26))
    assert (over.key, over.reason) == ("not-on-track", "The figure for plan year 2025-26, 6%, went over the target of 5%.")


def test_a_target_alone_means_higher_is_better():
    assert measure(target=300).better == "higher"


@pytest.mark.parametrize("text, kind, key", [
    ("2026-10", "month", "2026-10"), ("2026-Q3", "quarter", "2026-Q3"), ("2026q3", "quarter", "2026-Q3"),
    ("2026-27", "plan year", "2026-27"), ("2026/27", "plan year", "2026-27"), ("2011-12", "month", "2011-12"),
    ("2011-2012", "plan year", "2011-12"),
])
def test_periods(text: str, kind: str, key: str):
    period = Period.parse(text)
    assert (period.kind, period.key) == (kind, key)
    assert period.previous().next() == period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26-27", "2026-28", "October", "", "2026-00"])
def test_bad_periods(text: str):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_kb_check_reports_bad_rows_too(site_dir: Path):
    project = with_measures(site_dir, "measure,period,value,source,note\nstaff-survey,2025-26,lots,Survey,\n")
    result = kb("check", cwd=project)
    assert result.returncode == 1
    assert "data/measures/figures.csv:2: measures: value: 'lots' is not a number." in result.stdout
    only_items = kb("check", "knowledge_bank", cwd=project)
    assert "data/measures" not in only_items.stdout
    chosen = kb("check", "data/measures/figures.csv", cwd=project)
    assert chosen.returncode == 1 and "data/measures/figures.csv:2: measures: value:" in chosen.stdout


def test_runaway_cells_and_huge_files_are_reported_not_read(site_dir: Path):
    project = with_measures(site_dir, "measure,period,value,source,note\n"
                            f"staff-survey,2025-26,1339,{'x' * 5000},\n"
                            'complaints,2026-Q1,38,"Complaints team,\n' + "y" * 140_000 + "\n")
    write(project / "data/measures/huge.csv", "measure,period,value,source,note\n" + "z" * 2_100_000 + "\n")
    result = kb("report", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/measures/figures.csv:2:source: is 5,000 characters long; the most is 1,000." in result.stderr
    assert "data/measures/figures.csv:" in result.stderr and "a cell is far too long" in result.stderr
    assert "data/measures/huge.csv:1:file: is larger than the 2 MB a measures file may be." in result.stderr


def test_a_link_to_a_file_outside_the_repository_is_reported_without_reading_it(site_dir: Path, tmp_path: Path):
    project = with_measures(site_dir)
    secret = tmp_path / "elsewhere" / "secret.csv"
    write(secret, "measure,period,value,source,note\nstaff-survey,2024-25,7,Private: Jo Bloggs,\n")
    (project / "data/measures/linked.csv").symlink_to(secret)
    os.mkfifo(project / "data/measures/pipe.csv")  # reading a named pipe would wait for ever
    for args in (["report"], ["check"], ["check", "data/measures"]):
        # The old reader opened the pipe and waited for ever: the time limit turns that into a failure.
        result = subprocess.run([*KB, *args], cwd=project, capture_output=True, text=True, timeout=120)
        said = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in said
        assert "data/measures/linked.csv" in said and "outside the repository" in said
        assert "data/measures/pipe.csv" in said and "not an ordinary file" in said
        # What the link leads to is never read, so none of it is shown.
        assert "Jo Bloggs" not in said and "staff-survey" not in said and "2024-25" not in said


def test_the_figures_download_says_each_figures_unit(project: Path):
    result = kb("report", "--format", "csv", "-o", "tables", cwd=project)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((project / "tables/measure-figures.csv").open(encoding="utf-8")))
    units = {row["Measure"]: row["Unit"] for row in rows}
    # A bare 88 could be a count or a share: the unit says which.
    assert units["Family satisfaction"] == "percent"
    assert units["How many staff take part in the staff survey"] == "staff"
    assert units["Children living away from home"] == "per 10,000 children"
    assert units["Number of complaints"] == "number"
    away = next(row for row in rows if row["Measure"] == "Children living away from home")
    assert (away["Figure"], away["England average"], away["Similar areas (statistical neighbours)"]) == ("66.4", "70", "65.9")
