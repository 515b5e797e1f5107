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
  commitment is one issue a quarter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..loader import Bank
from ..model import ITEM_TYPES, Item, NewsletterIssue
from ..quarters import Quarter
from ..training.plan_year import PlanYear
from ..training.tracking import PlanYearReport

SCHEMA = "sofs-kb-impact"
SCHEMA_VERSION = 1
QUARTERS_A_YEAR = 4

# Training figures that can evidence a plan measure, and how they are named in config.
TRAINING_FIGURES = ("advertised", "attendance", "evaluations", "cancellations")


@dataclass(frozen=True)
class ImpactOptions:
    thin_threshold: int = 3
    """A plan section or audience with fewer items than this has thin coverage."""
    due_days: int = 90
    """Items whose review falls within this many days are due for review."""
    plan_year_start_month: int = 4
    newsletter_measure: str | None = None
    """The evidence measure every published newsletter issue supports."""
    training_measures: dict[str, str] = field(default_factory=dict)
    """Training figure (advertised, attendance, evaluations, cancellations) -> measure id."""


@dataclass
class MeasureEvidence:
    id: str
    title: str
    items: list[Item]
    newsletters: list[NewsletterIssue]
    training: dict[str, Any]
    """Training figures for this measure, such as {"attendance_rate": 0.91}."""

    @property
    def count(self) -> int:
        return len(self.items) + len(self.newsletters) + len(self.training)


@dataclass
class SectionEvidence:
    id: str
    title: str
    src_uri: str
    items: int
    measures: list[MeasureEvidence]

    @property
    def measures_with_evidence(self) -> int:
        return sum(1 for measure in self.measures if measure.count)


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
                    "measures": [
                        {
                            "id": measure.id,
                            "title": measure.title,
                            "items": [item.id for item in measure.items],
                            "newsletters": [str(issue.quarter) for issue in measure.newsletters],
                            "training": measure.training,
                        }
                        for measure in section.measures
                    ],
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
    training: PlanYearReport | None = None,
) -> ImpactReport:
    today = bank.settings.today
    as_of = min(today, plan_year.last_day)
    items = [item for item in bank.items if item.published <= as_of]
    issues = [issue for issue in bank.newsletters if issue.published and issue.published <= as_of]
    return ImpactReport(
        plan_year=plan_year,
        as_of=as_of,
        edition=bank.settings.edition,
        items=items,
        sections=_sections(bank, items, issues, options, training),
        growth=_growth(bank, items, plan_year, as_of),
        coverage=_coverage(bank, items, options.thin_threshold),
        health=_health(items, as_of, options.due_days),
        newsletters=_newsletter_years(issues, plan_year, as_of, options.plan_year_start_month),
        training=training,
        type_labels={type_id: model.PLURAL for type_id, model in ITEM_TYPES.items()},
        type_names={type_id: model.LABEL for type_id, model in ITEM_TYPES.items()},
        section_titles={section.id: section.title for section in bank.plan},
        audience_labels=dict(bank.vocabulary.audiences),
        locality_labels=dict(bank.vocabulary.localities),
    )


def _sections(bank, items, issues, options, training) -> list[SectionEvidence]:
    by_measure: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for measure_id in item.evidence:
            by_measure[measure_id].append(item)
    training_by_measure = _training_evidence(training, options.training_measures)
    sections = []
    for section in bank.plan:
        measures = [
            MeasureEvidence(
                id=measure.id,
                title=measure.title,
                items=by_measure.get(measure.id, []),
                newsletters=issues if measure.id == options.newsletter_measure else [],
                training=training_by_measure.get(measure.id, {}),
            )
            for measure in section.evidence
        ]
        count = sum(1 for item in items if section.id in item.plan_sections)
        sections.append(SectionEvidence(section.id, section.title, section.src_uri, count, measures))
    return sections


def _training_evidence(training: PlanYearReport | None, mapping: dict[str, str]) -> dict[str, dict[str, Any]]:
    if training is None:
        return {}
    totals = training.totals
    figures = {
        "advertised": {"events_listed": totals.events_listed},
        "attendance": {"booked": totals.booked, "attended": totals.attended, "attendance_rate": totals.attendance_rate},
        "evaluations": {"events_evaluated": totals.events_evaluated, "evaluation_average": totals.evaluation_average},
        "cancellations": {"cancelled": totals.cancelled, "cancellation_rate": totals.cancellation_rate},
    }
    found: dict[str, dict[str, Any]] = {}
    for figure, measure_id in mapping.items():
        found.setdefault(measure_id, {}).update(figures[figure])
    return found


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
