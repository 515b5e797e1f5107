"""Bar charts of progress against the plan, as geometry for an SVG template.

Each course with a target gets a bar showing what share of its yearly target
has been met on dates held (solid) and what more is planned (hatched, so the two
read apart without colour). A short dashed line marks 100%. Figures are written
beside each label; the template (kb-bar-chart.html) adds a text alternative, and
the page a data table.
"""

from __future__ import annotations

from ..charts import COLOURS as CHART_COLOURS
from ..charts import BarChart, bar_chart
from ..charts import contrast_ratio  # noqa: F401  (kept here for callers of this module)
from ..formatting import long_date, number, percent
from .tracking import Counts, PlanYearReport

# The bars use the site's chart colours (charts.py), which tests/test_impact.py checks
# against WCAG; the hatched part adds a pattern, so it never relies on colour alone.
COLOURS = CHART_COLOURS


def progress_charts(report: PlanYearReport) -> list[BarChart]:
    """One chart for dates and one for places, each leaving out courses with no target."""
    charts = []
    for measure, noun in (("events", "dates"), ("places", "places")):
        rows = [
            (entry.title, getattr(entry.figures, measure))
            for entry in report.courses
            if getattr(entry.figures, measure).target
        ]
        if rows:
            charts.append(_chart(report, measure, noun, rows))
    return charts


def _chart(report: PlanYearReport, measure: str, noun: str, rows: list[tuple[str, Counts]]) -> BarChart:
    values, more, sentences = [], [], []
    for title, counts in rows:
        assert counts.target
        done = counts.delivered / counts.target * 100
        planned = max(counts.planned, counts.delivered) / counts.target * 100
        text = (f"{number(counts.delivered)} of {number(counts.target)} ({_percent(done / 100)}) on dates held, "
                f"{number(counts.planned)} with those still to come")
        values.append((title, done, text))
        more.append(planned - done)
        sentences.append(
            f"{title}: {number(counts.delivered)} {noun} on dates held, of a target of {number(counts.target)} "
            f"({_percent(done / 100)}); {number(counts.planned)} counting the dates still to come."
        )
    title = f"{noun.capitalize()} against the yearly target, {report.plan_year.label}"
    chart = bar_chart(
        f"chart-{measure}-{report.plan_year.label}",
        title,
        values,
        target=100,
        more=more,
        unit="percent of the target",
        explanation=(
            f"Each bar is the share of a course's yearly target of {noun} met on dates held (solid), and "
            f"with the dates still to come (hatched); the short dashed line marks the target."
        ),
        key=[("bar", "Held"), ("more", "Still to come"), ("marker", "Yearly target")],
    )
    chart.alternative = (
        f"Bar chart of {noun} held and still to come as a share of each course's yearly target, "
        f"as of {long_date(report.as_of)}. " + " ".join(sentences)
    )
    return chart


def _percent(share: float) -> str:
    return percent(share)
