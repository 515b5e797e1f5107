"""The impact figures for a project on disk, for commands. Plain Python: no MkDocs.

`kb report`, `kb report board`, `kb review pack` and `kb usage import` start here:
mkdocs.yml is read by project_config.py, the content by the loader, and the figures
are made by the same `build_report` the site's pages use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..loader import Bank, load_bank, load_reference
from ..problems import ContentError, Problem
from ..settings import Settings
from ..project_config import IMPACT, TRAINING, ConfigFileError, SiteConfig
from ..training import TrainingData, TrainingSettings, load_training
from ..training.plan_year import PlanYear, PlanYearError
from .measures import Series, load_measures
from .options import ImpactOptions, OptionsError, read_options
from .report import ImpactReport, build_report


@dataclass
class ImpactProject:
    config: SiteConfig
    bank: Bank
    options: ImpactOptions
    training: TrainingData | None

    @classmethod
    def load(cls, config: SiteConfig, edition: str | None = None) -> ImpactProject:
        """Raises ConfigFileError for settings, ContentError for content (every problem listed)."""
        bank = load_bank(config.settings(edition))
        return cls(config, bank, impact_options(config, bank), training_for(config, bank))

    def plan_year(self, label: str | None = None, day: date | None = None) -> PlanYear:
        start = self.options.plan_year_start_month
        text = label or self.options.plan_year
        try:
            return PlanYear.parse(text, start) if text else PlanYear.of(day or self.bank.settings.today, start)
        except PlanYearError as error:
            raise ConfigFileError(f"plan_year: {error}") from None

    def report(self, plan_year: PlanYear, as_of: date | None = None) -> ImpactReport:
        return build_report(
            self.bank, plan_year, self.options, self.training, as_of=as_of,
            directory_urls=self.config.use_directory_urls,
        )


def measures_problems(settings: Settings, raw: dict, config_name: str = "mkdocs.yml") -> list[Problem]:
    """Every problem in data/measures, for `kb check`: the same checks as the build, without loading items."""
    try:
        _, plan = load_reference(settings)
    except ContentError:
        return []  # the plan pages do not load; the checks report why
    measures = {measure.id for section in plan for measure in section.evidence}
    try:
        options = read_options(raw, measures, f"{config_name}: plugins: {IMPACT}")
    except OptionsError as error:
        return [Problem(config_name, "plugins", problem.split(": ", 1)[-1], rule="config") for problem in error.problems]
    counted = [options.newsletter_measure] if options.newsletter_measure else []
    counted += [*options.training_measures.values(), *options.usage_measures.values()]
    series = [Series(measure, [], "the site itself (see mkdocs.yml, sofs/impact)") for measure in counted]
    try:
        load_measures(settings.project_dir / options.measures_dir, settings.rel, plan, settings.today,
                      options.plan_year_start_month, series, settings.project_dir)
    except ContentError as error:
        return error.problems
    return []


def impact_options(config: SiteConfig, bank: Bank) -> ImpactOptions:
    where = f"{config.config_file.name}: plugins: {IMPACT}"
    measures = {measure.id for section in bank.plan for measure in section.evidence}
    try:
        return read_options(config.options(IMPACT) or {}, measures, where)
    except OptionsError as error:
        raise ConfigFileError("\n".join(error.problems)) from None


def training_for(config: SiteConfig, bank: Bank) -> TrainingData | None:
    """The training courses and dates, or None when sofs/training is off. Raises ContentError."""
    options = config.options(TRAINING)
    if options is None:
        return None
    settings = TrainingSettings.from_site(
        bank.settings,
        courses_dir=options.get("courses_dir", "training"),
        events_dir=options.get("events_dir", "data/training"),
        plan_year_start_month=int(options.get("plan_year_start_month", 4)),
        uid_domain=options.get("uid_domain", "norfolk-sofs-kb"),
        site_name=config.site_name,
        site_url=config.site_url,
    )
    return load_training(settings, bank.vocabulary, bank.plan)
