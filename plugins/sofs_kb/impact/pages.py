"""The "Measuring impact" pages: which pages, which template, which figures and charts."""

from __future__ import annotations

from ..charts import BarChart, bar_chart
from ..pages import PagePlan
from ..training.chart import progress_charts
from .report import ImpactReport

FOLDER = "impact"
OVERVIEW = f"{FOLDER}/index.md"
EVIDENCE = f"{FOLDER}/evidence.md"
KNOWLEDGE_BANK = f"{FOLDER}/knowledge-bank.md"
NEWSLETTERS = f"{FOLDER}/newsletters.md"
TRAINING = f"{FOLDER}/training.md"


def impact_pages(report: ImpactReport) -> list[PagePlan]:
    data = {"report": report}
    pages = [
        PagePlan(
            OVERVIEW,
            "Measuring impact",
            "impact-overview.html",
            body="",
            description="How the knowledge bank, newsletters and training evidence each part of the plan.",
            data={**data, "charts": [section_chart(report)]},
        ),
        PagePlan(
            EVIDENCE,
            "Evidence for each plan section",
            "impact-evidence.html",
            body="",
            description="Each plan section's evidence measures, with the items, newsletters and training behind them.",
            data=data,
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


def _items(count: int) -> str:
    return f"{count} item" + ("" if count == 1 else "s")


def section_chart(report: ImpactReport) -> BarChart:
    coverage = report.coverage
    return bar_chart(
        "chart-sections",
        "Items in each plan section",
        [(report.section_titles[key], count, _items(count)) for key, count in coverage.by_section.items()],
        threshold=coverage.threshold,
        marker_label=f"Threshold: {coverage.threshold}",
    )


def growth_chart(report: ImpactReport) -> BarChart:
    growth = report.growth
    return bar_chart(
        "chart-growth",
        f"Items added each quarter, plan year {report.plan_year.label}",
        [(quarter.label, count, _items(count)) for quarter, count in zip(growth.quarters, growth.total)],
    )


def audience_chart(report: ImpactReport) -> BarChart:
    coverage = report.coverage
    return bar_chart(
        "chart-audiences",
        "Items for each audience",
        [(report.audience_labels[key], count, _items(count)) for key, count in coverage.by_audience.items()],
        threshold=coverage.threshold,
        marker_label=f"Threshold: {coverage.threshold}",
    )


def locality_chart(report: ImpactReport) -> BarChart:
    return bar_chart(
        "chart-localities",
        "Items about each locality",
        [(report.locality_labels[key], count, _items(count)) for key, count in report.coverage.by_locality.items()],
    )


def newsletter_chart(report: ImpactReport) -> BarChart:
    values = [
        (f"Plan year {year.plan_year.label}", year.published, f"{year.published} of {year.commitment}")
        for year in report.newsletters
    ]
    commitment = report.newsletters[0].commitment if report.newsletters else 4
    return bar_chart(
        "chart-newsletters",
        "Newsletter issues published each plan year",
        values,
        target=commitment,
        marker_label=f"Commitment: {commitment} a year",
        unit="issues",
    )
