"""The impact pages' CSV downloads: one table per file, headings in words, no internal ids.

The same tables are what `kb report --format csv -o FOLDER` writes. Figures are plain
numbers a spreadsheet can add up; rates are written as percentages ('90%'), which
spreadsheets read as numbers too. Every cell goes through spreadsheet.safe_cell.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ..formatting import long_date, percent
from ..spreadsheet import write_csv
from .report import ImpactReport

FOLDER = "impact/downloads"


@dataclass
class Download:
    name: str
    """The file name, such as 'measures.csv'."""
    title: str
    description: str
    header: list[str]
    rows: list[list[Any]]

    @property
    def src_uri(self) -> str:
        return f"{FOLDER}/{self.name}"

    def text(self) -> str:
        out = io.StringIO(newline="")
        write_csv(out, self.header, self.rows)
        return out.getvalue()


def downloads(report: ImpactReport) -> list[Download]:
    files = [_measures(report), _measure_figures(report), _sections(report), _growth(report), _review(report),
             _newsletters(report)]
    if report.training is not None:
        files.append(_training(report))
    if report.usage.has_data:
        files += [_views_by_month(report), _item_views(report)]
    return files


def _measures(report: ImpactReport) -> Download:
    rows = []
    for section in report.sections:
        for entry in section.measures:
            figures = entry.figures
            definition = figures.measure
            latest = figures.latest
            rows.append([
                section.title,
                entry.title,
                definition.kind_label.capitalize(),
                entry.status.heading,
                entry.status.reason,
                latest.period.title_label if latest else "",
                figures.format(latest.value) if latest else "",
                figures.format(definition.target) if definition.target is not None else "",
                definition.better.capitalize(),
                "Yes" if figures.has_examples else "No",
            ])
    return Download(
        "measures.csv",
        "Every measure and its status",
        "One row per measure: its status, why, and its latest figure.",
        ["Plan section", "Measure", "Kind of evidence", "Status", "Why", "Latest period", "Latest figure",
         "Target", "Better when", "Uses example figures"],
        rows,
    )


def _measure_figures(report: ImpactReport) -> Download:
    labels = report.measures.benchmark_labels
    names = list(labels)
    rows = []
    for section in report.sections:
        for entry in section.measures:
            for point in entry.figures.points:
                rows.append([
                    section.title, entry.title, point.period.title_label, _plain(point.value),
                    entry.figures.measure.unit,
                    *[_plain(point.benchmarks.get(name)) for name in names], point.source, point.note,
                ])
    return Download(
        "measure-figures.csv",
        "Every figure of every measure",
        "One row per measure and period, with any benchmarks beside it.",
        # The unit says what a bare figure means: 61 may be 61% or 61 complaints.
        ["Plan section", "Measure", "Period", "Figure", "Unit", *[labels[name] for name in names], "Source", "Note"],
        rows,
    )


def _sections(report: ImpactReport) -> Download:
    threshold = report.coverage.threshold
    rows = []
    for section in report.sections:
        statuses = section.statuses
        rows.append([
            section.title, section.items, "Yes" if section.items < threshold else "No",
            statuses.get("on-track", 0), statuses.get("not-on-track", 0), statuses.get("no-data-since", 0),
            statuses.get("no-data-yet", 0) + statuses.get("too-soon", 0),
        ])
    return Download(
        "plan-sections.csv",
        "Items and measures for each plan section",
        f"Items filed under each section (fewer than {threshold} is thin coverage) and how its measures stand.",
        ["Plan section", "Items", f"Thin coverage (fewer than {threshold} items)", "Measures on track",
         "Measures not on track", "Measures with no recent data", "Measures with no data yet or too soon to tell"],
        rows,
    )


def _growth(report: ImpactReport) -> Download:
    growth = report.growth
    types = list(growth.by_type)
    rows = [
        [quarter.label, growth.total[index], *[growth.by_type[type_id][index] for type_id in types]]
        for index, quarter in enumerate(growth.quarters)
    ]
    return Download(
        "items-added-each-quarter.csv",
        "Items added each quarter",
        f"Items first published in each quarter of plan year {report.plan_year.label}, by type.",
        ["Quarter", "All items", *[report.type_labels[type_id] for type_id in types]],
        rows,
    )


def _review(report: ImpactReport) -> Download:
    rows = []
    for state, groups in (("Past its review date", report.health.stale), ("Due for review soon", report.health.due_soon)):
        for group in groups:
            for item in group.items:
                rows.append([group.owner, item.title, report.type_names[item.type], long_date(item.review_by), state])
    return Download(
        "items-to-review.csv",
        "Items past or near their review date, by owner",
        f"Items whose review date has passed, or falls in the next {report.health.due_days} days.",
        ["Owner", "Item", "Type", "Review date", "State"],
        rows,
    )


def _newsletters(report: ImpactReport) -> Download:
    rows = []
    for year in report.newsletters:
        for row in year.quarters:
            if row.issue is not None:
                state = "Published"
            elif not row.started:
                state = "Not started yet"
            elif not row.ended:
                state = "Due this quarter"
            else:
                state = "Missed"
            rows.append([year.plan_year.label, row.quarter.label, row.issue.issue if row.issue else "",
                         row.issue.title if row.issue else "", state])
    return Download(
        "newsletters.csv",
        "Newsletter issues each quarter",
        "One row per quarter: the issue published for it, or why there is none.",
        ["Plan year", "Quarter", "Issue number", "Title", "State"],
        rows,
    )


def _training(report: ImpactReport) -> Download:
    assert report.training is not None
    rows = []
    for title, on_request, figures in [
        *[(entry.title, entry.on_request, entry.figures) for entry in report.training.courses],
        ("All courses", False, report.training.totals),
    ]:
        rows.append([
            title, figures.events.delivered, figures.events.planned,
            "On request" if on_request else _plain(figures.events.target), figures.events_listed, figures.cancelled,
            figures.places.planned, _plain(figures.places.target), figures.booked, figures.attended,
            _rate(figures.attendance_rate), _plain(figures.evaluation_average),
        ])
    return Download(
        "training.csv",
        "Training against the plan's targets",
        f"Each course in plan year {report.plan_year.label}: dates, places and the people who came.",
        ["Course", "Dates held", "Dates held or still going ahead", "Dates the plan promises", "Dates listed",
         "Dates cancelled", "Places offered on dates not cancelled", "Places the plan promises",
         "Places booked on dates held", "People who attended", "Attendance rate", "Average evaluation (1 to 5)"],
        rows,
    )


def _views_by_month(report: ImpactReport) -> Download:
    usage = report.usage
    rows = [[month.label, site, items] for month, site, items in zip(usage.months, usage.site_views, usage.item_views)]
    return Download(
        "page-views-by-month.csv",
        "Page views each month",
        "Views of every page of the site, and of knowledge-bank items alone, not counting bots.",
        ["Month", "Views of every page", "Views of items"],
        rows,
    )


def _item_views(report: ImpactReport) -> Download:
    usage = report.usage
    rows = [
        [use.item.title, report.type_names[use.item.type],
         "; ".join(report.section_titles[key] for key in use.item.plan_sections),
         long_date(use.item.published), use.views, use.ever]
        for use in sorted(usage.items, key=lambda use: (-use.views, use.item.title.lower()))
    ]
    return Download(
        "item-views.csv",
        "Views of each item",
        "Every published item, most viewed first.",
        ["Item", "Type", "Plan sections", "Published", f"Views since {long_date(report.plan_year.start)}",
         "Views in every month imported"],
        rows,
    )


def _plain(value: float | int | None) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 2) if isinstance(value, float) else value


def _rate(value: float | None) -> str:
    return "" if value is None else percent(value)
