"""The "Measuring impact" pages and `kb report`, against a fixture bank whose figures are known.

The fixture site (tests/fixtures/site), as of 26 November 2026, plan year 2026-27, has six
published items (a draft and an embargoed item never count):

| item | type | published | plan sections | audiences |
|---|---|---|---|---|
| three-houses | tool | 2026-03-12 | risk-sensible-practice, learning | social-care, education |
| scaling-questions | tool | 2026-08-01 | risk-sensible-practice | health |
| mapping-guide | practice-resource | 2026-10-05 | risk-sensible-practice, leadership | social-care, police, health |
| supervision-prompts | practice-resource | 2025-12-01 (review 2026-06-01) | leadership | social-care |
| munro-review | research-summary | 2026-07-20 | system-alignment, learning | social-care, early-help |
| network-meeting | practice-example | 2026-09-10 (Great Yarmouth) | risk-sensible-practice, measuring-impact | social-care, voluntary-sector |

and one newsletter issue, 2026-Q3. Every expected figure below is worked out from this table.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import article, build_site
from sofs_kb.charts import COLOURS, SERIES_STYLES, bar_chart, contrast_ratio, line_chart

KB = [sys.executable, "-m", "sofs_kb.cli"]

IMPACT = """  - sofs/impact:
      newsletter_measure: leadership-measure-one
"""


def with_impact(project: Path, options: str = IMPACT) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nnav:\n", "\n" + options + "nav:\n", 1))
    three_houses = project / "knowledge_bank/tool/three-houses.md"
    three_houses.write_text(
        three_houses.read_text()
        .replace("status: published", "evidence: [learning-measure-one]\nstatus: published")
        .replace("review_by: 2027-03-12", "review_by: 2027-01-10")
    )
    network = project / "knowledge_bank/practice-example/network-meeting.md"
    network.write_text(
        network.read_text().replace(
            "status: published", "evidence: [measuring-impact-measure-two, learning-measure-one]\nstatus: published"
        )
    )
    return project


def kb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(site_dir: Path) -> Path:
    return with_impact(site_dir)


def test_the_json_export_has_the_exact_figures(project: Path):
    result = kb("report", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "sofs-kb-impact" and data["schema_version"] == 2
    assert (data["plan_year"], data["as_of"], data["edition"]) == ("2026-27", "2026-11-26", "public")
    assert data["period"] == {"start": "2026-04-01", "end": "2027-03-31"}
    assert data["items"] == {
        "total": 6,
        "by_type": {"practice-resource": 2, "research-summary": 1, "practice-example": 1, "tool": 2},
    }
    assert data["growth"] == {
        "quarters": ["2026-Q2", "2026-Q3", "2026-Q4"],
        "total": [0, 3, 1],
        "by_plan_section": {
            "leadership": [0, 0, 1],
            "risk-sensible-practice": [0, 2, 1],
            "learning": [0, 1, 0],
            "system-alignment": [0, 1, 0],
            "measuring-impact": [0, 1, 0],
        },
        "by_type": {
            "practice-resource": [0, 0, 1],
            "research-summary": [0, 1, 0],
            "practice-example": [0, 1, 0],
            "tool": [0, 1, 0],
        },
    }
    coverage = data["coverage"]
    assert coverage["by_plan_section"] == {
        "leadership": 2, "risk-sensible-practice": 4, "learning": 2, "system-alignment": 1, "measuring-impact": 1,
    }
    assert coverage["thin_plan_sections"] == ["leadership", "learning", "system-alignment", "measuring-impact"]
    assert coverage["by_audience"] == {
        "social-care": 5, "early-help": 1, "health": 2, "education": 1, "police": 1, "voluntary-sector": 1, "families": 0,
    }
    assert coverage["thin_audiences"] == ["early-help", "health", "education", "police", "voluntary-sector", "families"]
    assert coverage["by_locality"]["great-yarmouth"] == 1
    assert sum(coverage["by_locality"].values()) == 1
    assert data["health"] == {
        "due_days": 90,
        "stale": [
            {
                "owner": "Practice Leaders network",
                "items": [{"id": "supervision-prompts", "title": "Supervision prompts", "review_by": "2026-06-01"}],
            }
        ],
        "due_soon": [
            {"owner": "Superleaders group", "items": [{"id": "three-houses", "title": "Three houses", "review_by": "2027-01-10"}]}
        ],
    }
    [year] = data["newsletters"]
    assert (year["plan_year"], year["published"], year["quarters_begun"], year["quarters_missed"]) == ("2026-27", 1, 3, 1)
    assert [q["issue"] for q in year["quarters"]] == [None, 1, None, None]
    measures = {m["id"]: m for s in data["plan_sections"] for m in s["measures"]}
    # Tagged items are related reading: they never give a measure figures or a status.
    assert measures["learning-measure-one"]["related_items"] == ["network-meeting", "three-houses"]
    assert (measures["learning-measure-one"]["status"], measures["learning-measure-one"]["figures"]) == ("no-data-yet", [])
    assert measures["measuring-impact-measure-two"]["related_items"] == ["network-meeting"]
    # The newsletter measure's figures are the issues each quarter, from the first plan year with one.
    newsletter = measures["leadership-measure-one"]
    assert newsletter["related_newsletters"] == ["2026-Q3"]
    assert [(f["period"], f["value"]) for f in newsletter["figures"]] == [("2026-Q2", 0.0), ("2026-Q3", 1.0)]
    assert newsletter["status"] == "on-track"  # Q3, the latest quarter that has ended, has its issue
    assert measures["leadership-measure-two"] == {
        "id": "leadership-measure-two", "title": "Second measure for leadership", "kind": "data", "target": None,
        "better": "higher", "unit": "number", "compare_with": None, "status": "no-data-yet",
        "status_label": "no data yet", "status_reason": "No figures have been added for this measure yet.",
        "figures": [], "related_items": [], "related_newsletters": [],
    }
    assert data["training"] is None
    assert data["example_data"] is False
    assert data["usage"]["months"] == []


def test_the_csv_export_is_one_readable_table_per_file(project: Path):
    result = kb("report", "--format", "csv", "-o", "tables", cwd=project)
    assert result.returncode == 0, result.stderr
    tables = {path.name: list(csv.reader(path.open(encoding="utf-8"))) for path in (project / "tables").glob("*.csv")}
    assert set(tables) == {
        "measures.csv", "measure-figures.csv", "plan-sections.csv", "items-added-each-quarter.csv",
        "items-to-review.csv", "newsletters.csv",
    }
    sections = tables["plan-sections.csv"]
    assert sections[0] == [
        "Plan section", "Items", "Thin coverage (fewer than 3 items)", "Measures on track", "Measures not on track",
        "Measures with no recent data", "Measures with no data yet or too soon to tell",
    ]
    assert sections[1] == ["Leadership", "2", "Yes", "1", "0", "0", "1"]
    growth = tables["items-added-each-quarter.csv"]
    assert growth[0] == ["Quarter", "All items", "Practice resources", "Research summaries", "Practice examples", "Tools"]
    assert growth[2] == ["July to September 2026", "3", "0", "1", "1", "1"]
    assert tables["items-to-review.csv"][1] == [
        "Practice Leaders network", "Supervision prompts", "Practice resource", "1 June 2026", "Past its review date",
    ]
    measures = {row[1]: row for row in tables["measures.csv"][1:]}
    assert measures["First measure for leadership"] == [
        "Leadership", "First measure for leadership", "A data series", "On track",
        "The figure rose from 0 to 1 between April to June 2026 and July to September 2026; higher is better.",
        "July to September 2026", "1", "", "Higher", "No",
    ]
    # No internal ids anywhere: not the measures', not the items', not the plan sections'.
    every_cell = {cell for rows in tables.values() for row in rows for cell in row}
    assert not every_cell & {"leadership-measure-one", "three-houses", "risk-sensible-practice", "social-care"}
    # It never replaces files without --force.
    again = kb("report", "--format", "csv", "-o", "tables", cwd=project)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert kb("report", "--format", "csv", cwd=project).returncode == 1  # a folder is needed


def test_an_earlier_plan_year_is_reported_as_at_its_end(project: Path):
    data = json.loads(kb("report", "--plan-year", "2025-26", cwd=project).stdout)
    assert (data["as_of"], data["items"]["total"]) == ("2026-03-31", 2)
    assert data["growth"]["quarters"] == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert data["growth"]["total"] == [0, 0, 1, 1]
    assert data["health"]["stale"] == []
    assert [i["id"] for g in data["health"]["due_soon"] for i in g["items"]] == ["supervision-prompts"]


def test_report_refuses_bad_input_clearly(project: Path):
    bad_year = kb("report", "--plan-year", "2026", cwd=project)
    assert bad_year.returncode == 1 and "Traceback" not in bad_year.stderr
    assert "plan_year: '2026' is not a plan year. Write it like 2026-27." in bad_year.stderr
    (project / "out.json").write_text("keep me")
    kept = kb("report", "-o", "out.json", cwd=project)
    assert kept.returncode == 1 and "already exists" in kept.stderr
    assert (project / "out.json").read_text() == "keep me"
    assert kb("report", "-o", "out.json", "--force", cwd=project).returncode == 0
    assert json.loads((project / "out.json").read_text())["items"]["total"] == 6


def test_the_pages_show_the_same_figures(project: Path):
    site = build_site(project)
    overview = article(site, "impact")
    text = overview.get_text(" ", strip=True)
    assert "6 items in the knowledge bank: 2 practice resources, 1 research summary, 1 practice example, 2 tools." in text
    assert "4 new items added so far in plan year 2026-27." in text
    assert "1 of 4 newsletter issues published this plan year; 1 quarter ended without one." in text
    assert "1 item past its review date, and 1 due for review in the next 90 days." in text
    assert "Of the plan's 10 measures, 1 is on track and 0 are not;" in text
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")] for tr in overview.select("tbody tr")}
    assert rows["Learning"] == ["0 of 2", "0", "0", "2", "2 (thin: fewer than 3)"]
    assert rows["Leadership"] == ["1 of 2", "0", "0", "1", "2 (thin: fewer than 3)"]
    assert rows["Risk-sensible, collaborative practice"] == ["0 of 2", "0", "0", "2", "4"]
    assert "kb report" not in text  # the board gets downloads, not a terminal command
    links = {a.get_text(): a["href"] for a in overview.select("#downloads ~ ul a[download]")}
    assert links["Every measure and its status"] == "downloads/measures.csv"

    evidence = article(site, "impact/evidence")
    heading = evidence.find(id="measure-learning-measure-one")
    assert heading.find_next("p").get_text(" ", strip=True).startswith("No data yet")
    related = heading.find_next("ul")
    assert [a.get_text() for a in related.find_all("a")] == ["A family network meeting that changed the plan", "Three houses"]
    assert related.find_previous("p").get_text().startswith("Related reading")

    bank = article(site, "impact/knowledge-bank")
    growth = bank.find("caption", string=lambda s: s and s.startswith("Items added each quarter, by type")).find_parent("table")
    assert [td.get_text() for td in growth.tfoot.find_all("td")] == ["0", "3", "1"]
    stale = bank.find(id="stale")
    assert stale.get_text() == "Past their review date (1)"
    assert stale.find_next("h4").get_text() == "Practice Leaders network"

    newsletters = article(site, "impact/newsletters")
    cells = [td.get_text(strip=True) for td in newsletters.select("tbody td")]
    assert cells == ["Missed: no issue", "Issue 1: Signs of Safety news: summer 2026", "Due this quarter", "Not started yet"]
    assert not (site / "impact/training").exists()  # no training data in this site


def test_charts_have_text_alternatives_and_a_table_beside_them(project: Path):
    site = build_site(project)
    page = article(site, "impact/knowledge-bank")
    charts = page.select("figure.kb-chart svg.kb-chart__svg")
    assert len(charts) == 3
    for svg in charts:
        # Nothing is scaled: no viewBox, and no font size in SVG units (kb.css sets it).
        assert not svg.has_attr("viewbox") and not svg.has_attr("viewBox")
        assert not svg.find(attrs={"font-size": True})
        assert svg.find_parent("figure").figcaption.get_text(strip=True)
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find(id=title_id).name == "title" and svg.find(id=desc_id).name == "desc"
        assert svg.find_parent("figure").find_next_sibling("div", class_="kb-figures").table is not None
    audience = page.find(id="chart-audiences-desc").get_text()
    assert "Children's social care: 5 items;" in audience
    assert "Health: 2 items (below the threshold);" in audience
    assert page.find(string=lambda s: s and "(below 3)" in s) is not None
    assert "fewer than that counts as thin coverage" in page.find(id="chart-audiences-desc").get_text()
    assert "Threshold: 3" not in page.get_text()


def test_chart_colours_pass_wcag_contrast():
    background = COLOURS["background"]
    assert contrast_ratio(COLOURS["text"], background) >= 4.5
    for name in ("bar", "low", "marker", "grid"):
        assert contrast_ratio(COLOURS[name], background) >= 3, name
    for colour, _, _ in SERIES_STYLES:
        assert contrast_ratio(colour, background) >= 3, colour


def test_chart_geometry_is_in_proportion():
    chart = bar_chart("c", "Test", [("a", 2, "2"), ("b", 4, "4"), ("c", 1, "1")], threshold=3)
    widths = [row.width for row in chart.rows]
    assert widths[1] == pytest.approx(2 * widths[0]) and widths[0] == pytest.approx(2 * widths[2])
    assert [row.low for row in chart.rows] == [True, False, True]
    assert chart.marker_x == pytest.approx(widths[1] * 3 / 4)
    assert max(widths) <= 100


def test_long_chart_labels_wrap_to_fit_a_phone():
    label = "Numbers of children living away from home compared with similar areas"
    chart = bar_chart("c", "Test", [(label, 12, "12 items"), ("Short", 3, "3 items")])
    first, second = chart.rows
    assert len(first.lines) > 1 and all(len(line) <= 38 for line in first.lines)
    assert " ".join(first.lines) == f"{label}: 12 items"
    assert second.y > first.bar_y  # rows never overlap


def test_line_chart_puts_every_period_in_order_and_thins_labels_for_phones():
    periods = [f"M{index}" for index in range(24)]
    chart = line_chart("c", "Views", periods, [("All", [float(i) for i in range(24)]), ("Half", [i / 2 for i in range(24)])],
                       target=30)
    main, half = chart.series
    xs = [point.x for point in main.drawn]
    assert xs == sorted(xs) and xs[0] >= 0 and xs[-1] <= 100
    assert [point.y for point in main.drawn] == sorted((point.y for point in main.drawn), reverse=True)
    assert main.dash == "" and half.dash != ""  # told apart by dash, not colour alone
    assert chart.ticks[-1].label == "M23" and len(chart.ticks) <= 6
    assert len([tick for tick in chart.ticks if not tick.minor]) <= 3
    assert chart.target_y is not None and chart.target_y < main.drawn[-1].y
    assert "Half: M0 0; M1 0.5" in chart.description


def test_a_measure_that_is_not_in_the_plan_stops_the_build(site_dir: Path, caplog):
    with_impact(site_dir, "  - sofs/impact:\n      newsletter_measure: no-such-measure\n")
    with pytest.raises(Abort):
        build_site(site_dir)
    assert any(
        "mkdocs.yml: plugins: sofs/impact: newsletter_measure: 'no-such-measure' is not an evidence measure" in r.getMessage()
        for r in caplog.records
    )


def test_training_figures_are_the_figures_of_the_measures_they_are_mapped_to(site_dir: Path):
    from training_support import add_training

    add_training(site_dir)
    with_impact(
        site_dir,
        "  - sofs/impact:\n      training_measures:\n        attendance: learning-measure-two\n"
        "        cancellations: leadership-measure-two\n",
    )
    data = json.loads(kb("report", cwd=site_dir).stdout)
    measures = {m["id"]: m for s in data["plan_sections"] for m in s["measures"]}
    totals = data["training"]["totals"]
    [attendance] = measures["learning-measure-two"]["figures"]
    assert attendance["period"] == "2026-27"
    assert attendance["value"] == pytest.approx(totals["attendance_rate"] * 100)
    [cancellations] = measures["leadership-measure-two"]["figures"]
    assert cancellations["value"] == pytest.approx(totals["cancellation_rate"] * 100)
    assert totals["cancelled"] >= 1
    site = build_site(site_dir)
    page = article(site, "impact/training").get_text(" ", strip=True)
    assert "attendance rate" in page
    # Places are counted apart from people: the target counts places.
    assert "Places offered" in page and "People who attended" in page and "Places delivered" not in page
    assert f"{totals['events_listed']} training dates listed this plan year" in page
    assert f"and {totals['cancelled']} cancelled" in page


def test_one_measure_cannot_take_two_sets_of_figures(site_dir: Path):
    with_impact(
        site_dir,
        "  - sofs/impact:\n      newsletter_measure: learning-measure-two\n      training_measures:\n"
        "        attendance: learning-measure-two\n",
    )
    result = kb("report", cwd=site_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "training_measures: attendance: 'learning-measure-two' already gets its figures from newsletter_measure" in result.stderr


def test_the_review_lists_show_ten_items_an_owner_and_count_the_rest():
    # At 10,000 items the lists named thousands of items and the page was 672 KB.
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from types import SimpleNamespace

    from sofs_kb.mkdocs_plugins import THEME_DIR

    template = (THEME_DIR / "impact-knowledge-bank.html").read_text(encoding="utf-8")
    start = template.index("{% set health = report.health %}")
    end = template.index('<h3 id="due-soon">')
    env = Environment(loader=FileSystemLoader(str(THEME_DIR)), autoescape=select_autoescape())
    env.filters["kb_link"] = lambda uri: uri
    env.filters["kb_date"] = lambda day: str(day)
    env.filters["kb_number"] = str
    from datetime import date

    items = [SimpleNamespace(src_uri=f"x{n}.md", title=f"Item {n}", review_by=date(2026, 1, 1)) for n in range(25)]
    health = SimpleNamespace(stale=[SimpleNamespace(owner="Team", items=items)], stale_count=25)
    html = env.from_string(template[start:end]).render(report=SimpleNamespace(health=health))
    assert html.count("<li>") == 10
    assert "And 15 more: the" in html and "full list of items to review" in html
