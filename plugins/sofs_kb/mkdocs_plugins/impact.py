"""The `sofs/impact` plugin: the "Measuring impact" pages, built from the core report.

It runs after the knowledge bank and training plugins have loaded their
content (see the event priority), builds one `ImpactReport`, and hands its
pages to the knowledge-bank plugin to add to the site.
"""

from __future__ import annotations

import logging

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from ..impact.pages import impact_pages
from ..impact.report import TRAINING_FIGURES, ImpactOptions, ImpactReport, build_report
from ..loader import Bank
from ..training.plan_year import PlanYear, PlanYearError
from ..training.tracking import track_plan_year
from . import BoundedOptions
from .project import Project, knowledge_bank
from .training import loaded_training, training_for_project

log = logging.getLogger("mkdocs.plugins.sofs_kb")
PLUGIN = "sofs/impact"


class ImpactConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the "Measuring impact" pages off without removing the plugin."""

    plan_year = opt.Optional(opt.Type(str))
    """The plan year the pages show, like 2026-27. Leave it empty for the plan year today is in."""

    plan_year_start_month = opt.Type(int, default=4)
    """The month a plan year starts in: 4 for April to March."""

    thin_threshold = opt.Type(int, default=3)
    """A plan section or audience with fewer items than this is flagged as thin coverage."""

    due_days = opt.Type(int, default=90)
    """Items whose review date falls within this many days are listed as due for review."""

    newsletter_measure = opt.Optional(opt.Type(str))
    """The plan's evidence measure that every published newsletter issue supports."""

    training_measures = opt.Type(dict, default={})
    """Which plan measure each training figure evidences. Keys: advertised, attendance,
    evaluations, cancellations. Values: evidence measure ids from the plan pages."""


class ImpactPlugin(BoundedOptions, BasePlugin[ImpactConfig]):
    def __init__(self) -> None:
        self.report: ImpactReport | None = None

    # After the training plugin's on_pre_build (-50), whose figures the report uses,
    # and before the checks (-60), which must know the pages we add.
    @event_priority(-55)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        main = knowledge_bank(config)
        if main.bank is None:
            return
        self.report = report_for(main.bank, self.config, loaded_training(config), config.config_file_path)
        main.add_pages(impact_pages(self.report))


def options_from(options: ImpactConfig, bank: Bank, where: str) -> ImpactOptions:
    """Core options, checked against the plan's evidence measures."""
    measures = {measure.id for section in bank.plan for measure in section.evidence}
    problems = []
    named = {"newsletter_measure": options.newsletter_measure} if options.newsletter_measure else {}
    for figure, measure in options.training_measures.items():
        if figure not in TRAINING_FIGURES:
            problems.append(f"{where}: training_measures: '{figure}' is not a training figure. Use {', '.join(TRAINING_FIGURES)}.")
        named[f"training_measures: {figure}"] = measure
    for field, measure in named.items():
        if measure not in measures:
            problems.append(f"{where}: {field}: '{measure}' is not an evidence measure in the plan pages.")
    if not 1 <= options.plan_year_start_month <= 12:
        problems.append(f"{where}: plan_year_start_month: must be a month number from 1 to 12.")
    if problems:
        for problem in problems:
            log.error(problem)
        raise PluginError(f"The {PLUGIN} options need fixing.")
    return ImpactOptions(
        thin_threshold=options.thin_threshold,
        due_days=options.due_days,
        plan_year_start_month=options.plan_year_start_month,
        newsletter_measure=options.newsletter_measure,
        training_measures=dict(options.training_measures),
    )


def report_for(bank: Bank, options: ImpactConfig, training_data, config_path: str, plan_year: str | None = None) -> ImpactReport:
    """The report for a plan year (default: the configured one, or the one today is in)."""
    where = f"{config_path.rsplit('/', 1)[-1]}: plugins: {PLUGIN}"
    core = options_from(options, bank, where)
    label = plan_year or options.plan_year
    try:
        year = PlanYear.parse(label, core.plan_year_start_month) if label else PlanYear.of(
            bank.settings.today, core.plan_year_start_month
        )
    except PlanYearError as error:
        raise PluginError(f"{where}: plan_year: {error}") from None
    training = track_plan_year(training_data, year) if training_data is not None else None
    return build_report(bank, year, core, training)


def report_for_project(project: Project, plan_year: str | None = None) -> ImpactReport:
    """The report for `kb report`, read with the same options as the site build."""
    plugin = project.mkdocs.plugins.get(PLUGIN)
    options = plugin.config if plugin is not None else ImpactConfig()
    if plugin is None:
        options.load_dict({})
        options.validate()
    bank = project.load_bank()
    return report_for(bank, options, training_for_project(project, bank), str(project.config_file), plan_year)
