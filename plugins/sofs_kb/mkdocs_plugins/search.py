"""The `sofs/search` plugin: adds the search page and builds the Pagefind index.

Pages go to Pagefind while the site is built, so indexing runs alongside the
build instead of after it (see pagefind_stream.py). MkDocs converts every
page's Markdown before it renders any page, so:

- item pages, nearly every page indexed, go to Pagefind as soon as their
  Markdown is converted, with the searchable part the knowledge-bank plugin
  renders for them then;
- the other pages Pagefind indexes are rendered first, and go to it as they are;
- then Pagefind writes its index while the rest of the site renders.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..pagefind_stream import PagefindError, PagefindStream
from ..search import BUNDLE_DIR, SEARCH_PAGE, FacetTotals, search_page, searched
from . import BoundedOptions
from .kept_pages import KeptPage
from .project import knowledge_bank

log = logging.getLogger("mkdocs.plugins.sofs_kb")


class SearchConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the search page and the Pagefind index off without removing the plugin."""

    pagefind = opt.Type(bool, default=True)
    """Build the Pagefind index. Turn it off to time builds without it; the search
    page then says that search is not available."""

    pagefind_on_serve = opt.Type(bool, default=True)
    """Also build the index for `mkdocs serve` previews. Turn it off for faster previews
    of very large banks."""


class SearchPlugin(BoundedOptions, BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.stream: PagefindStream | None = None
        self.last_indexed: str | None = None
        self.items: set[str] = set()  # item pages, indexed as soon as their content is converted
        self.totals = FacetTotals()
        # Dirty previews only: what each page gave Pagefind last time, for pages MkDocs
        # skips this time, and the item pages in the order MkDocs converts them.
        self.keeping = False
        self.given: dict[str, tuple[str, str]] = {}
        self.order: list[File] = []
        self.cursor = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.keeping = self.serving and dirty

    def _indexing(self) -> bool:
        if not (self.config.enabled and self.config.pagefind):
            return False
        return self.config.pagefind_on_serve or not self.serving

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        main = knowledge_bank(config)
        if main.view is not None:
            main.add_pages([search_page(main.view)])
        self._stop()
        if self._indexing():
            try:
                self.stream = PagefindStream(config={"force_language": _language(config)})
            except (PagefindError, OSError) as error:
                raise PluginError(f"Search index: {error}") from None

    # Lowest priority: every other plugin has added its pages by now.
    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.last_indexed = None
        self.items = set()
        self.totals = FacetTotals()
        if self.stream is None:
            return None
        plans = getattr(knowledge_bank(config), "pages", None) or {}
        pages = list(files.documentation_pages(inclusion=InclusionLevel.all))
        items = [file for file in pages if file.src_uri in plans and plans[file.src_uri].is_item]
        unsearched = [file for file in pages if file.src_uri in plans and not searched(plans[file.src_uri])]
        for file in items + unsearched:  # MkDocs converts, then renders, pages in this order
            files.remove(file)
            files.append(file)
        self.items = {file.src_uri for file in items}
        # The last page to index that this build renders. If a later page turns out to need
        # indexing after all, write() simply writes the index again.
        later = self.items | {file.src_uri for file in unsearched}
        rendered_and_indexed = [
            file.src_uri for file in files.documentation_pages()
            if file.src_uri not in later and (file.inclusion.is_in_serve() if self.serving else file.inclusion.is_included())
        ]
        self.last_indexed = rendered_and_indexed[-1] if rendered_and_indexed else None
        self._plan_kept_pages(items)
        return files

    def _plan_kept_pages(self, items: list[File]) -> None:
        """Item pages MkDocs will skip go to Pagefind as they were, in their place in the order."""
        self.order, self.cursor = [], 0
        if not self.keeping or self.stream is None:
            return
        # Every item page, whatever its inclusion: MkDocs settles some pages' inclusion after this.
        self.order = items
        for file in self.order:
            if _skipped(file) and file.src_uri not in self.given:
                file.unchanged = False  # not indexed in this session yet: build it after all

    def _give_kept_pages(self, before: str | None) -> None:
        """Hand Pagefind the skipped pages that come before `before` (None: all that are left)."""
        while self.cursor < len(self.order) and self.order[self.cursor].src_uri != before:
            file = self.order[self.cursor]
            if _skipped(file) and file.inclusion.is_in_serve():
                self._index(file.src_uri, *self.given[file.src_uri])
            self.cursor += 1

    def _index(self, src_uri: str, url: str, indexed: str) -> None:
        assert self.stream is not None
        self.stream.add_page(url, indexed)
        self.totals.add_page(indexed)
        if self.keeping:
            self.given[src_uri] = (url, indexed)

    # Lowest priority: after the knowledge-bank plugin has rendered the item's searchable part.
    @event_priority(-110)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.stream is None or page.file.src_uri not in self.items:
            return None
        self._give_kept_pages(before=page.file.src_uri)
        body = knowledge_bank(config).item_body(page.file.src_uri)
        if body is not None and "data-pagefind-body" in body:
            article = f'<article class="md-content__inner md-typeset">{body}</article>'
            self._index(page.file.src_uri, "/" + page.url, minimal_page(article, _language(config)))
        return None

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every item page is converted by now: hand Pagefind the skipped ones that are left.
        self._give_kept_pages(before=None)
        if self.stream is not None and self.items and self.last_indexed is None:
            self.stream.start_write(Path(config.site_dir) / BUNDLE_DIR)  # no other page to index
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        # The search page renders after every page Pagefind indexes (see on_files),
        # so the totals are complete by now.
        if page.file.src_uri == SEARCH_PAGE and self.stream is not None:
            context["kb_facet_totals"] = self.totals.as_dict()
        return context

    # Lowest priority: index each page as it will be written, after other plugins change it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.stream is None:
            return None
        if "data-pagefind-body" in output and page.file.src_uri not in self.items:
            self._index(page.file.src_uri, "/" + page.url, indexable_part(output))
        if page.file.src_uri == self.last_indexed:
            self.stream.start_write(Path(config.site_dir) / BUNDLE_DIR)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.stream is None:
            return
        try:
            self.stream.write(Path(config.site_dir) / BUNDLE_DIR)
            log.debug(f"Search index: {self.stream.pages} pages indexed.")
        except PagefindError as error:
            raise PluginError(f"Search index: {error} The search index was not built.") from None
        finally:
            self._stop()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop()

    def on_shutdown(self) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def _skipped(file: File) -> bool:
    return isinstance(file, KeptPage) and file.unchanged


def indexable_part(html: str) -> str:
    """Just the page's article, in a minimal page: all Pagefind reads, at a quarter of the size.

    Pagefind indexes only what is inside data-pagefind-body, which is always inside the
    article, so parsing the header, navigation and footer of every page is wasted work.
    """
    start, end = html.find("<article"), html.find("</article>")
    if start == -1 or end == -1:
        return html
    language = "en"
    head = html.find("<html")
    if head != -1:
        tag = html[head : html.find(">", head)]
        found = tag.find('lang="')
        if found != -1:
            language = tag[found + 6 : tag.find('"', found + 6)]
    return minimal_page(_without_ignored_sections(html[start : end + 10]), language)


def minimal_page(article: str, language: str) -> str:
    return f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>{article}</body></html>'


def _language(config: MkDocsConfig) -> str:
    return config.theme["language"] or "en"


_IGNORED_SECTION = re.compile(r"<section\b[^>]*\bdata-pagefind-ignore\b[^>]*>")


def _without_ignored_sections(article: str) -> str:
    """Cut out sections Pagefind is told to ignore, such as related items: a third of an item page.

    Pagefind would parse them only to throw them away. A section with another section
    inside is left for Pagefind to ignore itself.
    """
    pieces, position = [], 0
    for match in _IGNORED_SECTION.finditer(article):
        if match.start() < position:
            continue
        close = article.find("</section>", match.end())
        if close == -1 or "<section" in article[match.end() : close]:
            continue
        pieces.append(article[position : match.start()])
        position = close + len("</section>")
    pieces.append(article[position:])
    return "".join(pieces)
