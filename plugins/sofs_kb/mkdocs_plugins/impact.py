"""The `sofs/impact` plugin: the "Measuring impact" pages and their CSV downloads, from the core report.

It runs after the knowledge bank and training plugins have loaded their content
(see the event priority), builds one `ImpactReport`, hands its pages to the
knowledge-bank plugin, and adds the downloads as files. Its options are declared
once, in impact/options.py.
"""

from __future__ import annotations

import logging

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..impact.downloads import Download
from ..impact.options import ImpactOptions, OptionsError, read_options
from ..impact.pages import impact_pages
from ..impact.report import ImpactReport, build_report
from ..loader import Bank
from ..problems import ContentError
from ..training import TrainingData
from ..training.plan_year import PlanYear, PlanYearError
from . import BoundedOptions
from .project import knowledge_bank
from .training import loaded_training

log = logging.getLogger("mkdocs.plugins.sofs_kb")
PLUGIN = "sofs/impact"


# Every option is declared, with its default and meaning, in impact/options.py. Here
# each is passed through as written (None when left out) and checked there; `enabled`
# is read here too, at the top of each event.
ImpactConfig = type(
    "ImpactConfig",
    (Config,),
    {
        "enabled": opt.Type(bool, default=True),
        **{name: opt.Optional(opt.Type(object)) for name in ImpactOptions.model_fields if name != "enabled"},
    },
)


class ImpactPlugin(BoundedOptions, BasePlugin[ImpactConfig]):
    def __init__(self) -> None:
        self.report: ImpactReport | None = None
        self.downloads: list[Download] = []

    # After the training plugin's on_pre_build (-50), whose figures the report uses,
    # and before the checks (-60), which must know the pages we add.
    @event_priority(-55)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        main = knowledge_bank(config)
        if main.bank is None:
            return
        raw = {name: value for name, value in self.config.items() if value is not None}
        self.report = report_for(main.bank, raw, loaded_training(config), config)
        pages = impact_pages(self.report)
        self.downloads = pages[0].data["downloads"]  # worked out once, for the pages and the files
        main.add_pages(pages)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.report is None:
            return None
        for download in self.downloads:
            files.append(File.generated(config, download.src_uri, content=download.text()))
        return files


def report_for(bank: Bank, raw: dict, training: TrainingData | None, config: MkDocsConfig) -> ImpactReport:
    """The report for the configured plan year (or the one today is in). Logs every problem and
    stops the build on bad options, measures data or usage files."""
    where = f"{config.config_file_path.rsplit('/', 1)[-1]}: plugins: {PLUGIN}"
    measures = {measure.id for section in bank.plan for measure in section.evidence}
    try:
        options = read_options(raw, measures, where)
        start = options.plan_year_start_month
        year = PlanYear.parse(options.plan_year, start) if options.plan_year else PlanYear.of(bank.settings.today, start)
        return build_report(bank, year, options, training, directory_urls=config.use_directory_urls)
    except OptionsError as error:
        for problem in error.problems:
            log.error(problem)
        raise PluginError(str(error)) from None
    except PlanYearError as error:
        raise PluginError(f"{where}: plan_year: {error}") from None
    except ContentError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(str(error).replace("in the content", "in the measures data")) from None
    except ValueError as error:
        log.error(str(error))
        raise PluginError("A usage file in data/usage needs fixing.") from None
