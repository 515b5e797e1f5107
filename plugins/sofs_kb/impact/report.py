"""The evidence dashboard's figures for one plan year. Plain Python: no MkDocs.

The same `ImpactReport` feeds the site's "Measuring impact" pages and
`kb report`, so the page and the board report can never disagree. The JSON
shape (`to_dict`) is documented in docs/impact-report.md; keep it stable.

Definitions:

- the report is "as of" today, or the last day of the plan year if that has passed;
- an item counts from its `published` date (drafts, embargoed items and items
  outside the edition are never counted: the loader leaves them out);
- growth counts items published in each quarter of the plan year that has begun;
- coverage counts every item published by the "as of" day; a plan section or
  audience with fewer items than the threshold is "thin";
- an item is stale when its `review_by` day is before the "as of" day, and due
  for review when it falls within the next `due_days` days;
- a newsletter issue counts in the plan year its quarter starts in; the
  commitment is one issue a quarter;
- each measure's figures and status come from measures.py; items that name a
  measure in their `evidence` field are related reading for it, never its evidence;
- resource use comes from resource_use.py, counted from the start of the plan year.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..formatting import count, number
from ..loader import Bank
from ..model import ITEM_TYPES, Item, NewsletterIssue
from ..quarters import Quarter
from ..training import TrainingData
from ..training.plan_year import PlanYear
from ..training.tracking import PlanYearReport, track_plan_year
from .measures import STATUS_LABELS, MeasureFigures, MeasuresData, load_measures
from .options import ImpactOptions
from .resource_use import ResourceUse, load_resource_use
from .site_figures import site_series

SCHEMA = "sofs-kb-impact"
SCHEMA_VERSION = 2
QUARTERS_A_YEAR = 4


@dataclass
class MeasureEvidence:
    """A measure with its figures and status, and the reading related to it."""

    figures: MeasureFigures
    related: list[Item]
    """Items that name the measure in their `evidence` field: related reading, not evidence."""
    newsletters: list[NewsletterIssue]
    """For the newsletter measure: the issues themselves, as related reading."""

    @property
    def id(self) -> str:
        return self.figures.id

    @property
    def title(self) -> str:
        return self.figures.title

    @property
    def status(self):
        return self.figures.status


@dataclass
class SectionEvidence:
    id: str
    title: str
    src_uri: str
    items: int
    measures: list[MeasureEvidence]

    def count(self, status: str) -> int:
        return sum(1 for measure in self.measures if measure.status.key == status)

    @property
    def statuses(self) -> dict[str, int]:
        """How many measures have each status, for statuses that some measure has."""
        counts = {key: self.count(key) for key in STATUS_LABELS}
        return {key: value for key, value in counts.items() if value}

    @property
    def summary(self) -> str:
        """'9 measures: 2 on track, 1 not on track and 6 with no data yet.'"""
        words = {
            "on-track": "on track",
            "not-on-track": "not on track",
            "no-data-since": "with no recent data",
            "too-soon": "too soon to tell",
            "no-data-yet": "with no data yet",
        }
        parts = [f"{number(value)} {words[key]}" for key, value in self.statuses.items()]
        joined = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""
        return f"{count(len(self.measures), 'measure')}: {joined}."


@dataclass
class Growth:
    quarters: list[Quarter]
    total: list[int]
    by_section: dict[str, list[int]]
    by_type: dict[str, list[int]]


@dataclass
class Coverage:
    threshold: int
    by_section: dict[str, int]
    by_audience: dict[str, int]
    by_locality: dict[str, int]

    @property
    def thin_sections(self) -> list[str]:
        return [key for key, count in self.by_section.items() if count < self.threshold]

    @property
    def thin_audiences(self) -> list[str]:
        return [key for key, count in self.by_audience.items() if count < self.threshold]


@dataclass
class OwnerGroup:
    owner: str
    items: list[Item]


@dataclass
class Health:
    due_days: int
    stale: list[OwnerGroup]
    due_soon: list[OwnerGroup]

    @property
    def stale_count(self) -> int:
        return sum(len(group.items) for group in self.stale)

    @property
    def due_count(self) -> int:
        return sum(len(group.items) for group in self.due_soon)


@dataclass
class QuarterIssue:
    quarter: Quarter
    started: bool
    ended: bool
    issue: NewsletterIssue | None


@dataclass
class NewsletterYear:
    plan_year: PlanYear
    quarters: list[QuarterIssue]

    @property
    def published(self) -> int:
        return sum(1 for row in self.quarters if row.issue is not None)

    @property
    def quarters_begun(self) -> int:
        return sum(1 for row in self.quarters if row.started)

    @property
    def missed(self) -> int:
        """Quarters that have ended with no issue."""
        return sum(1 for row in self.quarters if row.ended and row.issue is None)

    commitment: int = QUARTERS_A_YEAR


@dataclass
class ImpactReport:
    plan_year: PlanYear
    as_of: date
    edition: str
    items: list[Item]
    sections: list[SectionEvidence]
    growth: Growth
    coverage: Coverage
    health: Health
    newsletters: list[NewsletterYear]
    training: PlanYearReport | None
    measures: MeasuresData
    usage: ResourceUse
    type_labels: dict[str, str]
    """Plural names, such as 'Practice resources'."""
    type_names: dict[str, str]
    """Singular names, such as 'Practice resource'."""
    section_titles: dict[str, str]
    audience_labels: dict[str, str]
    locality_labels: dict[str, str]

    @property
    def by_type(self) -> dict[str, int]:
        counts = Counter(item.type for item in self.items)
        return {type_id: counts.get(type_id, 0) for type_id in ITEM_TYPES}

    @property
    def newsletter_year(self) -> NewsletterYear | None:
        return next((year for year in self.newsletters if year.plan_year == self.plan_year), None)

    def to_dict(self) -> dict[str, Any]:
        """The export for board reports. Shape documented in docs/impact-report.md."""
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "plan_year": self.plan_year.label,
            "period": {"start": self.plan_year.start.isoformat(), "end": self.plan_year.last_day.isoformat()},
            "as_of": self.as_of.isoformat(),
            "edition": self.edition,
            "items": {"total": len(self.items), "by_type": self.by_type},
            "plan_sections": [
                {
                    "id": section.id,
                    "title": section.title,
                    "items": section.items,
                    "measures": [_measure_dict(measure) for measure in section.measures],
                }
                for section in self.sections
            ],
            "growth": {
                "quarters": [str(quarter) for quarter in self.growth.quarters],
                "total": self.growth.total,
                "by_plan_section": self.growth.by_section,
                "by_type": self.growth.by_type,
            },
            "coverage": {
                "threshold": self.coverage.threshold,
                "by_plan_section": self.coverage.by_section,
                "by_audience": self.coverage.by_audience,
                "by_locality": self.coverage.by_locality,
                "thin_plan_sections": self.coverage.thin_sections,
                "thin_audiences": self.coverage.thin_audiences,
            },
            "health": {
                "due_days": self.health.due_days,
                "stale": [_owner_dict(group) for group in self.health.stale],
                "due_soon": [_owner_dict(group) for group in self.health.due_soon],
            },
            "newsletters": [
                {
                    "plan_year": year.plan_year.label,
                    "published": year.published,
                    "quarters_begun": year.quarters_begun,
                    "quarters_missed": year.missed,
                    "commitment": year.commitment,
                    "quarters": [
                        {
                            "quarter": str(row.quarter),
                            "started": row.started,
                            "ended": row.ended,
                            "issue": row.issue.issue if row.issue else None,
                            "title": row.issue.title if row.issue else None,
                        }
                        for row in year.quarters
                    ],
                }
                for year in self.newsletters
            ],
            "training": self.training.to_dict() if self.training is not None else None,
            "example_data": self.measures.uses_examples,
            "benchmarks": self.measures.benchmark_labels,
            "usage": _usage_dict(self.usage),
        }


def _measure_dict(measure: MeasureEvidence) -> dict[str, Any]:
    figures = measure.figures
    definition = figures.measure
    return {
        "id": measure.id,
        "title": measure.title,
        "kind": definition.kind,
        "target": definition.target,
        "better": definition.better,
        "unit": definition.unit,
        "compare_with": definition.compare_with,
        "status": measure.status.key,
        "status_label": measure.status.label,
        "status_reason": measure.status.reason,
        "figures": [
            {
                "period": point.period.key,
                "value": point.value,
                "source": point.source,
                "note": point.note,
                "benchmarks": {name: value for name, value in point.benchmarks.items() if value is not None},
            }
            for point in figures.points
        ],
        "related_items": [item.id for item in measure.related],
        "related_newsletters": [str(issue.quarter) for issue in measure.newsletters],
    }


def _usage_dict(usage: ResourceUse) -> dict[str, Any]:
    return {
        "months": [month.key for month in usage.months],
        "site_views": usage.site_views,
        "item_views": usage.item_views,
        "counted_months": [month.key for month in usage.counted],
        "most_used": [{"id": use.item.id, "views": use.views} for use in usage.most_used],
        "least_used": [{"id": use.item.id, "views": use.views} for use in usage.least_used],
        "never_visited": [item.id for item in usage.never_visited],
        "by_type": usage.by_type(),
    }


def _owner_dict(group: OwnerGroup) -> dict[str, Any]:
    return {
        "owner": group.owner,
        "items": [{"id": item.id, "title": item.title, "review_by": item.review_by.isoformat()} for item in group.items],
    }


def build_report(
    bank: Bank,
    plan_year: PlanYear,
    options: ImpactOptions,
    training: TrainingData | None = None,
    *,
    as_of: date | None = None,
    directory_urls: bool = True,
) -> ImpactReport:
    """The figures for a plan year, as of `as_of` (default: today, or the year's last day once it is over).

    Raises ContentError for bad measures data, and ValueError naming a bad usage file.
    """
    settings = bank.settings
    as_of = min(as_of or settings.today, plan_year.last_day)
    if training is not None and training.settings.today != as_of:
        training = _training_as_of(training, as_of)
    items = [item for item in bank.items if item.published <= as_of]
    issues = [issue for issue in bank.newsletters if issue.published and issue.published <= as_of]
    usage = load_resource_use(
        bank, settings.project_dir / options.usage_dir, plan_year.start, as_of, options.list_length, directory_urls
    )
    measures = load_measures(
        settings.project_dir / options.measures_dir,
        lambda path: settings.rel(path),
        bank.plan,
        as_of,
        options.plan_year_start_month,
        site_series(options, issues, training, usage, as_of),
        settings.project_dir,
    )
    tracked = track_plan_year(training, plan_year) if training is not None else None
    return ImpactReport(
        plan_year=plan_year,
        as_of=as_of,
        edition=settings.edition,
        items=items,
        sections=_sections(bank, items, issues, options, measures),
        growth=_growth(bank, items, plan_year, as_of),
        coverage=_coverage(bank, items, options.thin_threshold),
        health=_health(items, as_of, options.due_days),
        newsletters=_newsletter_years(issues, plan_year, as_of, options.plan_year_start_month),
        training=tracked,
        measures=measures,
        usage=usage,
        type_labels={type_id: model.PLURAL for type_id, model in ITEM_TYPES.items()},
        type_names={type_id: model.LABEL for type_id, model in ITEM_TYPES.items()},
        section_titles={section.id: section.title for section in bank.plan},
        audience_labels=dict(bank.vocabulary.audiences),
        locality_labels=dict(bank.vocabulary.localities),
    )


def _training_as_of(data: TrainingData, as_of: date) -> TrainingData:
    """The training figures as they stood on the report's day: dates held after it were still to come."""
    events = [
        dataclasses.replace(event, status="open", attended=None, evaluation=None)
        if event.status == "delivered" and event.first_day > as_of
        else event
        for event in data.events
    ]
    return dataclasses.replace(data, settings=dataclasses.replace(data.settings, today=as_of), events=events)


def _sections(bank, items, issues, options, measures: MeasuresData) -> list[SectionEvidence]:
    related: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for measure_id in item.evidence:
            related[measure_id].append(item)
    sections = []
    for section in bank.plan:
        entries = []
        for measure in section.evidence:
            figures = measures.get(measure.id)
            assert figures is not None
            entries.append(
                MeasureEvidence(
                    figures=figures,
                    related=sorted(related.get(measure.id, []), key=lambda item: item.title.lower()),
                    newsletters=issues if measure.id == options.newsletter_measure else [],
                )
            )
        count = sum(1 for item in items if section.id in item.plan_sections)
        sections.append(SectionEvidence(section.id, section.title, section.src_uri, count, entries))
    return sections


def _growth(bank, items, plan_year: PlanYear, as_of: date) -> Growth:
    quarters = []
    quarter = Quarter.of(plan_year.start)
    while quarter.start < plan_year.end and quarter.start <= as_of:
        quarters.append(quarter)
        quarter = quarter.next()
    position = {quarter: index for index, quarter in enumerate(quarters)}
    total = [0] * len(quarters)
    by_section = {section.id: [0] * len(quarters) for section in bank.plan}
    by_type = {type_id: [0] * len(quarters) for type_id in ITEM_TYPES}
    for item in items:
        index = position.get(Quarter.of(item.published))
        if index is None or not plan_year.contains(item.published):
            continue
        total[index] += 1
        by_type[item.type][index] += 1
        for section_id in item.plan_sections:
            by_section[section_id][index] += 1
    return Growth(quarters, total, by_section, by_type)


def _coverage(bank, items, threshold: int) -> Coverage:
    sections = Counter(section for item in items for section in item.plan_sections)
    audiences = Counter(audience for item in items for audience in item.audience)
    localities = Counter(locality for item in items for locality in item.all_localities)
    return Coverage(
        threshold=threshold,
        by_section={section.id: sections.get(section.id, 0) for section in bank.plan},
        by_audience={term: audiences.get(term, 0) for term in bank.vocabulary.audiences},
        by_locality={term: localities.get(term, 0) for term in bank.vocabulary.localities},
    )


def _health(items, as_of: date, due_days: int) -> Health:
    horizon = as_of + timedelta(days=due_days)
    stale = [item for item in items if item.review_by < as_of]
    due = [item for item in items if as_of <= item.review_by <= horizon]
    return Health(due_days, _by_owner(stale), _by_owner(due))


def _by_owner(items: list[Item]) -> list[OwnerGroup]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.owner].append(item)
    return [
        OwnerGroup(owner, sorted(found, key=lambda item: (item.review_by, item.title.lower())))
        for owner, found in sorted(groups.items(), key=lambda pair: pair[0].lower())
    ]


def _newsletter_years(issues, plan_year: PlanYear, as_of: date, start_month: int) -> list[NewsletterYear]:
    by_quarter = {issue.quarter: issue for issue in issues}
    first = min((PlanYear.of(issue.quarter.start, start_month) for issue in issues), default=plan_year)
    years = []
    year = min(first, plan_year)
    while year <= plan_year:
        rows = []
        quarter = Quarter.of(year.start)
        while quarter.start < year.end:
            rows.append(
                QuarterIssue(
                    quarter,
                    started=quarter.start <= as_of,
                    ended=quarter.end < as_of,
                    issue=by_quarter.get(quarter),
                )
            )
            quarter = quarter.next()
        years.append(NewsletterYear(year, rows))
        year = year.next()
    return years
