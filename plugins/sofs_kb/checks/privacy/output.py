"""The last gate: scan what a build produced, before it is published.

The first scan reads the sources. This one reads every file the build wrote:
pages, feeds, calendars, the sitemap (and its gzipped copy), Pagefind's fragments
(decompressed), any other text file, and the email edition. Text from a template,
a setting, a data file or a feed passes through here too, so nothing slips past.

It looks for identifiers (NHS and National Insurance numbers, postcodes, phone
numbers, email addresses, dates of birth, home addresses) and for any name on the
watch list or found by the first scan. An identifier the allow-list accepts in
every source file that holds it passes; so does one accepted everywhere ('*').
Each finding names the output file and the source the text came from, if a
source holds it.

Plain Python: `kb build`, the MkDocs adapter and `kb newsletter email` call it.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...problems import Problem
from ..allow_list import AllowList, same_text
from .identifiers import (
    find_addresses,
    find_dates_of_birth,
    find_emails,
    find_ni_numbers,
    find_nhs_numbers,
    find_phone_numbers,
    find_postcodes,
)
from .background import in_background
from .messages import describe
from .names import WatchList
from .scan import _resolve, neighbourhoods
from .text import _BARE_URL, BREAK, address_text, clean

RULE = "personal-data"

_TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".ics", ".txt", ".json", ".csv", ".svg", ".eml", ".md", ".rss", ".atom", ".vcf"})
_GZIPPED = frozenset({".gz", ".pf_fragment", ".pf_filter"})
"""Gzipped text: the sitemap's copy, and Pagefind's page fragments and filter values."""
_MAX_BYTES = 20_000_000
_DROP_START = re.compile(r"<(script|style|svg)\b", re.I)
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var|wbr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^<>]*>")
_ADDRESS_ATTR = re.compile(r"\b(?:href|src|action|cite)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_TEXT_ATTR = re.compile(r"\b(?:alt|title|content|aria-label|value|placeholder|data-[\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_DIGIT_OR_AT = re.compile(r"\d|@|\bat\b", re.I)
BACKGROUND_FROM = 300
"""From this many Pagefind fragments on, the gate reads them in a second process."""


@dataclass
class SourceIndex:
    """What the first scan found, by rule and text: which source files hold it."""

    sources: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    """Names the first scan found (lower case), that the gate looks for in the output."""

    def add(self, rule: str, text: str, path: str) -> None:
        self.sources.setdefault((rule, same_text(rule, text)), set()).add(path)
        if rule.endswith(("/name", "/watch-list")) and len(text.split()) >= 2:
            self.names.add(" ".join(text.split()).casefold())

    def holding(self, rule: str, text: str) -> set[str]:
        return self.sources.get((rule, same_text(rule, text)), set())


_FOLD = re.compile(r"\r?\n[ \t]")
_ICS_ESCAPE = re.compile(r"\\([,;nN\\])")


def output_text(raw: str, suffix: str) -> tuple[str, str]:
    """(what a reader sees, the link addresses) of one output file, markup taken out."""
    if suffix in (".ics", ".vcf"):
        # Calendar lines are folded at 75 characters, and commas escaped: undo both first.
        raw = _ICS_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), _FOLD.sub("", raw))
    if suffix in (".html", ".htm", ".svg", ".xml", ".rss", ".atom", ".eml") or "<" in raw[:2000]:
        raw = _drop_code(raw)
        addresses = BREAK.join(a or b for a, b in _ADDRESS_ATTR.findall(raw) if (a or b) and _DIGIT_OR_AT.search(a or b))
        attributes = BREAK.join(a or b for a, b in _TEXT_ATTR.findall(raw) if a or b)
        text = _TAG.sub(BREAK, _INLINE_TAG.sub("", raw))
        return clean(text + BREAK + attributes), _HASH.sub(" ", address_text(addresses + BREAK + _escaped_addresses(text)))
    return clean(raw), _HASH.sub(" ", address_text(_escaped_addresses(raw)))


# Tools name the files they write after a hash of their content ('en_ab553fd.pf_fragment',
# 'bundle.6f8fa7a6.min.js'). Seven or more hexadecimal characters, with a letter and a digit,
# are a hash, not a postcode; an NHS number has no letters, so it is still read.
_HASH = re.compile(r"(?<![A-Za-z0-9])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}(?![A-Za-z0-9])")


def _drop_code(raw: str) -> str:
    """Take out scripts, styles and inline pictures (SVG): code and drawing, not words.

    Done with plain searches so that a page full of unclosed tags still takes linear time.
    """
    kept, position = [], 0
    low = raw.lower()
    while True:
        start = _DROP_START.search(raw, position)
        if start is None:
            break
        end = low.find(f"</{start.group(1).lower()}", start.end())
        if end < 0:
            break
        kept.append(raw[position : start.start()])
        kept.append(" ")
        position = end
    kept.append(raw[position:])
    return "".join(kept)


def _escaped_addresses(text: str) -> str:
    """Addresses written out as text (a sitemap's <loc>, a feed's link) that hold escapes: '%20'."""
    if "%" not in text and "+" not in text:
        return ""
    return BREAK.join(m.group(0) for m in _BARE_URL.finditer(text) if "%" in m.group(0) or "+" in m.group(0))


def _read(path: Path) -> str | None:
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()[:_MAX_BYTES]
    except OSError:
        return None
    if suffix in _GZIPPED:
        try:
            data = gzip.decompress(data)[:_MAX_BYTES]
        except (OSError, EOFError, zlib.error):
            return None
        if data.startswith(b"pagefind_dcd"):
            data = data[len(b"pagefind_dcd") :]
    elif suffix not in _TEXT_SUFFIXES:
        return None
    return data.decode("utf-8", errors="replace")


class OutputGate:
    def __init__(self, index: SourceIndex, allow: AllowList, watch_list: WatchList, email_allowed=lambda d: False):
        self.index, self.allow, self.email_allowed = index, allow, email_allowed
        self.names = WatchList([*watch_list.names, *index.names])
        self.seen_lines: set[str] = set()
        """Lines of markup already scanned in another file: the header, navigation and footer
        that every page repeats. Each is scanned once, in the first file that has it."""

    def scan_text(self, rel: str, text: str, suffix: str = ".html") -> list[Problem]:
        """Findings in one output file's text, `rel` being how the report names the file."""
        problems = []
        seen: set[tuple[str, str]] = set()
        raw = text
        if suffix in (".html", ".htm", ".xml"):
            lines = text.split("\n")
            text = "\n".join([line for line in lines if line not in self.seen_lines])
            self.seen_lines.update(lines)
        words, addresses = output_text(text, suffix)
        for part in (words, addresses):
            for hit in self._hits(part):
                rule = f"{RULE}/{hit.kind}"
                sources = self.index.holding(rule, hit.text)
                if (rule, hit.key) in seen or self.allow.allows(rule, hit.text, sources):
                    continue
                seen.add((rule, hit.key))
                came_from = (
                    "It came from " + ", ".join(sorted(sources)) + "."
                    if sources
                    else "No content file holds it: look in the templates, mkdocs.yml, data/ and the feeds."
                )
                problems.append(
                    Problem(rel, "built site", f"{describe(hit.kind, hit.text)} {came_from}", line=_line(raw, hit.text), rule=rule, text=hit.text)
                )
        return problems

    def _hits(self, text: str):
        hits = []
        near, _ = neighbourhoods(text)
        if near:
            hits += find_nhs_numbers(near) + find_ni_numbers(near) + find_postcodes(near) + find_phone_numbers(near)
            hits += find_dates_of_birth(near) + find_addresses(near) + find_emails(near, self.email_allowed)
        hits += self.names.find(text)
        return _resolve(hits)

    def scan_folder(self, folder: Path, label: str) -> list[Problem]:
        """Every file under `folder`, named in findings as `label/relative path`."""
        paths = sorted(_files(folder))
        # Pagefind's fragments are half a big site's files and most of the gate's time, and
        # share no lines with the pages: a second process reads them while this one reads
        # the rest (docs/performance.md, "The privacy scan").
        fragments = [path for path in paths if path.suffix == ".pf_fragment"]
        rest = [path for path in paths if path.suffix != ".pf_fragment"]
        fragment_problems = lambda: self._scan_files(fragments, folder, label)  # noqa: E731
        if len(fragments) >= BACKGROUND_FROM:
            fragment_problems = in_background(fragment_problems)
        problems = self._scan_files(rest, folder, label)
        # In the order of the files, as one process would give them.
        order = {f"{label}/{path.relative_to(folder).as_posix()}": n for n, path in enumerate(paths)}
        return sorted(problems + fragment_problems(), key=lambda problem: order.get(problem.path, -1))

    def _scan_files(self, paths: list[Path], folder: Path, label: str) -> list[Problem]:
        problems = []
        for path in paths:
            rel = f"{label}/{path.relative_to(folder).as_posix()}"
            problems += self._file_name(rel, path)
            text = _read(path)
            if text is not None:
                problems += self.scan_text(rel, text, path.suffix.lower())
        return problems

    def _file_name(self, rel: str, path: Path) -> list[Problem]:
        found = self._hits(_HASH.sub(" ", address_text(path.name)))
        return [
            Problem(rel, "file name", describe(hit.kind, hit.text), rule=f"{RULE}/{hit.kind}", text=hit.text)
            for hit in found
            if not self.allow.allows(f"{RULE}/{hit.kind}", hit.text, self.index.holding(f"{RULE}/{hit.kind}", hit.text))
        ]


def _line(raw: str, found: str) -> int | None:
    """The line of the output file where the text starts, if it is there as it was found."""
    at = raw.find(found.split()[0]) if found.split() else -1
    return raw.count("\n", 0, at) + 1 if at >= 0 else None


def _files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path


def index_from(findings: Iterable[Problem]) -> SourceIndex:
    """The index the gate needs, from the first scan's findings (accepted ones included)."""
    index = SourceIndex()
    for finding in findings:
        if finding.rule.startswith(RULE + "/") and finding.text:
            index.add(finding.rule, finding.text, finding.path)
    return index
