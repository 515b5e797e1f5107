"""`kb usage import`: page views per month from web server logs and analytics exports.

It reads, one file at a time, plain or compressed with gzip, bzip2 or xz, and the
files inside a zip archive:

- the combined log format nginx and Apache write (the common format too);
- the W3C extended format IIS writes;
- page-view CSV exports from GoatCounter (one row per view) and Plausible
  (`imported_pages` files: one row per page a day).

It keeps only views of pages of this site: GET requests answered with 200 or 304,
not from a bot (the crawler-user-agents list, or no user agent at all), and not for
an asset (styles, scripts, images, fonts, search index files). A query string counts
as its page. What it stores is one count per page address and month, in
data/usage/YYYY-MM.csv (`address,views`): never an IP address, a user agent or a time.

Importing the same file twice adds nothing. data/usage/imported.csv records each
imported file's SHA-256 and length (which say nothing about who visited), so the same
content is recognised however the file is named or compressed. A log that has grown
since it was imported (nginx and Apache append to the same file) counts only its new
lines; a file that starts like a longer one imported before is an older copy and adds
nothing.

Bad lines are counted and reported by file and line number; they never stop an import.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
import io
import lzma
import os
import re
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

import crawleruseragents

from ..spreadsheet import write_csv

LEDGER = "imported.csv"
LEDGER_COLUMNS = ("content_sha256", "bytes", "head_sha256", "months")
HEAD_BYTES = 65536
"""A file that starts with the same 64 KiB as a longer imported file is an older copy of it."""
LINE_LIMIT = 65536
"""Bytes read at a time; a longer line is counted as bad (a request line is at most a few KiB)."""
BAD_LINES_SHOWN = 20
"""Bad lines listed by number for each file; the rest are counted."""

MONTHS = {name: index for index, name in enumerate(
    (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"), start=1)}

# Only what we count is captured: never the client's address, user name or time of day.
_COMBINED = re.compile(
    rb'^\S+ \S+ [^\[]*\[\d{1,2}/([A-Z][a-z]{2})/(\d{4}):[^\]]*\] '
    rb'"([A-Z]+) (\S+)(?: [^"]*)?" (\d{3}) (?:\d+|-)'
    # Quoted fields, with backslash escapes, written the fast way ("unrolled").
    rb'(?: "[^"\\]*(?:\\.[^"\\]*)*" "([^"\\]*(?:\\.[^"\\]*)*)")?'
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ASSET_SUFFIX = re.compile(r"\.(?!html?$)[A-Za-z0-9]{1,8}$")
_ASSET_FOLDERS = ("assets/", "pagefind/", "search/search_index", "stylesheets/", "javascripts/")

DROPPED = {
    "bot": "from bots and scripts",
    "asset": "for styles, scripts, images, fonts or search files",
    "status": "errors and redirects",
    "method": "not GET requests",
    "event": "events such as clicks, which are not page views",
    "page": "for addresses that are not pages of this site",
}


class UsageError(Exception):
    """A file cannot be imported at all. The message says which and why."""


@dataclass
class FileResult:
    """What one file added, and what it left out."""

    name: str
    format: str = ""
    lines: int = 0
    counts: Counter = field(default_factory=Counter)
    """(month 'YYYY-MM', address) -> views."""
    dropped: Counter = field(default_factory=Counter)
    bad: int = 0
    bad_lines: list[tuple[int, str]] = field(default_factory=list)
    skipped: str = ""
    """Why nothing was added, such as 'already imported'."""
    failed: bool = False
    """The file could not be read at all; `skipped` says why."""
    note: str = ""

    @property
    def views(self) -> int:
        return sum(self.counts.values())

    def add_bad(self, line: int, reason: str) -> None:
        self.bad += 1
        if len(self.bad_lines) < BAD_LINES_SHOWN:
            # A reason may quote the line: control characters from it would drive the terminal.
            self.bad_lines.append((line, _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", reason)))


class Site:
    """The pages a view may count for, and how to turn a requested address into one of them."""

    def __init__(self, addresses: Iterable[str], site_url: str = ""):
        self.addresses = frozenset(addresses)
        parts = urlsplit(site_url or "/")
        self.host = parts.netloc.lower()
        base = parts.path or "/"
        self.base = base if base.endswith("/") else base + "/"
        self._cache: dict[bytes, object] = {}

    def cached_page(self, target: bytes) -> str | None | bool:
        """`page` for a target as the log has it, remembered: logs ask for the same few addresses."""
        found = self._cache.get(target, self)
        if found is self:
            if len(self._cache) > 200_000:
                self._cache.clear()
            found = self._cache[target] = self.page(target.decode("utf-8", "replace"))
        return found

    def page(self, target: str) -> str | None | bool:
        """The page's address ('/knowledge-bank/'), False for an asset, None for no page of this site."""
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            if self.host and parts.netloc.lower() != self.host:
                return None
            path = parts.path
        else:
            path = target.split("?", 1)[0].split("#", 1)[0]
        if "%" in path:
            path = unquote(path)
        if not path.startswith(self.base):
            return None
        path = "/" + path[len(self.base):]
        if "//" in path or "/." in path:
            return None  # made-up addresses; no page of ours has them
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        if path.startswith(_ASSET_FOLDERS, 1) or _ASSET_SUFFIX.search(path):
            return False
        if not path.endswith("/"):
            path += "/"
        return path if path in self.addresses else None


@lru_cache(maxsize=65536)
def is_bot_bytes(user_agent: bytes) -> bool:
    return is_bot(user_agent.decode("utf-8", "replace"))


@lru_cache(maxsize=65536)
def is_bot(user_agent: str) -> bool:
    """Known crawlers, and clients that send no user agent (scripts, uptime checks)."""
    agent = user_agent.strip()
    if not agent or agent == "-":
        return True
    return crawleruseragents.is_crawler(agent)


# --- reading one file -------------------------------------------------------------------------


MAX_GROWTH = 100
"""A log compresses about ten times; a file that grows more than this when uncompressed is a
'compression bomb' (a gigabyte of blank lines in a megabyte), which would take hours to read."""
GROWTH_FREE_BYTES = 1_000_000
"""Small files may grow more (a short, repetitive log), as reading them is quick anyway."""


class _Counted(io.RawIOBase):
    """The compressed bytes read so far, for the growth limit."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.count = stream, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


class _Bounded:
    """Uncompressed lines, stopping with UsageError once they outgrow the compressed bytes MAX_GROWTH times."""

    def __init__(self, stream: BinaryIO, counted: _Counted):
        self.stream, self.counted, self.size = stream, counted, 0

    def readline(self, limit: int = -1) -> bytes:
        line = self.stream.readline(limit)
        self.size += len(line)
        if self.size > GROWTH_FREE_BYTES and self.size > MAX_GROWTH * self.counted.count:
            raise UsageError(f"it grows more than {MAX_GROWTH} times when uncompressed, which no real log does, "
                             "so it was not read")
        return line

    def __enter__(self) -> _Bounded:
        return self

    def __exit__(self, *exc) -> None:
        self.stream.close()
        self.counted.close()


def uncompressed(raw: BinaryIO) -> BinaryIO:
    """The stream's bytes, uncompressed if they are gzip, bzip2 or xz (whatever the file's name)."""
    stream = io.BufferedReader(raw) if not hasattr(raw, "peek") else raw  # type: ignore[arg-type]
    magic = stream.peek(6)[:6]
    opener = {b"\x1f\x8b": lambda s: gzip.GzipFile(fileobj=s), b"BZh": bz2.BZ2File, b"\xfd7zXZ": lzma.LZMAFile}
    for start, open_ in opener.items():
        if magic.startswith(start):
            counted = _Counted(stream)
            return _Bounded(open_(counted), counted)  # type: ignore[return-value]
    return stream


@dataclass
class Source:
    """One log or export to read: a file, or one file inside a zip archive (Plausible exports come zipped)."""

    name: str
    open: Callable[[], BinaryIO]


def sources(path: Path) -> list[Source]:
    """The logs and exports in `path`. In a zip archive: every file, except Plausible's tables of
    other things than pages (imported_visitors and the like)."""
    if not zipfile.is_zipfile(path):
        return [Source(str(path), lambda: uncompressed(path.open("rb")))]
    with zipfile.ZipFile(path) as archive:
        members = [
            info for info in archive.infolist()
            if not info.is_dir() and not (Path(info.filename).name.startswith("imported_")
                                          and not Path(info.filename).name.startswith("imported_pages"))
        ]

    def opener(member: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
        def open_member() -> BinaryIO:
            if member.file_size > max(GROWTH_FREE_BYTES, MAX_GROWTH * member.compress_size):
                raise UsageError(f"it grows more than {MAX_GROWTH} times when unzipped, which no real log does, "
                                 "so it was not read")
            archive = zipfile.ZipFile(path)
            return uncompressed(archive.open(member))  # type: ignore[arg-type]
        return open_member

    return [Source(f"{path}:{member.filename}", opener(member)) for member in members]


class _Hasher:
    """SHA-256 of the content read so far, checked against earlier imports at their lengths."""

    def __init__(self, ledger: list[dict[str, str]]):
        self.sha = hashlib.sha256()
        self.head = hashlib.sha256()
        self.size = 0
        self.lengths: dict[int, set[str]] = {}
        for entry in ledger:
            self.lengths.setdefault(int(entry["bytes"]), set()).add(entry["content_sha256"])
        self.prefix = 0
        """The length of the longest earlier import this content starts with."""

    def update(self, chunk: bytes) -> bool:
        """Add a line. True when everything read so far was imported before, as one earlier file."""
        self.sha.update(chunk)
        if self.size < HEAD_BYTES:
            self.head.update(chunk[: HEAD_BYTES - self.size])
        self.size += len(chunk)
        hashes = self.lengths.get(self.size)
        if hashes and self.sha.copy().hexdigest() in hashes:
            self.prefix = self.size
            return True
        return False


def read_file(source: Source | Path, site: Site, ledger: list[dict[str, str]]) -> tuple[FileResult, dict[str, str] | None]:
    """Count one file's page views. Returns its result and its ledger entry (None if nothing to record)."""
    if isinstance(source, Path):
        path = source
        source = Source(str(path), lambda: uncompressed(path.open("rb")))
    result = FileResult(source.name)
    hasher = _Hasher(ledger)
    try:
        with source.open() as stream:
            lines = _hashed_lines(stream, hasher, result)
            first = next(lines, None)
            if first is not None:
                number, line = first
                reader = _reader_for(line)
                result.format = reader.NAME
                reader(site, result).read(_chain((number, line), lines))
    except (OSError, EOFError, gzip.BadGzipFile, lzma.LZMAError, zipfile.BadZipFile) as error:
        raise UsageError(f"it could not be read ({getattr(error, 'strerror', None) or error})") from None
    if result.bad and not result.counts and not result.dropped and not hasher.prefix:
        # Not one line was understood: the wrong file, or a format we do not read. Left out of
        # the record of imported files, so the right file (or a later version) can still be imported.
        shown = "; for example, line {}: {}".format(*result.bad_lines[0]) if result.bad_lines else ""
        raise UsageError(f"none of its lines could be read as a web server log or a page-view export{shown}")
    if first is None and not result.bad:
        result.skipped = "it is empty"
        return result, None
    digest = hasher.sha.hexdigest()
    known = {entry["content_sha256"]: entry for entry in ledger}
    if digest in known:
        result.counts.clear()
        result.skipped = "it was imported before"
        return result, None
    head = hasher.head.hexdigest()
    if hasher.size >= HEAD_BYTES and any(
        entry["head_sha256"] == head and int(entry["bytes"]) > hasher.size for entry in ledger
    ):
        result.counts.clear()
        result.skipped = "it starts like a longer log imported before, so it is an older copy of it"
        return result, None
    if hasher.prefix:
        result.note = f"its first {hasher.prefix:,} bytes were imported before; only the lines after them are counted"
    months = sorted({month for month, _ in result.counts})
    entry = {"content_sha256": digest, "bytes": str(hasher.size), "head_sha256": head, "months": " ".join(months)}
    return result, entry


def _chain(first, rest):
    yield first
    yield from rest


def _hashed_lines(stream: BinaryIO, hasher: _Hasher, result: FileResult) -> Iterator[tuple[int, bytes]]:
    """(line number, line) for each non-blank line. Lines already imported as part of an
    earlier, shorter copy of this log reset the counts, so only the new lines count.
    A line longer than LINE_LIMIT is read in pieces, so memory stays bounded, and is bad."""
    number = 0
    while line := stream.readline(LINE_LIMIT):
        number += 1
        result.lines = number
        too_long = False
        while len(line) == LINE_LIMIT and not line.endswith(b"\n"):
            too_long = True
            hasher.update(line)
            line = stream.readline(LINE_LIMIT)
        if hasher.update(line):
            # Everything so far was imported before, as a shorter copy of this log.
            result.counts.clear()
            result.dropped.clear()
            result.bad, result.bad_lines = 0, []
            continue
        if too_long:
            result.add_bad(number, f"is longer than {LINE_LIMIT:,} characters, so it is not a log line")
        elif line.strip():
            yield number, line


def _reader_for(first_line: bytes) -> type:
    text = first_line.lstrip(b"\xef\xbb\xbf").strip()
    if text.startswith((b"#Software:", b"#Version:", b"#Fields:", b"#Date:")):
        return W3CReader
    header = [cell.strip().lower() for cell in _csv_cells(text)]
    if header and header[0].endswith("path") and "date" in header and "bot" in header:
        return GoatCounterReader
    if "date" in header and "page" in header and "pageviews" in header:
        return PlausibleReader
    if "pageviews" in header and "date" not in header:
        raise UsageError(
            "this Plausible export has no dates, so its views cannot be put in months. In Plausible, use "
            "Site settings, 'Imports & exports', 'Export data': its imported_pages file has a row per day"
        )
    return CombinedReader


def _csv_cells(line: bytes) -> list[str]:
    try:
        return next(csv.reader([line.decode("utf-8")]), [])
    except (UnicodeDecodeError, csv.Error):
        return []


class CombinedReader:
    """nginx and Apache: the combined log format (and the common format, which has no user agent)."""

    NAME = "combined log format"

    def __init__(self, site: Site, result: FileResult):
        self.site, self.result = site, result

    def read(self, lines: Iterable[tuple[int, bytes]]) -> None:
        match = _COMBINED.match
        site_page, result = self.site.cached_page, self.result
        counts, dropped = result.counts, result.dropped
        months: dict[tuple[bytes, bytes], str] = {}
        for number, line in lines:
            found = match(line)
            if found is None:
                result.add_bad(number, "is not in the combined log format")
                continue
            month_name, year, method, target, status, agent = found.groups()
            month = months.get((month_name, year))
            if month is None:
                index = MONTHS.get(month_name)
                if index is None:
                    result.add_bad(number, f"has no month called '{month_name.decode(errors='replace')}'")
                    continue
                month = months.setdefault((month_name, year), f"{year.decode()}-{index:02d}")
            if method != b"GET":
                dropped["method"] += 1
                continue
            if status != b"200" and status != b"304":
                dropped["status"] += 1
                continue
            page = site_page(target)
            if page is False:
                dropped["asset"] += 1
                continue
            if agent is not None and is_bot_bytes(agent):
                dropped["bot"] += 1
                continue
            if page is None:
                dropped["page"] += 1
                continue
            counts[(month, page)] += 1


class W3CReader(CombinedReader):
    """IIS: the W3C extended log format. `#Fields:` lines say which column is which."""

    NAME = "W3C extended log format (IIS)"
    NEEDED = ("date", "cs-method", "cs-uri-stem", "sc-status")

    def read(self, lines: Iterable[tuple[int, bytes]]) -> None:
        result, counts, dropped, site_page = self.result, self.result.counts, self.result.dropped, self.site.page
        columns: dict[str, int] | None = None
        for number, raw in lines:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("#"):
                if line.startswith("#Fields:"):
                    names = line[len("#Fields:"):].split()
                    columns = {name.lower(): index for index, name in enumerate(names)}
                    missing = [name for name in self.NEEDED if name not in columns]
                    if missing:
                        result.add_bad(number, "names no " + ", ".join(missing) + " field, so the lines after it cannot be read")
                        columns = None
                continue
            if columns is None:
                result.add_bad(number, "comes before a #Fields line that names the columns")
                continue
            cells = line.split(" ")
            if len(cells) != len(columns):
                result.add_bad(number, f"has {len(cells)} fields, but the #Fields line names {len(columns)}")
                continue
            day, method, status = cells[columns["date"]], cells[columns["cs-method"]], cells[columns["sc-status"]]
            if len(day) != 10 or day[4] != "-" or not day[:4].isdigit() or not day[5:7].isdigit():
                result.add_bad(number, f"has '{day[:20]}' as its date, not YYYY-MM-DD")
                continue
            if method != "GET":
                dropped["method"] += 1
                continue
            if status not in ("200", "304"):
                dropped["status"] += 1
                continue
            page = site_page(cells[columns["cs-uri-stem"]])
            if page is False:
                dropped["asset"] += 1
                continue
            agent_index = columns.get("cs(user-agent)")
            if agent_index is not None and is_bot(cells[agent_index].replace("+", " ")):
                dropped["bot"] += 1
                continue
            if page is None:
                dropped["page"] += 1
                continue
            counts[(day[:7], page)] += 1


class _CsvReader(CombinedReader):
    """An analytics export: a header row, then one row per view (or per page a day)."""

    def read(self, lines: Iterable[tuple[int, bytes]]) -> None:
        numbered = iter(lines)
        first = next(numbered)
        header = [cell.strip().lower() for cell in _csv_cells(first[1].lstrip(b"\xef\xbb\xbf"))]
        header[0] = "path" if header[0].endswith("path") else header[0]
        columns = {name: index for index, name in enumerate(header)}
        numbers: list[int] = []

        def text_lines() -> Iterator[str]:
            for number, line in numbered:
                numbers.append(number)
                yield line.decode("utf-8", "replace")

        for cells in csv.reader(text_lines()):
            number = numbers[-1]
            if len(cells) != len(header):
                self.result.add_bad(number, f"has {len(cells)} cells, but the header names {len(header)} columns")
                continue
            self.row(number, cells, columns)

    def row(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        raise NotImplementedError

    def month(self, number: int, value: str) -> str | None:
        if len(value) < 7 or value[4] != "-" or not value[:4].isdigit() or not value[5:7].isdigit():
            self.result.add_bad(number, f"has '{value[:25]}' as its date, not a date like 2026-10-05")
            return None
        return value[:7]


class GoatCounterReader(_CsvReader):
    NAME = "GoatCounter export"

    def row(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        month = self.month(number, cells[columns["date"]].strip())
        if month is None:
            return
        event = cells[columns["event"]].strip().lower() if "event" in columns else ""
        if event in ("true", "1"):
            self.result.dropped["event"] += 1
            return
        if cells[columns["bot"]].strip() not in ("", "0"):
            self.result.dropped["bot"] += 1
            return
        self._count(month, cells[columns["path"]].strip(), 1)

    def _count(self, month: str, path: str, views: int) -> None:
        page = self.site.page(path)
        if page is False:
            self.result.dropped["asset"] += views
        elif page is None:
            self.result.dropped["page"] += views
        else:
            self.result.counts[(month, page)] += views


class PlausibleReader(GoatCounterReader):
    NAME = "Plausible export"

    def row(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        month = self.month(number, cells[columns["date"]].strip())
        if month is None:
            return
        views = cells[columns["pageviews"]].strip()
        if not views.isdigit():
            self.result.add_bad(number, f"has '{views[:20]}' as its page views, not a whole number")
            return
        self._count(month, cells[columns["page"]].strip(), int(views))


# --- the stored counts ------------------------------------------------------------------------


_MONTH_FILE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])\.csv$")


def read_ledger(folder: Path) -> list[dict[str, str]]:
    path = folder / LEDGER
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return [row for row in csv.DictReader(stream) if row.get("content_sha256")]


def read_month(path: Path) -> Counter:
    """One month's counts, as written by `save`. Raises ValueError naming the row for a bad one."""
    counts: Counter = Counter()
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader(lines[:1]), None)
    if header is None or [cell.strip().lower() for cell in header[:2]] != ["address", "views"]:
        raise ValueError(f"{path.name}:1:columns: the first row must be address,views.")
    found: dict[str, int] = {}
    for row, line in enumerate(lines[1:], start=2):
        if not line or line.isspace():
            continue
        if '"' in line:  # our own files have no quotes; a spreadsheet may add them
            cells = next(csv.reader([line]), []) + ["", ""]
            address, views = cells[0], cells[1]
        else:
            address, _, rest = line.partition(",")
            views = rest.partition(",")[0]
        address, views = address.strip(), views.strip()
        if not address.startswith("/"):
            raise ValueError(f"{path.name}:{row}:address: must be a page address starting with '/'.")
        if not views.isdigit():
            raise ValueError(f"{path.name}:{row}:views: '{views[:20]}' is not a whole number.")
        found[address] = found.get(address, 0) + int(views)
    counts.update(found)
    return counts


def month_files(folder: Path) -> list[tuple[str, Path]]:
    """('2026-10', path) for each month file, oldest first."""
    if not folder.is_dir():
        return []
    return sorted((path.stem, path) for path in folder.glob("*.csv") if _MONTH_FILE.match(path.name))


def save(folder: Path, added: Counter, ledger_entries: list[dict[str, str]]) -> list[str]:
    """Add counts to the month files and record the imported files. Returns the months changed."""
    folder.mkdir(parents=True, exist_ok=True)
    by_month: dict[str, Counter] = {}
    for (month, address), views in added.items():
        by_month.setdefault(month, Counter())[address] += views
    for month, counts in sorted(by_month.items()):
        path = folder / f"{month}.csv"
        total = read_month(path) if path.is_file() else Counter()
        total.update(counts)
        _replace(path, ("address", "views"), sorted(total.items()))
    if ledger_entries:
        ledger = read_ledger(folder) + ledger_entries
        _replace(folder / LEDGER, LEDGER_COLUMNS, [[entry[name] for name in LEDGER_COLUMNS] for entry in ledger])
    return sorted(by_month)


def _replace(path: Path, header, rows) -> None:
    """Write a CSV file whole, then swap it into place, so a crash leaves the old one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            write_csv(stream, header, rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def import_files(paths: list[Path], folder: Path, site: Site) -> list[FileResult]:
    """Import each file in turn, then save every count at once."""
    ledger = read_ledger(folder)
    results: list[FileResult] = []
    added: Counter = Counter()
    entries: list[dict[str, str]] = []
    for path in paths:
        try:
            found = sources(path)
        except (OSError, zipfile.BadZipFile) as error:
            results.append(FileResult(str(path), skipped=f"it could not be read ({error})", failed=True))
            continue
        for source in found:
            try:
                result, entry = read_file(source, site, ledger + entries)
            except UsageError as error:
                result, entry = FileResult(source.name, skipped=str(error), failed=True), None
            results.append(result)
            if entry is not None:
                entries.append(entry)
                added.update(result.counts)
    save(folder, added, entries)
    return results
