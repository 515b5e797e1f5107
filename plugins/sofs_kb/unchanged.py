"""Which item pages a live preview can leave as they were built last time.

After an edit, `mkdocs serve --dirty` renders again only the pages whose
files say they changed. Item pages are generated, so MkDocs cannot tell; this
module can. An item page shows its own file, a few related items, and things
that are not items at all: settings, data, hand-written pages, templates,
the list of items (which decides where links go) and today's date (which
decides what is published). The fingerprint of an item page covers all of
those, so it changes whenever anything the page shows may have changed.

When in doubt it changes: editing any file other than an item renders every
page again, as a full build would.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .loader import MARKDOWN
from .model import Item
from .pages import PagePlan
from .settings import Settings

# Top-level folders of the project that are never inputs to a page, and can be large.
_NOT_INPUTS = {"site", "node_modules", "tests", "scripts"}


def _stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def inputs_fingerprint(settings: Settings, extra_folders: Iterable[Path] = ()) -> str:
    """Everything but the item files themselves that an item page may show.

    Every file in the project (but hidden folders, build output and tests) is
    included by modification time and size; item files by name only, so adding,
    renaming or removing an item counts, but editing one does not.
    `extra_folders` are inputs outside the project, such as our templates.
    """
    digest = hashlib.sha1(f"{settings.edition}|{settings.today.isoformat()}".encode())
    bank = settings.bank_dir.resolve()
    for root in [settings.project_dir, *extra_folders]:
        for dirpath, dirnames, filenames in os.walk(root):
            top = Path(dirpath) == settings.project_dir
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(".") and d != "__pycache__" and not (top and d in _NOT_INPUTS)
            )
            folder = Path(dirpath)
            is_bank = folder.resolve().parent == bank
            for name in sorted(filenames):
                path = folder / name
                if is_bank and name.endswith(MARKDOWN):
                    digest.update(f"{path}\n".encode())
                else:
                    digest.update(f"{path}|{_stamp(path)}\n".encode())
    return digest.hexdigest()


def item_fingerprints(settings: Settings, plans: Iterable[PagePlan], inputs: str) -> dict[str, str]:
    """A fingerprint for each item page, by its path in the docs folder."""
    stamps: dict[int, str] = {}  # by object identity: most items are related to several others

    def stamp(item: Item) -> str:
        if id(item) not in stamps:
            stamps[id(item)] = f"{item.path}|{_stamp(settings.project_dir / item.path)}"
        return stamps[id(item)]

    fingerprints: dict[str, str] = {}
    for plan in plans:
        if not isinstance(plan.entry, Item):
            continue
        parts = [inputs, stamp(plan.entry), *map(stamp, plan.data.get("related", []))]
        fingerprints[plan.src_uri] = hashlib.sha1("\n".join(parts).encode()).hexdigest()
    return fingerprints
