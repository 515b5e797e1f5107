"""Bar charts of progress against the plan, as geometry for an SVG template.

Each course with a target gets a bar showing what share of its yearly target
has been delivered (solid) and what more is planned (hatched, so the two read
apart without colour). A line marks 100%. Numbers are written beside each
bar, and the template adds a text alternative and the data table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..charts import contrast_ratio  # noqa: F401  (kept here for callers of this module)
from ..formatting import number, percent
from .tracking import Counts, PlanYearReport

# Colours chosen to pass WCAG 2.2: text 4.5:1 and bars 3:1 against white and each other.
# tests/test_training_chart.py checks every pair.
COLOURS = {
    "background": "#ffffff",
    "text": "#1f1f1f",
    "delivered": "#1a237e",
    "planned": "#6f7dc8",
    "target": "#1f1f1f",
    "grid": "#767676",
}

WIDTH = 680
LABEL_WIDTH = 270
BAR_WIDTH = 320
ROW_HEIGHT = 40
BAR_HEIGHT = 18
TOP = 40
BOTTOM = 36


@dataclass
class Bar:
    label: str
    y: float
    delivered_width: float
    planned_x: float
    planned_width: float
    value_text: str


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    ticks: list[Tick]
    target_x: float
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    top: int = TOP

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * len(self.bars) + BOTTOM

    @property
    def axis_y(self) -> float:
        return TOP + ROW_HEIGHT * len(self.bars)

    colours = COLOURS


def progress_charts(report: PlanYearReport) -> list[BarChart]:
    """One chart for events and one for places, each leaving out courses with no target."""
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
    peak = max(max(counts.planned, counts.delivered) / counts.target for _, counts in rows)
    top_share = max(1.0, math.ceil(peak * 4) / 4)  # the axis ends at 100%, or the next 25% above
    scale = BAR_WIDTH / top_share
    bars, sentences = [], []
    for index, (title, counts) in enumerate(rows):
        assert counts.target
        delivered_share = counts.delivered / counts.target
        planned_share = max(counts.planned, counts.delivered) / counts.target
        value = (f"{number(counts.delivered)} of {number(counts.target)} ({_percent(delivered_share)}) on dates held, "
                 f"{number(counts.planned)} with those still to come")
        bars.append(
            Bar(
                label=title,
                y=TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                delivered_width=round(delivered_share * scale, 1),
                planned_x=round(LABEL_WIDTH + delivered_share * scale, 1),
                planned_width=round((planned_share - delivered_share) * scale, 1),
                value_text=value,
            )
        )
        sentences.append(
            f"{title}: {number(counts.delivered)} {noun} on dates held, of a target of {number(counts.target)} "
            f"({_percent(delivered_share)}); {number(counts.planned)} counting the dates still to come."
        )
    steps = int(top_share / 0.25)
    ticks = [Tick(round(LABEL_WIDTH + step * 0.25 * scale, 1), f"{step * 25}%") for step in range(steps + 1)]
    title = f"{noun.capitalize()} against the yearly target, {report.plan_year.label}"
    description = (
        f"Bar chart of {noun} delivered and planned as a share of each course's yearly target, "
        f"as of {report.as_of:%d %B %Y}. " + " ".join(sentences)
    )
    return BarChart(
        id=f"chart-{measure}-{report.plan_year.label}",
        title=title,
        description=description,
        bars=bars,
        ticks=ticks,
        target_x=round(LABEL_WIDTH + scale, 1),
    )


def _percent(share: float) -> str:
    return percent(share)
