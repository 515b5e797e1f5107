"""The `sofs/training` MkDocs plugin: wires the training core into the build.

- on_pre_build: loads and checks the courses and events, after the knowledge bank has loaded;
- on_files: adds the listing and progress pages, and the iCalendar feeds;
- on_page_markdown / on_page_context / on_env: hands each page its template and data.
"""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..loader import Bank, load_reference
from ..pages import PagePlan
from ..problems import ContentError
from ..settings import Settings
from ..training import TrainingData, TrainingSettings, load_training
from ..training.calendar import calendar_files
from ..training.pages import training_pages
from ..training.view import TrainingView, template_helpers
from . import BoundedOptions
from .project import Project, knowledge_bank
from .training_config import TrainingConfig

log = logging.getLogger("mkdocs.plugins.sofs_kb")

STYLESHEET = "assets/kb/training.css"


class TrainingPlugin(BoundedOptions, BasePlugin[TrainingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.data: TrainingData | None = None
        self.view: TrainingView | None = None
        self.pages: dict[str, PagePlan] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    # Runs after the knowledge bank's on_pre_build (priority 0), which loads the vocabulary
    # and plan sections that courses and events are checked against.
    @event_priority(-50)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        bank_plugin = knowledge_bank(config)
        if bank_plugin.bank is None:
            raise PluginError("sofs/training needs the knowledge bank to load first. Switch on sofs/knowledge-bank.")
        settings = training_settings(config, self.config, bank_plugin.settings)
        try:
            self.data = load_training(settings, bank_plugin.bank.vocabulary, bank_plugin.bank.plan)
        except ContentError as error:
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(str(error).replace("in the content", "in the training content")) from None
        for problem in self.data.warnings:
            log.info(str(problem))
        self.view = TrainingView(self.data)
        bank_plugin.announce_pages(plan.src_uri for plan in training_pages(self.view) if plan.generated)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.view is None or self.data is None:
            return None
        clashes = []
        self.pages = {}
        for plan in training_pages(self.view):
            existing = files.get_file_from_path(plan.src_uri)
            if plan.generated:
                if existing is not None:
                    clashes.append(f"{existing.src_path}: file: has the same address as a training page "
                                   "the site makes. Rename or remove it.")
                    continue
                inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, plan.src_uri, content=plan.body, inclusion=inclusion))
            elif existing is None:
                continue  # the site chose not to have this page
            self.pages[plan.src_uri] = plan
        for src_uri, content in calendar_files(self.data, self.view.root).items():
            if files.get_file_from_path(src_uri) is not None:
                clashes.append(f"{src_uri}: file: has the same address as a calendar the site makes. Remove it.")
                continue
            files.append(File.generated(config, src_uri, content=content))
        if clashes:
            for clash in clashes:
                log.error(clash)
            raise PluginError("Some files in the docs folder clash with training pages.")
        _keep_courses_out_of_nav_warnings(files, config, [course.src_uri for course in self.data.courses])
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        plan = self.pages.get(page.file.src_uri)
        if not self.config.enabled or plan is None:
            return None
        page.meta.setdefault("template", plan.template)
        if plan.title:
            page.meta.setdefault("title", plan.title)
        if plan.description:
            page.meta.setdefault("description", plan.description)
        return None

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav) -> dict[str, Any] | None:
        plan = self.pages.get(page.file.src_uri)
        if not self.config.enabled or plan is None:
            return None
        context["kb_page"] = plan.data
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.view is None:
            return None
        template_globals, filters = template_helpers(self.view)
        env.globals.update(template_globals)
        env.filters.update(filters)
        return env

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # Course pages are in the docs folder, which MkDocs watches already; the dates are not.
        if self.config.enabled and self.data is not None and self.data.settings.events_dir.exists():
            server.watch(str(self.data.settings.events_dir))
        return server


def training_settings(config: MkDocsConfig, options: TrainingConfig, site: Settings) -> TrainingSettings:
    """Core training settings from mkdocs.yml and the knowledge bank's own settings."""
    return TrainingSettings.from_site(
        site,
        courses_dir=options.courses_dir,
        events_dir=options.events_dir,
        plan_year_start_month=options.plan_year_start_month,
        uid_domain=options.uid_domain,
        site_name=config.site_name,
        site_url=config.site_url or "",
    )


def _keep_courses_out_of_nav_warnings(files: Files, config: MkDocsConfig, course_uris: list[str]) -> None:
    """A new course page appears on the training home page straight away, so it need not be
    added to the nav in mkdocs.yml; only pages the nav does not name are marked 'not in nav'."""
    named = set(_nav_paths(config.nav or []))
    for src_uri in course_uris:
        file = files.get_file_from_path(src_uri)
        if file is not None and src_uri not in named and config.nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV


def _nav_paths(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [path for entry in nav for path in _nav_paths(entry)]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    return []


PLUGIN = "sofs/training"


def loaded_training(config: MkDocsConfig) -> TrainingData | None:
    """The training data of a build in progress, for other plugins such as the impact dashboard.

    None when `sofs/training` is off or missing. It is loaded in on_pre_build (priority -50),
    so call this from on_files or later. Figures: `track_plan_year(data, plan_year)`.
    """
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config.enabled:
        return None
    return plugin.data


def training_for_project(project: Project, bank: Bank | None = None) -> TrainingData | None:
    """The training data for a command, read with the same options as the site build.

    Returns None when `sofs/training` is not switched on in mkdocs.yml. Raises ContentError
    listing every problem. Pass `bank` if the command has already loaded the knowledge bank;
    without it only the vocabulary and the plan are read, as training needs no items.
    """
    plugin = project.mkdocs.plugins.get(PLUGIN)
    if plugin is None or not plugin.config.enabled:
        return None
    vocabulary, plan = (bank.vocabulary, bank.plan) if bank is not None else load_reference(project.settings)
    settings = training_settings(project.mkdocs, plugin.config, project.settings)
    return load_training(settings, vocabulary, plan)
