"""Horizontal bar charts as geometry for an SVG template (theme/partials/kb-bar-chart.html).

Charts are drawn at build time, so they need no JavaScript. Every bar has its
number written beside it, bars below a threshold are hatched and labelled
(never told apart by colour alone), and the template gives each chart a text
alternative. A data table with the same figures always sits beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Text passes 4.5:1 and bars, marker and hatching pass 3:1 against the white background
# (WCAG 2.2, 1.4.3 and 1.4.11). tests/test_impact.py checks each pair.
COLOURS = {
    "background": "#ffffff",
    "text": "#1f1f1f",
    "bar": "#1a237e",
    "low": "#8c4a00",
    "marker": "#1f1f1f",
}

WIDTH = 680
LABEL_WIDTH = 250
BAR_AREA = 330
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 12
BOTTOM = 30


@dataclass
class BarRow:
    label: str
    value: float
    text: str
    low: bool = False
    """Below the threshold: drawn hatched, with '(below N)' written beside it."""
    y: float = 0
    width: float = 0


@dataclass
class BarChart:
    id: str
    title: str
    rows: list[BarRow]
    marker: float | None = None
    marker_label: str = ""
    unit: str = "items"
    scale: float = 1
    marker_x: float | None = None
    colours: dict[str, str] = field(default_factory=lambda: dict(COLOURS))

    width = WIDTH
    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT
    top = TOP

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * len(self.rows) + BOTTOM

    @property
    def axis_y(self) -> float:
        return TOP + ROW_HEIGHT * len(self.rows)

    @property
    def description(self) -> str:
        """The text alternative: every bar's label and value, in order."""
        parts = [f"{row.label}: {row.text}" + (" (below the threshold)" if row.low else "") for row in self.rows]
        text = f"{self.title}. " + "; ".join(parts) + "."
        if self.marker is not None and self.marker_label:
            text += f" {self.marker_label}."
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
) -> BarChart:
    """values: (label, number, text to write beside the bar).

    A `threshold` is drawn as a line and bars below it are marked as low; a `target`
    is drawn as a line only (a goal to reach, so nothing is flagged).
    """
    line = threshold if threshold is not None else target
    largest = max([value for _, value, _ in values] + [line or 0, 1])
    scale = BAR_AREA / largest
    rows = []
    for index, (label, value, text) in enumerate(values):
        low = threshold is not None and value < threshold
        rows.append(
            BarRow(
                label=label,
                value=value,
                text=text,
                low=low,
                y=TOP + ROW_HEIGHT * index + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                width=max(value * scale, 0),
            )
        )
    marker_x = LABEL_WIDTH + line * scale if line is not None else None
    return BarChart(chart_id, title, rows, line, marker_label, unit, scale, marker_x)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
