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

from ..checks.acronyms import Glossary
from ..pagefind_stream import PagefindError, PagefindStream
from ..problems import ContentError
from ..search import BUNDLE_DIR, SEARCH_PAGE, FacetTotals, SearchRecord, entry_words, search_page, searched
from ..synonyms import Synonyms, load_synonyms
from ..training.search import date_records
from ..training.view import TrainingView
from .checks import check_options
from . import BoundedOptions
from .kept_pages import KeptPage
from .project import knowledge_bank
from .training import loaded_training

log = logging.getLogger("mkdocs.plugins.sofs_kb")

QUICK_SEARCH_SCRIPT = "assets/kb/quick-search.js"


class SearchConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the search page and the Pagefind index off without removing the plugin."""

    pagefind = opt.Type(bool, default=True)
    """Build the Pagefind index. Turn it off to time builds without it; the search
    page then says that search is not available."""

    pagefind_on_serve = opt.Type(bool, default=True)
    """Also build the index for `mkdocs serve` previews. Turn it off for faster previews
    of very large banks."""

    synonyms = opt.Type(str, default="data/search-synonyms.yml")
    """Groups of words that mean the same, relative to mkdocs.yml. A search for one word of
    a group also finds pages with another. The glossary's acronyms (the `sofs/checks`
    option `glossary`) are added to them."""


class SearchPlugin(BoundedOptions, BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.stream: PagefindStream | None = None
        self.last_indexed: str | None = None
        self.items: set[str] = set()  # item pages, indexed as soon as their content is converted
        self.totals = FacetTotals()
        self.synonyms = Synonyms()
        self.records: list[tuple[str, SearchRecord]] = []  # (address, record), sent after every page
        # Dirty previews only: what each page gave Pagefind last time, for pages MkDocs
        # skips this time, and the item pages in the order MkDocs converts them.
        self.keeping = False
        self.given: dict[str, tuple[str, str, str]] = {}
        self.order: list[File] = []
        self.cursor = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.keeping = self.serving and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        # The header's search control, on every page (theme/partials/header.html).
        if QUICK_SEARCH_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(QUICK_SEARCH_SCRIPT)
        return config

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
        self.synonyms = _synonyms(config, self.config.synonyms)
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
        self.records = []
        if self.stream is None:
            return None
        self.records = _training_records(config, files)
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

    def _index(self, src_uri: str, url: str, indexed: str, words: str | None = None) -> None:
        """Send a page to Pagefind, with the synonyms of the phrases in `words` (by default, the page)."""
        assert self.stream is not None
        extra = self.synonyms.extra_html(indexed if words is None else words)
        sent = indexed.replace("</body>", f"<div data-pagefind-body>{extra}</div></body>", 1) if extra else indexed
        self.stream.add_page(url, sent)
        self.totals.add_page(indexed)
        if self.keeping:
            self.given[src_uri] = (url, sent, "")  # a kept page is sent again as it was, synonyms and all

    # Lowest priority: after the knowledge-bank plugin has rendered the item's searchable part.
    @event_priority(-110)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.stream is None or page.file.src_uri not in self.items:
            return None
        self._give_kept_pages(before=page.file.src_uri)
        main = knowledge_bank(config)
        body = main.item_body(page.file.src_uri)
        if body is not None and "data-pagefind-body" in body:
            article = f'<article class="md-content__inner md-typeset">{body}</article>'
            entry = main.pages[page.file.src_uri].entry
            words = entry_words(entry) if entry is not None else None
            self._index(page.file.src_uri, "/" + page.url, minimal_page(article, _language(config)), words)
        return None

    def _give_records(self, config: MkDocsConfig) -> None:
        """Send the search records that have no page (training dates): after every page, so
        a search by filters alone lists pages first, newest item first."""
        assert self.stream is not None
        for url, record in self.records:
            words = f"{record.title}. {record.content}"
            extra = " ".join(self.synonyms.extra_terms(words))
            meta = {"title": record.title, **record.meta}
            self.stream.add_record(url, f"{words} {extra}".strip(), _language(config), meta, record.filters)
            self.totals.add_record(record)
        self.records = []

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every item page is converted by now: hand Pagefind the skipped ones that are left.
        self._give_kept_pages(before=None)
        if self.stream is not None and self.items and self.last_indexed is None:
            self._give_records(config)
            self.stream.start_write(Path(config.site_dir) / BUNDLE_DIR)  # no other page to index
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        # The search page renders after every page Pagefind indexes (see on_files),
        # so the totals are complete by now.
        if page.file.src_uri == SEARCH_PAGE and self.stream is not None:
            context["kb_facet_totals"] = self.totals.as_dict()
            context["kb_acronyms"] = self.synonyms.acronyms()
        return context

    # Lowest priority: index each page as it will be written, after other plugins change it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.stream is None:
            return None
        if "data-pagefind-body" in output and page.file.src_uri not in self.items:
            self._index(page.file.src_uri, "/" + page.url, indexable_part(output))
        if page.file.src_uri == self.last_indexed:
            self._give_records(config)
            self.stream.start_write(Path(config.site_dir) / BUNDLE_DIR)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.stream is None:
            return
        try:
            self._give_records(config)  # if no page came last to send them
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


def _synonyms(config: MkDocsConfig, synonyms_file: str) -> Synonyms:
    project = Path(config.config_file_path).resolve().parent
    glossary_path = check_options(config).glossary
    glossary = None
    if glossary_path is not None and glossary_path.is_file():
        glossary, _ = Glossary.read(glossary_path, str(glossary_path))  # the checks report its problems
    try:
        return load_synonyms(project / synonyms_file, synonyms_file, glossary)
    except ContentError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError("The search synonyms have problems: see above.") from None


def _training_records(config: MkDocsConfig, files: Files) -> list[tuple[str, SearchRecord]]:
    """Training dates, each with its address on its course's page."""
    data = loaded_training(config)
    if data is None:
        return []
    found = []
    for record in date_records(TrainingView(data)):
        page = files.get_file_from_path(record.src_uri)
        if page is not None and page.inclusion.is_included():
            found.append((f"/{page.url}#{record.anchor}", record))
    return found


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
