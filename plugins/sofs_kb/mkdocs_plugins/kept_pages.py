"""Item pages a dirty preview (`mkdocs serve --dirty`) leaves as they were.

MkDocs' dirty mode skips a page when its file says it has not changed, but it
always renders generated pages, and every item page is generated. A KeptPage
is an item page whose fingerprint (see unchanged.py) matches the last build,
so MkDocs skips reading, rendering and writing it, and the page built last
time stays in the preview's site folder.
"""

from __future__ import annotations

import logging

from mkdocs.structure.files import File


class KeptPage(File):
    unchanged = False
    """True when the page built last time is still right. The search plugin may set it
    back to False if it cannot index the page without building it."""

    def is_modified(self) -> bool:
        return not self.unchanged


class RebuiltPage(File):
    """A page written by hand, which a dirty preview still renders every time.

    MkDocs would skip it when its file has not changed, but it may list items or show
    navigation that has. So in our dirty previews only item pages are ever skipped.
    """

    def is_modified(self) -> bool:
        return True


def always_rebuild(file: File) -> None:
    file.__class__ = RebuiltPage  # the same object, so every reference to it still holds


class DirtyBuildNotice(logging.Filter):
    """Turns MkDocs' warning about dirty builds into information.

    Under `strict: true` any warning stops a build, so the warning would stop every
    dirty preview. What it warns of (stale navigation and links) does not apply to
    ours: only item pages are skipped, and only when nothing they show has changed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "Preview: item pages that show nothing new are left as they were.", ()
        return True


def quieten_dirty_build_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyBuildNotice) for f in logger.filters):
        logger.addFilter(DirtyBuildNotice())
