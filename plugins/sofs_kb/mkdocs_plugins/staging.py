"""Plain `mkdocs build` is as safe as `kb build`: nothing half-checked reaches site/.

MkDocs writes every page into site/ as it goes, and the content checks finish at
the end of the build; a failed check then left its pages (an NHS number, say) in
site/. So each build writes into a staging folder beside site/ instead, and only
a build that finished, with no error and (in strict mode) no warning, is swapped
into place, in two renames. A failed build deletes its staging folder and leaves
the last good site where it was. `mkdocs serve` builds into a temporary folder of
its own and is left alone.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..build import replace_site, write_problem

log = logging.getLogger("mkdocs.plugins.sofs_kb")


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Staging:
    """One build's staging folder. Call begin() from on_config, finish() last in on_post_build
    and abandon() from on_build_error."""

    def __init__(self) -> None:
        self.config: MkDocsConfig | None = None
        self.target: Path | None = None
        self.folder: Path | None = None
        self.counter = _Counter()

    def begin(self, config: MkDocsConfig) -> None:
        self.abandon()
        self.config = config
        self.target = Path(config.site_dir).resolve()
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-", dir=self.target.parent))
        except OSError as error:
            raise PluginError(write_problem(error, self.target)) from None
        config.site_dir = str(self.folder)
        # MkDocs counts warnings for strict mode only after the last post_build handler, so
        # count them here too, to know whether the build is about to be refused.
        self.counter.count = 0
        logging.getLogger("mkdocs").addHandler(self.counter)

    def finish(self, config: MkDocsConfig) -> None:
        if self.folder is None or self.target is None:
            return
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if config.strict and self.counter.count:
            return  # MkDocs is about to stop the build; abandon() tidies up
        replace_site(self.target, self.folder)
        config.site_dir = str(self.target)
        self.folder = None

    def failed(self, error: Exception, say: bool = True) -> None:
        """A build stopped: say plainly if it was a disk problem, then tidy up."""
        if say and isinstance(error, OSError) and self.target is not None:
            log.error(f"{write_problem(error, self.target)} The last good site is still there.")
        self.abandon()

    def abandon(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
            if self.config is not None and self.target is not None:
                self.config.site_dir = str(self.target)
