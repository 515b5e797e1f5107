"""The "Measuring impact" pages: which pages, which template, which figures and charts."""

from __future__ import annotations

from ..charts import BarChart, LineChart, bar_chart, line_chart
from ..formatting import count, number, percent
from ..pages import PagePlan
from ..training.chart import progress_charts
from .downloads import downloads
from .measures import MeasureFigures, format_value
from .report import ImpactReport
from .resource_use import ResourceUse

FOLDER = "impact"
OVERVIEW = f"{FOLDER}/index.md"
EVIDENCE = f"{FOLDER}/evidence.md"
KNOWLEDGE_BANK = f"{FOLDER}/knowledge-bank.md"
NEWSLETTERS = f"{FOLDER}/newsletters.md"
TRAINING = f"{FOLDER}/training.md"
RESOURCE_USE = f"{FOLDER}/resource-use.md"
IMPACT_PAGES = (OVERVIEW, EVIDENCE, KNOWLEDGE_BANK, RESOURCE_USE, NEWSLETTERS, TRAINING)

OUR_FIGURE = "Our figure"


def impact_pages(report: ImpactReport) -> list[PagePlan]:
    data = {"report": report, "downloads": downloads(report)}
    pages = [
        PagePlan(
            OVERVIEW,
            "Measuring impact",
            "impact-overview.html",
            body="",
            description="Where each of the plan's measures stands, and how the knowledge bank, newsletters and training are doing.",
            data={**data, "charts": [section_chart(report)]},
        ),
        PagePlan(
            EVIDENCE,
            "Measures for each plan section",
            "impact-evidence.html",
            body="",
            description="Each of the plan's measures: its figures over time, against its target and benchmarks, and its status.",
            data={**data, "charts": {entry.id: measure_chart(entry) for entry in report.measures.figures if entry.points}},
        ),
        PagePlan(
            KNOWLEDGE_BANK,
            "Knowledge bank growth, coverage and health",
            "impact-knowledge-bank.html",
            body="",
            description="New items each quarter, who and where the items are for, and items due for review.",
            data={
                **data,
                "growth_chart": growth_chart(report),
                "audience_chart": audience_chart(report),
                "locality_chart": locality_chart(report),
            },
        ),
        PagePlan(
            RESOURCE_USE,
            "How much the resources are used",
            "impact-resource-use.html",
            body="",
            description="Page views of the knowledge bank by month, the most and least used items, and items nobody has opened.",
            data={**data, **usage_charts(report)},
        ),
        PagePlan(
            NEWSLETTERS,
            "Newsletters against the plan",
            "impact-newsletters.html",
            body="",
            description="Newsletter issues published each plan year, against the promise of one a quarter.",
            data={**data, "chart": newsletter_chart(report)},
        ),
    ]
    if report.training is not None:
        pages.append(
            PagePlan(
                TRAINING,
                "Training against the plan",
                "impact-training.html",
                body="",
                description="Training delivered, planned and targeted this plan year.",
                data={**data, "charts": progress_charts(report.training)},
            )
        )
    return pages


def _items(value: int) -> str:
    return count(value, "item")


def thin_note(report: ImpactReport) -> str:
    threshold = report.coverage.threshold
    return (
        f"The short dashed line on each bar marks {count(threshold, 'item')}: fewer than that counts as "
        "thin coverage, and those bars are hatched."
    )


def section_chart(report: ImpactReport) -> BarChart:
    coverage = report.coverage
    return bar_chart(
        "chart-sections",
        "Items in each plan section",
        [(report.section_titles[key], value, _items(value)) for key, value in coverage.by_section.items()],
        threshold=coverage.threshold,
        explanation="Each bar is the number of published items filed under a plan section; an item can be in more than one.",
        marker_label=thin_note(report),
    )


def growth_chart(report: ImpactReport) -> BarChart:
    growth = report.growth
    return bar_chart(
        "chart-growth",
        f"Items added each quarter, plan year {report.plan_year.label}",
        [(quarter.label, value, _items(value)) for quarter, value in zip(growth.quarters, growth.total)],
        explanation="Each bar is the number of items first published in that quarter.",
    )


def audience_chart(report: ImpactReport) -> BarChart:
    coverage = report.coverage
    return bar_chart(
        "chart-audiences",
        "Items for each audience",
        [(report.audience_labels[key], value, _items(value)) for key, value in coverage.by_audience.items()],
        threshold=coverage.threshold,
        explanation="Each bar is the number of published items written for that audience; an item can have several.",
        marker_label=thin_note(report),
    )


def locality_chart(report: ImpactReport) -> BarChart:
    return bar_chart(
        "chart-localities",
        "Items about each locality",
        [(report.locality_labels[key], value, _items(value)) for key, value in report.coverage.by_locality.items()],
        explanation="Each bar is the number of published items about work in that locality; most items are for everywhere.",
    )


def newsletter_chart(report: ImpactReport) -> BarChart:
    values = [
        (f"Plan year {year.plan_year.label}", year.published, f"{year.published} of {year.commitment} issues")
        for year in report.newsletters
    ]
    commitment = report.newsletters[0].commitment if report.newsletters else 4
    return bar_chart(
        "chart-newsletters",
        "Newsletter issues published each plan year",
        values,
        target=commitment,
        marker_label=f"The short dashed line on each bar marks the promise of {commitment} issues a year.",
        explanation="Each bar is the number of newsletter issues published in a plan year.",
        unit="issues",
    )


def measure_chart(entry: MeasureFigures) -> LineChart:
    measure = entry.measure
    labels = entry.benchmark_labels
    series = [(OUR_FIGURE, [point.value for point in entry.points])]
    for name in entry.benchmarks:
        series.append((labels.get(name, name), [point.benchmarks.get(name) for point in entry.points]))
    return line_chart(
        f"chart-measure-{entry.id}",
        entry.title,
        [point.period.short_label for point in entry.points],
        series,
        format_value=lambda value: format_value(measure, value),
        target=measure.target,
        target_label="Target",
        explanation=entry.explanation,
    )


def usage_charts(report: ImpactReport) -> dict:
    usage = report.usage
    if not usage.has_data:
        return {}
    trend = line_chart(
        "chart-views",
        "Page views each month",
        [month.short_label for month in usage.months],
        [("Every page of the site", [float(v) for v in usage.site_views]),
         ("Knowledge-bank items", [float(v) for v in usage.item_views])],
        format_value=lambda value: number(value),
        explanation=(
            "Each point is the number of times pages were opened in a month, not counting bots, "
            "search engines, errors or repeat requests for images and styles."
        ),
    )
    sections, audiences = usage_by(usage, "section"), usage_by(usage, "audience")
    return {
        "period": counted_period(usage),
        "trend_chart": trend,
        "type_chart": _views_chart(report, usage, "chart-views-type", "Item views by type",
                                   [(report.type_labels[key], value) for key, value in usage.by_type().items()]),
        "section_chart": _views_chart(
            report, usage, "chart-views-section", "Item views by plan section",
            [(report.section_titles[key], sections.get(key, 0)) for key in report.section_titles]),
        "audience_chart": _views_chart(
            report, usage, "chart-views-audience", "Item views by audience",
            [(label, audiences.get(key, 0)) for key, label in report.audience_labels.items()]),
    }


def usage_by(usage: ResourceUse, what: str) -> dict[str, int]:
    if what == "section":
        return dict(usage.by(lambda item: item.plan_sections))
    return dict(usage.by(lambda item: item.audience))


def _views_chart(report: ImpactReport, usage: ResourceUse, chart_id: str, title: str, values) -> BarChart:
    total = usage.total or 1
    return bar_chart(
        chart_id,
        f"{title}, {counted_period(usage)}",
        [(label, value, f"{number(value)} views ({percent(value / total)} of item views)") for label, value in values],
        unit="views",
        explanation="Each bar adds up the views of the items in that group; an item in two groups counts in both.",
    )


def counted_period(usage: ResourceUse) -> str:
    if not usage.counted:
        return "no months yet"
    first, last = usage.counted[0], usage.counted[-1]
    return first.label if first == last else f"{first.label} to {last.label}"
