"""The `sofs/checks` MkDocs plugin: run the content checks in every build.

The options here are also what `kb check` uses, so the command and the build
always agree. In `mkdocs build`, errors stop the build; warnings (stale review
dates) are logged at info level so `--strict` does not fail on them. In
`mkdocs serve` nothing stops the preview: problems are logged at info level,
so a writer can still see a page while fixing it, and the preview does not
wait for them: they are logged as soon as they are ready. A preview never hides
an error, though: every previewed page carries a banner (preview.py) that lists
the errors as soon as the checks have finished, saying that they would stop the
site being published.

The checks run in a second process while MkDocs renders the pages, and a
build waits for them before it finishes. MkDocs uses one processor core, so
on a machine with two the checks cost almost no extra time. If they find an
error the build still fails; `kb build` then keeps the previous site.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from ..checks import CheckOptions, limits_with, run_checks
from ..checks.output_gate import check_site
from ..checks.runner import CheckReport
from . import BoundedOptions
from .preview import FindingsFile, with_findings_banner
from .project import knowledge_bank

log = logging.getLogger("mkdocs.plugins.sofs_kb")

PLUGIN = "sofs/checks"

WATCH_LIST_ENV = "KB_WATCH_LIST"
"""An extra watch-list file, kept outside the repository (CI writes it from a secret)."""


class PlainEnglishLimits(Config):
    reading_ease = opt.Optional(opt.Type((int, float)))
    """Lowest Flesch reading ease for the whole page (0 to 100; higher is easier)."""

    sentence_words = opt.Optional(opt.Type((int, float)))
    """Highest average number of words per sentence for the whole page."""

    long_sentence = opt.Optional(opt.Type(int))
    """Report any sentence with more words than this."""

    min_words = opt.Optional(opt.Type(int))
    """Skip the two whole-page scores on pages with fewer words than this."""


class ChecksConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Run the content checks in the build. `kb check` runs them whatever this says."""

    plain_english = opt.DictOfItems(opt.SubConfig(PlainEnglishLimits), default={})
    """Plain-English limits to change, by kind of page: practice-resource, research-summary,
    practice-example, tool, newsletter, page, and family-facing (used as well as the type's
    limits, whichever is stricter, for items whose audience includes a family audience)."""

    family_audiences = opt.ListOfItems(opt.Type(str), default=["families"])
    """Audience ids that make an item family-facing."""

    allowed_email_domains = opt.ListOfItems(opt.Type(str), default=[])
    """Email domains that may appear in content (their subdomains too). Empty means none."""

    watch_list = opt.Optional(opt.Type(str))
    """File of names that must never appear, one a line, relative to mkdocs.yml.
    The KB_WATCH_LIST environment variable can name a second, private file."""

    allow_list = opt.Type(str, default="data/check-allow-list.yml")
    """The reviewed list of accepted findings, relative to mkdocs.yml."""

    glossary = opt.Type(str, default="data/glossary.yml")
    """The acronyms pages may use, and what they stand for, relative to mkdocs.yml."""


class ChecksPlugin(BoundedOptions, BasePlugin[ChecksConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.options: CheckOptions | None = None
        self.serving = False
        self.preview_build = 0
        """Counts `mkdocs serve` builds, so a page knows which checks' findings are its own."""
        self.pool: ProcessPoolExecutor | None = None
        self.pending: Future | None = None
        self.previewing: Future | None = None
        """A preview's checks, still running while the writer looks at the page."""
        self.report: CheckReport | None = None
        self.gated = False
        """Whether the last build's output went through the privacy gate (kb build asks)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.preview_build = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.options = options_from(config, self.config)
        return None

    # After the knowledge bank's on_pre_build (priority 0): if the content does not load,
    # its schema errors are reported first and the build stops before we run. After the
    # training and impact plugins' (-50, -55) too, so the pages they add are known.
    @event_priority(-60)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.options is None:
            return
        main = knowledge_bank(config)
        if main.settings is None:
            return
        if self.pool is None:
            # "spawn" starts a clean interpreter: safe beside the threads other plugins run.
            # At a lower priority than the build, so the checks use spare processor time.
            self.pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_lower_priority
            )
        if self.previewing is not None:
            self.previewing.cancel()  # superseded by this build's, if it has not started yet
        if self.serving:
            self.preview_build += 1
        # The knowledge bank plugin already reported the schema; the rest is ours.
        self.pending = self.pool.submit(
            run_checks, main.settings, self.options, include_schema=False, extra_pages=frozenset(main.announced)
        )

    # First among post_build handlers: fail before other plugins write more files.
    @event_priority(100)
    def _report_findings(self, *, config: MkDocsConfig) -> None:
        self.report, self.gated = None, False
        if self.pending is None:
            return
        if self.serving:
            # Findings never stop a preview, so it need not wait for them: the page reloads
            # now, and the findings follow in the terminal as soon as they are ready.
            self.pending.add_done_callback(_log_preview_findings)
            self.pending.add_done_callback(FindingsFile(Path(config.site_dir), self.preview_build).write)
            self.previewing, self.pending = self.pending, None
            return
        try:
            report: CheckReport = self.pending.result()
        finally:
            self.pending = None
            if not self.serving and self.pool is not None:
                # A build runs the checks once. Let the worker exit now, while the other
                # plugins finish, instead of waiting for it at the end (most of a second).
                self.pool.shutdown(wait=False)
        self.report = report
        for finding in report.findings:
            if finding.is_error:
                log.error(finding.located())
            else:
                log.info(finding.located())
        if report.errors:
            raise PluginError(f"The content checks found problems. {report.summary()} Run `kb check` to see them again.")

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str | None:
        if not self.serving or self.pending is None:
            return None
        return with_findings_banner(output, page.url, self.preview_build)

    # Last among post_build handlers: every other plugin has written its files (feeds,
    # calendars, the search index) by now. The logic is in the core (checks/output_gate.py).
    @event_priority(-100)
    def _gate_output(self, *, config: MkDocsConfig) -> None:
        main = knowledge_bank(config)
        if not self.config.enabled or self.serving or self.options is None or main.settings is None:
            return
        problems = check_site(Path(config.site_dir), main.settings, self.options, self.report)
        self.gated = True
        for problem in problems:
            log.error(problem.located())
        if problems:
            raise PluginError(
                f"The privacy gate found personal data in the built site ({len(problems)} "
                f"{'finding' if len(problems) == 1 else 'findings'}). Nothing was published."
            )

    on_post_build = CombinedEvent(_report_findings, _gate_output)

    def on_build_error(self, *, error: Exception) -> None:
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None

    def on_shutdown(self) -> None:
        # Ctrl+C on a preview: nobody will read the findings of a check still running, so
        # stop its process instead of waiting for it (at low priority on a busy machine,
        # that could take a minute).
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            for worker in multiprocessing.active_children():
                worker.terminate()
            self.pool = None


def _log_preview_findings(done: Future) -> None:
    """Log a preview's findings, at info level: under strict: true, a warning logged while
    the next preview builds would stop it."""
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:
        log.info(f"The content checks could not run: {error}")
        return
    report = done.result()
    for finding in report.findings:
        log.info(finding.located())
    if report.errors:
        log.info(
            f"{report.summary()} The preview shows the errors at the top of every page. "
            "`kb build` and `mkdocs build` will not publish the site until they are fixed."
        )


def _lower_priority() -> None:
    try:
        os.nice(10)
    except OSError:
        pass  # not allowed here; the checks still run


def options_from(config: MkDocsConfig, options: ChecksConfig) -> CheckOptions:
    """Core check options from mkdocs.yml; paths are relative to mkdocs.yml's folder."""
    project = Path(config.config_file_path).resolve().parent
    try:
        limits = limits_with({kind: dict(values) for kind, values in options.plain_english.items()})
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: sofs/checks: plain_english: {error}") from None
    watch_lists = [project / options.watch_list] if options.watch_list else []
    if os.environ.get(WATCH_LIST_ENV):
        watch_lists.append(Path(os.environ[WATCH_LIST_ENV]).resolve())
    return CheckOptions(
        limits=limits,
        family_audiences=tuple(options.family_audiences),
        allowed_email_domains=tuple(options.allowed_email_domains),
        watch_lists=tuple(watch_lists),
        allow_list=project / options.allow_list,
        glossary=project / options.glossary,
        data_dirs=(project / _training_events_dir(config),),
    )


def _training_events_dir(config: MkDocsConfig) -> str:
    """Where the training spreadsheets are, so the privacy scan reads them."""
    training = config.plugins.get("sofs/training")
    return getattr(getattr(training, "config", None), "events_dir", None) or "data/training"


def check_options(config: MkDocsConfig) -> CheckOptions:
    """The options `kb check` uses: the plugin's, or its defaults when mkdocs.yml leaves it out."""
    plugin = config.plugins.get(PLUGIN)
    if isinstance(plugin, ChecksPlugin):
        return options_from(config, plugin.config)
    defaults = ChecksConfig()
    defaults.load_dict({})
    errors, _ = defaults.validate()
    assert not errors, errors
    return options_from(config, defaults)
