"""Charts as geometry for SVG templates (theme/partials/kb-bar-chart.html, kb-line-chart.html).

Charts are drawn at build time, so they need no JavaScript. They read on a 390 px
phone as well as on a desk: the SVG has no viewBox, so nothing is scaled down;
positions across the chart are percentages of its width, heights are pixels, and the
text size is set in CSS (kb.css), never in SVG units that would shrink with the chart.
Labels sit on their own line above each bar, wrapped to fit a phone's width.

Every bar has its figure written beside its label, bars below a threshold are
hatched and labelled (never told apart by colour alone), lines differ in dash and
marker as well as colour, and each chart has a text alternative and one sentence
saying what it shows. A data table with the same figures always sits beside it.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

# Text passes 4.5:1 and bars, lines, markers and hatching pass 3:1 against the white
# background (WCAG 2.2, 1.4.3 and 1.4.11). tests/test_impact.py checks each pair.
COLOURS = {
    "background": "#ffffff",
    "text": "#1f1f1f",
    "bar": "#1a237e",
    "low": "#8c4a00",
    "marker": "#1f1f1f",
    "grid": "#767676",
}
SERIES_STYLES = [
    # colour, dash pattern, marker shape
    ("#1a237e", "", "circle"),
    ("#8c4a00", "6 4", "square"),
    ("#00695c", "2 3", "ring"),
    ("#6a1b9a", "8 3 2 3", "dot"),
]

LABEL_CHARACTERS = 38
"""Characters on one label line: about 330 px of 14 px text, the width of a 390 px phone's column."""
LINE_HEIGHT = 18
BAR_HEIGHT = 14
ROW_GAP = 12
BAR_AREA = 96.0
"""Percent of the chart's width the longest bar may take."""


@dataclass
class BarRow:
    label: str
    value: float
    text: str
    low: bool = False
    """Below the threshold: drawn hatched, with '(below N)' written beside it."""
    lines: list[str] = field(default_factory=list)
    """The label and figure, wrapped to fit a phone."""
    y: float = 0
    """Top of the row's first line of text."""
    bar_y: float = 0
    width: float = 0
    """The bar's width, in percent of the chart's width."""
    more_width: float = 0
    """A hatched part after the bar, such as dates still to come, in percent of the width."""

    @property
    def text_ys(self) -> list[float]:
        return [self.y + LINE_HEIGHT * (index + 1) - 4 for index in range(len(self.lines))]


@dataclass
class BarChart:
    id: str
    title: str
    rows: list[BarRow]
    marker: float | None = None
    marker_label: str = ""
    unit: str = "items"
    explanation: str = ""
    """One sentence on what the chart shows, under it."""
    marker_x: float | None = None
    """The marker's place, in percent of the chart's width."""
    height: float = 0
    colours: dict[str, str] = field(default_factory=lambda: dict(COLOURS))
    key: list[tuple[str, str]] = field(default_factory=list)
    """(what, label) for the key under the chart: 'bar', 'more' (hatched) or 'marker'."""
    alternative: str = ""
    """A text alternative written for this chart; without one, `description` lists every bar."""

    bar_height = BAR_HEIGHT

    @property
    def description(self) -> str:
        """The text alternative: every bar's label and value, in order."""
        if self.alternative:
            return self.alternative
        parts = [f"{row.label}: {row.text}" + (" (below the threshold)" if row.low else "") for row in self.rows]
        text = f"{self.title}. " + "; ".join(parts) + "."
        if self.marker is not None and self.marker_label:
            text += f" {self.marker_label.rstrip('.')}."
        return text


def bar_chart(
    chart_id: str,
    title: str,
    values: list[tuple[str, float, str]],
    *,
    threshold: float | None = None,
    target: float | None = None,
    marker_label: str = "",
    unit: str = "items",
    explanation: str = "",
    more: list[float] | None = None,
    key: list[tuple[str, str]] | None = None,
) -> BarChart:
    """values: (label, number, text to write beside the label).

    A `threshold` is marked on each bar, and bars below it are hatched and labelled; a
    `target` is marked only (a goal to reach, so nothing is flagged). `more` adds a
    hatched part after each bar, such as what is planned on top of what is done.
    """
    line = threshold if threshold is not None else target
    extra = more or [0.0] * len(values)
    largest = max([value + add for (_, value, _), add in zip(values, extra)] + [line or 0, 1])
    scale = BAR_AREA / largest
    rows = []
    y = 0.0
    for (label, value, text), add in zip(values, extra):
        low = threshold is not None and value < threshold
        lines = textwrap.wrap(f"{label}: {text}" + (f" (below {_plain(threshold)})" if low else ""),
                              LABEL_CHARACTERS, break_long_words=True) or [""]
        bar_y = y + LINE_HEIGHT * len(lines) + 2
        rows.append(BarRow(label, value, text, low, lines, y, bar_y, round(max(value * scale, 0), 2),
                           round(max(add * scale, 0), 2)))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    marker_x = round(line * scale, 2) if line is not None else None
    return BarChart(chart_id, title, rows, line, marker_label, unit, explanation, marker_x, max(y - ROW_GAP + 4, 1),
                    key=list(key or []))


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


# --- lines over time ---------------------------------------------------------------------------

PLOT_TOP = 16
PLOT_HEIGHT = 150
X_LABELS_Y = PLOT_TOP + PLOT_HEIGHT + 20
LINE_CHART_HEIGHT = X_LABELS_Y + 8
LEFT, RIGHT = 4.0, 96.0
"""Where the first and last periods sit, in percent of the chart's width."""
MOST_LABELS = 6
"""Period labels on a wide screen; a phone shows about half of them."""


@dataclass
class ChartPoint:
    x: float
    y: float
    value: float
    text: str


@dataclass
class LineSeries:
    name: str
    points: list[ChartPoint | None]
    colour: str
    dash: str
    marker: str

    @property
    def segments(self) -> list[tuple[ChartPoint, ChartPoint]]:
        """Lines between neighbouring periods that both have a figure."""
        return [(a, b) for a, b in zip(self.points, self.points[1:]) if a is not None and b is not None]

    @property
    def drawn(self) -> list[ChartPoint]:
        return [point for point in self.points if point is not None]


@dataclass
class Tick:
    x: float
    label: str
    minor: bool
    """Hidden on a phone, where there is no room for every label."""


@dataclass
class LineChart:
    id: str
    title: str
    explanation: str
    series: list[LineSeries]
    ticks: list[Tick]
    grid: list[tuple[float, str]]
    """(y, label) of each horizontal grid line."""
    description: str
    target_y: float | None = None
    target_label: str = ""
    height: int = LINE_CHART_HEIGHT
    colours: dict[str, str] = field(default_factory=lambda: dict(COLOURS))

    plot_top = PLOT_TOP
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    labels_y = X_LABELS_Y


def line_chart(
    chart_id: str,
    title: str,
    periods: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    format_value=lambda value: _plain(value),
    target: float | None = None,
    target_label: str = "",
    explanation: str = "",
) -> LineChart:
    """One line per series over `periods` (oldest first); the first series is the main one.

    `format_value` writes a figure for people, such as '90%' or '1,339'.
    """
    numbers = [value for _, values in series for value in values if value is not None]
    low = min(numbers + [0.0] + ([target] if target is not None else []))
    high = max(numbers + [1.0] + ([target] if target is not None else []))
    top = _nice_ceiling(high)
    bottom = -_nice_ceiling(-low) if low < 0 else 0.0
    least = min(numbers + ([target] if target is not None else []), default=0.0)
    if least > 0 and least > top / 2:
        # Figures that change little near a high level: start the scale just below them, so
        # the change shows. The grid's labels say where it starts.
        interval = _nice_ceiling((high - least) / 2) or _nice_ceiling(high / 10)
        bottom = math.floor(least / interval) * interval
        if bottom + 2 * interval < high:
            interval = _nice_ceiling((high - bottom) / 2)
        top = bottom + 2 * interval
    span = (top - bottom) or 1.0

    def y_of(value: float) -> float:
        return round(PLOT_TOP + PLOT_HEIGHT * (top - value) / span, 1)

    count = len(periods)
    step = (RIGHT - LEFT) / (count - 1) if count > 1 else 0.0
    xs = [round(LEFT + step * index, 2) if count > 1 else 50.0 for index in range(count)]
    drawn = []
    for (name, values), (colour, dash, marker) in zip(series, SERIES_STYLES):
        points = [
            ChartPoint(x, y_of(value), value, format_value(value)) if value is not None else None
            for x, value in zip(xs, values)
        ]
        drawn.append(LineSeries(name, points, colour, dash, marker))
    every = max(1, math.ceil(count / MOST_LABELS))
    ticks = []
    for index, (x, label) in enumerate(zip(xs, periods)):
        from_end = count - 1 - index
        if from_end % every == 0:
            ticks.append(Tick(x, label, minor=count > 4 and from_end % (2 * every) != 0))
    middle = (top + bottom) / 2
    grid = [(y_of(value), format_value(value)) for value in (top, middle, bottom)]
    parts = []
    for line in drawn:
        figures = [f"{label} {point.text}" for label, point in zip(periods, line.points) if point is not None]
        parts.append(f"{line.name}: " + ("; ".join(figures) if figures else "no figures"))
    description = f"{title}. " + ". ".join(parts) + "."
    if target is not None:
        description += f" {target_label or 'Target'}: {format_value(target)}."
    return LineChart(
        chart_id,
        title,
        explanation,
        drawn,
        ticks,
        grid,
        description,
        y_of(target) if target is not None else None,
        f"{target_label or 'Target'}: {format_value(target)}" if target is not None else "",
    )


def _nice_ceiling(value: float) -> float:
    """The next round number at or above `value`: 1, 2, 2.5, 5 or 10 times a power of ten."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
