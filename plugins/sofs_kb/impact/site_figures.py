"""Measures whose figures the site works out itself, so nobody types them in. No MkDocs.

- the newsletter measure: issues published each quarter (1 or 0), for every quarter
  from the first plan year with an issue that has ended or has its issue;
- training measures, for each plan year with training dates: dates advertised,
  attendance rate, average evaluation score and cancellation rate;
- usage measures, for each month of usage data: page views of items, and of the site.
"""

from __future__ import annotations

from datetime import date

from ..model import NewsletterIssue
from ..quarters import Quarter
from ..training import TrainingData
from ..training.plan_year import PlanYear
from ..training.tracking import track_plan_year
from .measures import Point, Series
from .options import ImpactOptions
from .periods import Period
from .resource_use import ResourceUse

NEWSLETTER_SOURCE = "the newsletter issues published on this site"
TRAINING_SOURCE = "the training dates in data/training"
USAGE_SOURCE = "page views imported from the web server's logs into data/usage"


def site_series(
    options: ImpactOptions,
    issues: list[NewsletterIssue],
    training: TrainingData | None,
    usage: ResourceUse | None,
    as_of: date,
) -> list[Series]:
    found: list[Series] = []
    if options.newsletter_measure:
        found.append(Series(options.newsletter_measure, _newsletters(issues, as_of, options.plan_year_start_month),
                            NEWSLETTER_SOURCE))
    for figure, measure in options.training_measures.items():
        points = _training(training, figure, as_of) if training is not None else []
        found.append(Series(measure, points, TRAINING_SOURCE))
    for figure, measure in options.usage_measures.items():
        points = []
        if usage is not None:
            values = usage.item_views if figure == "items" else usage.site_views
            points = [Point(Period.month(month), float(value), USAGE_SOURCE) for month, value in zip(usage.months, values)]
        found.append(Series(measure, points, USAGE_SOURCE))
    return found


def _newsletters(issues: list[NewsletterIssue], as_of: date, start_month: int) -> list[Point]:
    published = {issue.quarter for issue in issues if issue.published and issue.published <= as_of}
    if not published:
        return []
    quarter = Quarter.of(PlanYear.of(min(published).start, start_month).start)
    points = []
    while quarter.start <= as_of:
        if quarter in published or quarter.end < as_of:
            issue = 1.0 if quarter in published else 0.0
            note = "" if issue else "no issue this quarter"
            points.append(Point(Period.quarter(quarter), issue, NEWSLETTER_SOURCE, note))
        quarter = quarter.next()
    return points


def _training(data: TrainingData, figure: str, as_of: date) -> list[Point]:
    start_month = data.settings.plan_year_start_month
    years = sorted({PlanYear.of(event.first_day, start_month) for event in data.events})
    points = []
    for year in years:
        if year.start > as_of:
            continue
        totals = track_plan_year(data, year).totals
        value = {
            "advertised": totals.events_listed,
            "attendance": None if totals.attendance_rate is None else totals.attendance_rate * 100,
            "evaluations": totals.evaluation_average,
            "cancellations": None if totals.cancellation_rate is None else totals.cancellation_rate * 100,
        }[figure]
        if value is not None:
            points.append(Point(Period.plan_year(year), float(value), TRAINING_SOURCE))
    return points
