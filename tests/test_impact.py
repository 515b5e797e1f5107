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
from sofs_kb.charts import COLOURS, bar_chart, contrast_ratio

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
    assert data["schema"] == "sofs-kb-impact" and data["schema_version"] == 1
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
    assert measures["learning-measure-one"]["items"] == ["network-meeting", "three-houses"]
    assert measures["measuring-impact-measure-two"]["items"] == ["network-meeting"]
    assert measures["leadership-measure-one"]["newsletters"] == ["2026-Q3"]
    assert measures["leadership-measure-two"] == {
        "id": "leadership-measure-two", "title": "Second measure for leadership", "items": [], "newsletters": [], "training": {},
    }
    assert data["training"] is None


def test_the_csv_export_has_the_same_figures(project: Path):
    result = kb("report", "--format", "csv", cwd=project)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["table", "row", "column", "value"]
    found = {tuple(row[:3]): row[3] for row in rows[1:]}
    assert found[("items", "total", "")] == "6"
    assert found[("growth", "2026-Q3", "total")] == "3"
    assert found[("growth", "2026-Q3", "plan_section:risk-sensible-practice")] == "2"
    assert found[("coverage", "thin_plan_section", "system-alignment")] == "1"
    assert found[("health", "stale", "Practice Leaders network")] == "1"
    assert found[("newsletters", "2026-27", "published")] == "1"
    assert found[("evidence", "learning-measure-one", "items")] == "2"


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
    assert "1 newsletter issue published this plan year, against a commitment of 4." in text
    assert "1 item past its review date, and 1 due for review in the next 90 days." in text
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")] for tr in overview.select("tbody tr")}
    assert rows["Learning"] == ["2 (below 3)", "1 of 2"]
    assert rows["Risk-sensible, collaborative practice"] == ["4", "0 of 2"]

    evidence = article(site, "impact/evidence")
    measure = evidence.find(id="measure-learning-measure-one").find_next("ul")
    assert [a.get_text() for a in measure.find_all("a")] == ["A family network meeting that changed the plan", "Three houses"]
    assert "No evidence on this site yet." in evidence.find(id="measure-system-alignment-measure-one").find_next("p").get_text()

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
    charts = page.select("figure.kb-chart svg")
    assert len(charts) == 3
    for svg in charts:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find(id=title_id).name == "title" and svg.find(id=desc_id).name == "desc"
        assert svg.find_parent("figure").find_next_sibling("div", class_="kb-figures").table is not None
    audience = page.find(id="chart-audiences-desc").get_text()
    assert "Children's social care: 5 items;" in audience
    assert "Health: 2 items (below the threshold);" in audience
    assert page.find(string=lambda s: s and "(below 3)" in s) is not None


def test_chart_colours_pass_wcag_contrast():
    background = COLOURS["background"]
    assert contrast_ratio(COLOURS["text"], background) >= 4.5
    for name in ("bar", "low", "marker"):
        assert contrast_ratio(COLOURS[name], background) >= 3, name


def test_chart_geometry_is_in_proportion():
    chart = bar_chart("c", "Test", [("a", 2, "2"), ("b", 4, "4"), ("c", 1, "1")], threshold=3)
    widths = [row.width for row in chart.rows]
    assert widths[1] == pytest.approx(2 * widths[0]) and widths[0] == pytest.approx(2 * widths[2])
    assert [row.low for row in chart.rows] == [True, False, True]
    assert chart.marker_x == pytest.approx(chart.label_width + 3 * chart.scale)


def test_a_measure_that_is_not_in_the_plan_stops_the_build(site_dir: Path, caplog):
    with_impact(site_dir, "  - sofs/impact:\n      newsletter_measure: no-such-measure\n")
    with pytest.raises(Abort):
        build_site(site_dir)
    assert any(
        "mkdocs.yml: plugins: sofs/impact: newsletter_measure: 'no-such-measure' is not an evidence measure" in r.getMessage()
        for r in caplog.records
    )


def test_training_figures_evidence_the_measures_they_are_mapped_to(site_dir: Path):
    from training_support import add_training

    add_training(site_dir)
    with_impact(
        site_dir,
        "  - sofs/impact:\n      training_measures:\n        attendance: learning-measure-two\n"
        "        cancellations: learning-measure-two\n",
    )
    data = json.loads(kb("report", cwd=site_dir).stdout)
    training = {m["id"]: m["training"] for s in data["plan_sections"] for m in s["measures"]}["learning-measure-two"]
    totals = data["training"]["totals"]
    assert training == {
        "booked": totals["booked"],
        "attended": totals["attended"],
        "attendance_rate": totals["attendance_rate"],
        "cancelled": totals["cancelled"],
        "cancellation_rate": totals["cancellation_rate"],
    }
    assert totals["cancelled"] >= 1
    site = build_site(site_dir)
    page = article(site, "impact/training")
    assert "attendance rate" in page.get_text()
    evidence = article(site, "impact/evidence").find(id="measure-learning-measure-two").find_next("ul").get_text(" ", strip=True)
    assert f"{totals['attended']} of {totals['booked']} booked places attended" in evidence


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
    from datetime import date

    items = [SimpleNamespace(src_uri=f"x{n}.md", title=f"Item {n}", review_by=date(2026, 1, 1)) for n in range(25)]
    health = SimpleNamespace(stale=[SimpleNamespace(owner="Team", items=items)], stale_count=25)
    html = env.from_string(template[start:end]).render(report=SimpleNamespace(health=health))
    assert html.count("<li>") == 10
    assert "And 15 more." in html
