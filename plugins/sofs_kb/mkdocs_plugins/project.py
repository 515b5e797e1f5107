"""Read mkdocs.yml for commands that run outside a build, such as `kb check`.

Commands read the same plugin options the build uses, so a setting changed
in mkdocs.yml changes both. Feature plugins also use `knowledge_bank()` to
reach the content the main plugin has loaded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.plugins import BasePlugin

from ..loader import Bank, load_bank
from ..problems import ContentError, Problem
from ..settings import Settings
from . import check_config_file

MAIN_PLUGIN = "sofs/knowledge-bank"


class ProjectError(Exception):
    """mkdocs.yml is missing something a command needs. The message says what."""


@dataclass
class Project:
    config_file: Path
    mkdocs: MkDocsConfig
    settings: Settings

    def plugin(self, name: str) -> BasePlugin:
        """A plugin switched on in mkdocs.yml, such as 'sofs/newsletter'."""
        plugin = self.mkdocs.plugins.get(name)
        if plugin is None:
            raise ProjectError(f"{self.config_file.name}: plugins: '{name}' is not switched on.")
        return plugin

    def load_bank(self) -> Bank:
        """All content, validated. Raises ContentError with every problem."""
        return load_bank(self.settings)


def load_project(config_file: Path, edition: str | None = None) -> Project:
    from .knowledge_bank import settings_from

    problem = check_config_file(config_file)
    if problem:
        raise ProjectError(problem)
    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        raise ProjectError(f"{config_file.name}: {error}") from None
    plugin = config.plugins.get(MAIN_PLUGIN)
    if plugin is None:
        raise ProjectError(f"{config_file.name}: plugins: '{MAIN_PLUGIN}' is not switched on.")
    if edition is not None:
        plugin.config.edition = edition
    return Project(config_file.resolve(), config, settings_from(config, plugin.config))


def knowledge_bank(config: MkDocsConfig):
    """The main plugin of a build in progress, for feature plugins that build on its content."""
    plugin = config.plugins.get(MAIN_PLUGIN)
    if plugin is None:
        raise ConfigurationError(f"plugins: '{MAIN_PLUGIN}' must be switched on, before this plugin.")
    return plugin


def feature_pages(project: Project) -> tuple[set[str], list[Problem]]:
    """Pages the feature plugins generate, for checks that run without a build.

    Returns the pages (as paths in the docs folder) and any problems found in the
    training data while working them out, so `kb check` can report those too.
    """
    from ..search import SEARCH_PAGE
    from ..training.pages import training_pages
    from ..training.view import TrainingView
    from .training import training_for_project

    pages: set[str] = set()
    problems: list[Problem] = []
    search = project.mkdocs.plugins.get("sofs/search")
    if search is not None and search.config.enabled:
        pages.add(SEARCH_PAGE)
    try:
        data = training_for_project(project)
    except ContentError as error:
        return pages, [dataclasses.replace(problem, rule="training") for problem in error.problems]
    if data is not None:
        pages.update(plan.src_uri for plan in training_pages(TrainingView(data)) if plan.generated)
    return pages, problems
