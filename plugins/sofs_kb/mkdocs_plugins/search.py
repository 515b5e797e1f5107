"""The `sofs/search` plugin: adds the search page and runs Pagefind after the build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..search import SearchIndexError, run_pagefind, search_page
from .project import knowledge_bank

log = logging.getLogger("mkdocs.plugins.sofs_kb")


class SearchConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the search page and the Pagefind index off without removing the plugin."""

    pagefind = opt.Type(bool, default=True)
    """Build the Pagefind index after the site. Turn it off to time builds without it;
    the search page then explains that search is not available."""

    pagefind_on_serve = opt.Type(bool, default=True)
    """Also build the index for `mkdocs serve` previews. Turn it off for faster previews
    of very large banks."""


class SearchPlugin(BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        main = knowledge_bank(config)
        if main.view is not None:
            main.add_pages([search_page(main.view)])

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not (self.config.enabled and self.config.pagefind):
            return
        if self.serving and not self.config.pagefind_on_serve:
            return
        try:
            summary = run_pagefind(Path(config.site_dir))
        except SearchIndexError as error:
            raise PluginError(f"{error} The search index was not built.") from None
        log.debug(summary)
