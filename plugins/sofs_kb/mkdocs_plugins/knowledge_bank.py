"""The `sofs/knowledge-bank` MkDocs plugin: wires the core into the build.

It only translates between MkDocs events and the core:

- on_config: works out the settings and adds our templates and styles;
- on_pre_build: loads and validates all content (before MkDocs empties site/);
- on_files: adds item, newsletter and list pages at stable addresses;
- on_page_markdown / on_page_context / on_env: hands each page its data;
- on_page_content: renders each item's searchable part as soon as its Markdown is
  converted, so search can index it while the rest of the site is built.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import formatting
from ..indexes import Index
from ..loader import Bank, load_bank
from ..content_policy import content_security_policy
from ..html_repairs import fix_material_markup
from ..pages import ITEM_BODY_TEMPLATE, PagePlan, media_in_use, plan_pages, preview_pages
from ..printing import add_print_addresses
from ..problems import ContentError
from ..settings import Settings
from ..unchanged import inputs_fingerprint, item_fingerprints
from ..view import SiteView, long_date
from . import THEME_DIR, BoundedOptions
from .config import KnowledgeBankConfig
from .frame_cache import FrameCache
from .item_pages import ItemPage, shared_converter
from .kept_pages import KeptPage, always_rebuild, quieten_dirty_build_warning
from .safety import escape_page_fields, guard_pages
from .staging import Staging

# A logger under "mkdocs." so `mkdocs build --strict` counts its warnings. We skip
# get_plugin_logger because its prefix would push the file name off the start of each line.
log = logging.getLogger("mkdocs.plugins.sofs_kb")

STYLESHEET = "assets/kb/kb.css"


class KnowledgeBankPlugin(BoundedOptions, BasePlugin[KnowledgeBankConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.bank: Bank | None = None
        self.view: SiteView | None = None
        self.pages: dict[str, PagePlan] = {}
        self.extra_pages: list[PagePlan] = []
        self.announced: set[str] = set()
        self.files: Files | None = None
        self.frame_cache: FrameCache | None = None
        # Item bodies are rendered before MkDocs makes its template environment, so with our own.
        self.body_env: Environment | None = None
        self.item_bodies: dict[str, str] = {}
        self.serving = False
        self.say_write_errors = True
        """False when `kb build` reports a full disk itself."""
        self.staging: Staging | None = None
        """Builds write into a staging folder, swapped into place only on success."""
        # Dirty previews only: each item page's fingerprint in this build and the last one.
        self.dirty_preview = False
        self.keeping = False
        self.fingerprints: dict[str, str] = {}
        self.built: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty_preview = self.serving and dirty
        if self.dirty_preview:
            quieten_dirty_build_warning()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.settings = settings_from(config, self.config)
        if not self.serving:
            self.staging = self.staging or Staging()
            self.staging.begin(config)
        self.keeping = self.dirty_preview and _all_ours(config)
        # Our templates sit just below the site's own custom_dir, so a site can still override them.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        guard_pages(config)
        return config

    def add_pages(self, plans: list[PagePlan]) -> None:
        """Let a feature plugin add pages. Call it from that plugin's on_pre_build."""
        self.extra_pages.extend(plans)
        self.announce_pages(plan.src_uri for plan in plans if plan.generated)

    def announce_pages(self, src_uris) -> None:
        """Record pages a feature plugin will generate itself, so the link checks know them."""
        self.announced.update(src_uris)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.settings is not None
        self.extra_pages = []
        self.announced = set()
        try:
            self.bank = load_bank(self.settings)
        except ContentError as error:
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(str(error)) from None
        for problem in self.bank.warnings:
            log.info(str(problem))
        self.view = SiteView(self.bank, Index.build(self.bank.items))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.view is None:
            return None
        plans = plan_pages(self.view) + self.extra_pages
        if self.serving:
            plans += preview_pages(self.view)
        clashes = []
        self.pages = {}
        if self.dirty_preview:
            # Only item pages are ever skipped, and only by us: see kept_pages.py.
            for file in files.documentation_pages(inclusion=InclusionLevel.all):
                always_rebuild(file)
        self.fingerprints = {}
        if self.keeping:
            inputs = inputs_fingerprint(self.view.bank.settings, [THEME_DIR])
            self.fingerprints = item_fingerprints(self.view.bank.settings, plans, inputs)
        converter = shared_converter(config)
        for plan in plans:
            existing = files.get_file_from_path(plan.src_uri)
            if plan.generated:
                if existing is not None and existing.generated_by is None:
                    clashes.append(f"{existing.src_path}: file: has the same address as a page "
                                   "the knowledge bank makes. Rename or remove it.")
                    continue
                inclusion = _inclusion(plan, self.view)
                file = self._generated(config, plan, inclusion)
                files.append(file)
                if plan.is_item and not inclusion.is_excluded():
                    # Drafts are left to MkDocs, which lists them when a preview starts.
                    ItemPage(file, config, converter)
            elif existing is None:
                continue  # the site chose not to have this page
            self.pages[plan.src_uri] = plan
        # Media nothing published uses (an image beside a draft or a partnership-only item) is
        # only copied for `mkdocs serve` previews, never into a built edition.
        in_use: set[str] = set()
        if self.view.bank.media:  # reading every page's links costs time; only do it when needed
            written = [
                (file.src_uri, Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace"))
                for file in files.documentation_pages()
                if file.abs_src_path and file.generated_by is None
            ]
            in_use = media_in_use(self.view, written)
        for path, src_uri in self.view.bank.media:
            if files.get_file_from_path(src_uri) is None:
                inclusion = InclusionLevel.UNDEFINED if src_uri in in_use else InclusionLevel.DRAFT
                files.append(File.generated(config, src_uri, abs_src_path=str(path), inclusion=inclusion))
        if clashes:
            for clash in clashes:
                log.error(clash)
            raise PluginError("Some pages in the docs folder clash with knowledge-bank pages.")
        self.files = files
        return files

    def _generated(self, config: MkDocsConfig, plan: PagePlan, inclusion: InclusionLevel) -> File:
        fingerprint = self.fingerprints.get(plan.src_uri)
        if fingerprint is None:
            return File.generated(config, plan.src_uri, content=plan.body, inclusion=inclusion)
        file = KeptPage.generated(config, plan.src_uri, content=plan.body, inclusion=inclusion)
        file.unchanged = self.built.get(plan.src_uri) == fingerprint and Path(file.abs_dest_path).is_file()
        return file

    # Last of all: every other plugin has written its files and the checks have passed.
    @event_priority(-1000)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Only a build that finished may be relied on by the next dirty preview.
        self.built = self.fingerprints
        if self.staging is not None:
            self.staging.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        self.built = {}
        if self.staging is not None:
            self.staging.failed(error, say=self.say_write_errors)

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
        if plan.is_item:
            context["kb_item_body"] = self.item_bodies.pop(page.file.src_uri)
        return context

    # Lowest priority: the body holds the content as every other plugin left it.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled:
            escape_page_fields(page)  # every page, after every plugin has set its fields
        plan = self.pages.get(page.file.src_uri)
        if not self.config.enabled or plan is None or not plan.is_item or self.body_env is None:
            return None
        template = self.body_env.get_template(ITEM_BODY_TEMPLATE)
        self.item_bodies[page.file.src_uri] = template.render(
            item=plan.entry, content=html, page=page, config=config, kb_page=plan.data
        )
        return None

    def item_body(self, src_uri: str) -> str | None:
        """The searchable part of an item page, once its content is converted (see on_page_content)."""
        return self.item_bodies.get(src_uri)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        output = fix_material_markup(output)
        plan = self.pages.get(page.file.src_uri)
        if plan is not None and plan.entry is not None:
            # Items and newsletters are the pages people print.
            output = add_print_addresses(output, (config.site_url or "") + page.url)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        # The 404 page is rendered from a template, not a page, so on_post_page never sees it.
        if not self.config.enabled or not template_name.endswith(".html"):
            return None
        return fix_material_markup(output_content)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self.config.enabled:
            self.frame_cache = FrameCache(nav)
            self.item_bodies = {}
        if self.config.enabled and self.view is not None:
            self.body_env = self._prepare_env(config.theme.get_env(), config)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.view is None:
            return None
        return self._prepare_env(env, config)

    def _prepare_env(self, env: Environment, config: MkDocsConfig) -> Environment:
        # "material/partials/nav.html" is the template ours overrides, so ours can wrap it.
        below_ours = config.theme.dirs[config.theme.dirs.index(str(THEME_DIR)) + 1:]
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(below_ours)})])
        env.globals["kb_frame"] = self.frame_cache
        env.globals["kb"] = self.view
        env.globals["kb_csp"] = content_security_policy(preview=self.serving)
        env.filters["kb_date"] = long_date
        env.filters["kb_link"] = self._link
        env.filters["kb_count"] = formatting.count
        env.filters["kb_number"] = formatting.number
        env.filters["kb_percent"] = formatting.percent
        env.filters["kb_score"] = formatting.score
        env.globals["kb_contact"] = self.config.contact_email
        env.globals["kb_has_page"] = self._has_page
        return env

    def _has_page(self, src_uri: str) -> bool:
        """Whether the site has a page, for links that only some sites have (the privacy notice)."""
        return self.files is not None and self.files.get_file_from_path(src_uri) is not None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled and self.settings is not None:
            for path in (self.settings.bank_dir, self.settings.newsletters_dir, self.settings.vocabulary_file):
                if path.exists():
                    server.watch(str(path))
        return server

    @property
    def _link(self):
        files = self.files
        # A draft previewed by `mkdocs serve` may use a tag no published item has yet, so that
        # tag page does not exist. Say so quietly: a warning would stop the preview (strict: true).
        report = log.info if self.serving else log.warning
        # Every list and panel links by docs path; look each address up once, not once per link.
        addresses: dict[str, str | None] = {}

        @pass_context
        def link(context, src_uri: str) -> str:
            """Link from the page being rendered to another page, by its docs path."""
            if src_uri not in addresses:
                target = files.get_file_from_path(src_uri) if files else None
                addresses[src_uri] = target.url if target is not None else None
            url = addresses[src_uri]
            if url is None:
                report(f"A template links to '{src_uri}', which is not a page in the site.")
                return "#"
            page = context.get("page")
            if page is None:
                return url
            return get_relative_url(url, page.url) or "./"

        return link


def settings_from(config: MkDocsConfig, options: KnowledgeBankConfig) -> Settings:
    """Core settings from mkdocs.yml; relative paths are taken from mkdocs.yml's folder."""
    project = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    try:
        today = date.fromisoformat(options.today) if options.today else date.today()
    except ValueError:
        raise PluginError(f"mkdocs.yml: today: '{options.today}' is not a date like 2026-11-26.") from None
    return Settings(
        project_dir=project,
        docs_dir=docs,
        bank_dir=project / options.bank_dir,
        newsletters_dir=project / options.newsletters_dir,
        plan_dir=docs / options.plan_dir,
        vocabulary_file=project / options.vocabulary,
        edition=options.edition,
        today=today,
    )


def _inclusion(plan: PagePlan, view: SiteView) -> InclusionLevel:
    if plan.entry is not None and not view.is_published(plan.entry):
        return InclusionLevel.DRAFT  # built by `mkdocs serve` only, never by `mkdocs build`
    return InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV


def _all_ours(config: MkDocsConfig) -> bool:
    """True when every plugin is one of ours, so skipping unchanged item pages is safe.

    Another plugin may need to see every page in every build (Material's own search
    does, to index them), so with any other plugin switched on, dirty previews still
    render every page.
    """
    others = [name for name in config.plugins if not name.startswith("sofs/")]
    if others:
        log.info(
            "This preview renders every page after each change, because these plugins may need "
            "to see them all: " + ", ".join(others) + "."
        )
    return not others
