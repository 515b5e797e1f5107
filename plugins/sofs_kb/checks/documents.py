"""The Markdown files `kb check` looks at, read once and shared by every rule.

A `Document` keeps the file's own line numbers, so every finding can say
`path:line`. Front matter is read with the same strict reader the loader
uses; the body is kept line by line, exactly as written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .. import urls
from ..loader import MARKDOWN, FrontMatter, ignored, readable
from ..model import ITEM_TYPES
from ..problems import Problem
from ..quarters import Quarter, QuarterError
from ..settings import Settings
from ..sources import MAX_SOURCE_BYTES, load_yaml, parse_source, read_source
from .. import markup

EDITIONS = frozenset({"public", "partnership"})
_BOUNDARY = re.compile(r"^-{3,}\s*$")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass
class Document:
    path: Path
    rel: str
    kind: str
    """An item type, 'newsletter' or 'page'."""
    src_uri: str
    """Where the page sits in the site's docs folder, as MkDocs sees it."""
    lines: list[str]
    meta: dict[str, Any] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    front_matter_end: int = 0
    """Line number of the closing '---' of the front matter (0 when there is none)."""
    read_problems: list[Problem] = field(default_factory=list)

    # --- what the front matter says ---------------------------------------------------------

    def value(self, name: str, default: Any = None) -> Any:
        return (self.meta or {}).get(name, default)

    def line_of(self, name: str) -> int:
        return self.key_lines.get(name, 1)

    def field_at(self, line: int) -> str:
        """The front matter field a line belongs to, or 'body'."""
        if line > self.front_matter_end:
            return "body"
        owners = [(start, name) for name, start in self.key_lines.items() if start <= line]
        return max(owners)[1] if owners else "front matter"

    @property
    def is_item(self) -> bool:
        return self.kind in ITEM_TYPES

    @property
    def audiences(self) -> list[str]:
        value = self.value("audience", [])
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    @property
    def visibility(self) -> str:
        return "partnership" if self.value("visibility") == "partnership" else "public"

    def editions(self, today: date) -> frozenset[str]:
        """The editions this page is published in today (pages are in both)."""
        if self.kind == "page":
            return EDITIONS
        published = _date(self.value("published"))
        if self.value("status") != "published" or published is None or published > today:
            return frozenset()
        return self.intended_editions

    @property
    def intended_editions(self) -> frozenset[str]:
        """The editions this page will be in once it is published."""
        if self.kind == "page" or self.visibility == "public":
            return EDITIONS
        return frozenset({"partnership"})

    # --- the body ---------------------------------------------------------------------------

    @property
    def body_start(self) -> int:
        return self.front_matter_end + 1

    @cached_property
    def body(self) -> list[tuple[int, str]]:
        """(line number, text) for every body line, as written."""
        return list(enumerate(self.lines[self.front_matter_end :], start=self.body_start))

    @cached_property
    def visible(self) -> list[tuple[int, str]]:
        """Body lines with code blocks and HTML comments blanked: what readers see as text."""
        return markup.visible_lines(self.body)

    @cached_property
    def anchors(self) -> set[str]:
        return markup.anchors(self.visible)

    @cached_property
    def prose(self) -> list[markup.Block]:
        """Title, summary, steps or findings, then the body, as plain-text blocks in page order."""
        blocks = [
            markup.Block([(self.line_of(name), self.value(name))])
            for name in ("title", "summary")
            if isinstance(self.value(name), str)
        ]
        for name in ("key_findings", "steps"):
            values = self.value(name)
            if isinstance(values, list):
                blocks += [markup.Block([(self.line_of(name), v)]) for v in values if isinstance(v, str)]
        return blocks + markup.prose_blocks(self.visible)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def read_document(
    path: Path, settings: Settings, kind: str, src_uri: str, read: FrontMatter | None = None
) -> Document:
    """Read one file. One that cannot be read as text has no lines, and says why.

    `read` is the file's fields as the loader read them, if it did, to save parsing them again.
    """
    rel = settings.rel(path)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise OSError("too large")  # read_source says so, with the limit
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Document(path, rel, kind, src_uri, [], read_problems=read_source(path, rel)[1])
    lines = text.splitlines()
    document = Document(path, rel, kind, src_uri, lines)
    start = next((n for n, line in enumerate(lines) if line.strip()), None)
    if start is None or not _BOUNDARY.match(lines[start]):
        return document  # no front matter: all body
    end = next((n for n in range(start + 1, len(lines)) if _BOUNDARY.match(lines[n])), None)
    if end is None:
        document.read_problems = parse_source(text, path, rel)[1]
        return document
    document.front_matter_end = end + 1
    if kind != "page":
        # The loader reads items and newsletters strictly and reports their problems. Use the
        # fields it read; failing that, a plain C-speed read is enough to find them and their lines.
        document.meta, document.key_lines = read or _quick_front_matter(lines, start, end)
        return document
    source, problems = parse_source(text, path, rel)
    document.read_problems = problems
    if source is not None:
        document.meta = source.meta
        document.key_lines = source.key_lines
    return document


def _quick_front_matter(lines: list[str], start: int, end: int) -> tuple[dict[str, Any] | None, dict[str, int]]:
    try:
        # The strict reader: it refuses values that grow past a fixed size when reused.
        meta = load_yaml("\n".join(lines[start + 1 : end]))
    except yaml.YAMLError:
        return None, {}
    if not isinstance(meta, dict):
        return None, {}
    key_lines: dict[str, int] = {}
    for n in range(start + 1, end):
        match = _TOP_LEVEL_KEY.match(lines[n])
        if match:
            key_lines.setdefault(match.group(1), n + 1)
    return meta, key_lines


def discover(settings: Settings, front_matter: dict[Path, FrontMatter] | None = None) -> list[Document]:
    """Every Markdown file of the site: items, newsletter issues and hand-written pages.

    `front_matter` holds item fields the loader has read (see `load_bank`), by path.
    """
    front_matter = front_matter or {}
    found: list[Document] = []
    bank = settings.bank_dir
    if bank.is_dir():
        for type_id in sorted(ITEM_TYPES):
            folder = bank / type_id
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob(f"*{MARKDOWN}")):
                if ignored(path.name) or not path.is_file() or not readable(path, settings):
                    continue
                src_uri = urls.item(type_id, urls.slug_for(path.name[: -len(MARKDOWN)]))
                found.append(read_document(path, settings, type_id, src_uri, front_matter.get(path)))
    if settings.newsletters_dir.is_dir():
        for path in sorted(settings.newsletters_dir.glob(f"*{MARKDOWN}")):
            if ignored(path.name) or not readable(path, settings):
                continue
            stem = path.name[: -len(MARKDOWN)]
            try:
                src_uri = urls.newsletter(Quarter.parse(stem).slug)
            except QuarterError:
                src_uri = f"{urls.NEWSLETTERS}/{stem}.md"  # a draft beside an issue, or a misnamed file
            _add(found, path, settings, "newsletter", src_uri)
    docs = settings.docs_dir
    for dirpath, dirnames, filenames in os.walk(docs):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(MARKDOWN) and not name.startswith("."):
                path = Path(dirpath, name)
                if readable(path, settings):  # the loader reports links out and pipes
                    _add(found, path, settings, "page", path.relative_to(docs).as_posix())
    return found


def docs_files(settings: Settings) -> set[str]:
    """Every file in the docs folder, by its path there: pages, images, downloads."""
    files: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(settings.docs_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath).relative_to(settings.docs_dir).as_posix()
        for name in filenames:
            files.add(name if base == "." else f"{base}/{name}")
    return files


def _add(found: list[Document], path: Path, settings: Settings, kind: str, src_uri: str) -> None:
    found.append(read_document(path, settings, kind, src_uri))
