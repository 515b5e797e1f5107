"""Read the saved copies of outside research feeds with feedparser.

feedparser reads RSS 0.9x, 1.0 and 2.0 and Atom alike. A feed that is
missing, malformed or empty gives a warning naming it, and the newsletter
draft is built without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

from ..problems import Problem, Severity
from .sanitise import clean_html, shorten, to_text
from .settings import FeedSource
from .window import Window

# feedparser flags these, but the feed is still read correctly.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of an outside feed, made safe to show."""

    feed: FeedSource
    title: str
    link: str
    published: date
    summary: str
    """One line of plain text."""
    summary_html: str
    """The entry's description, sanitised."""


@dataclass
class FeedReading:
    entries: list[FeedEntry]
    problems: list[Problem]


def warning(rel: str, source: FeedSource, reason: str) -> Problem:
    return Problem(rel, f"feed '{source.name}'", reason, severity=Severity.WARNING, rule="feed")


def parse_feed(data: bytes) -> feedparser.FeedParserDict:
    # Sanitising is ours (nh3), in one place, so feedparser's own pass is switched off.
    return feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)


def problem_with(parsed: feedparser.FeedParserDict) -> str | None:
    """Why a parsed document cannot be used as a feed, or None if it can."""
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if error is not None and not isinstance(error, _HARMLESS):
        detail = describe_error(error)
        if not parsed.entries:
            return f"is not a feed we can read ({detail})"
    if not parsed.get("version") and not parsed.entries:
        return "is not an RSS or Atom feed"
    return None


def describe_error(error: Exception) -> str:
    """feedparser's complaint, without the parser's internal file name."""
    if hasattr(error, "getLineNumber"):
        return f"line {error.getLineNumber()}, column {error.getColumnNumber()}: {error.getMessage()}"
    return str(error).strip() or type(error).__name__


def read_feed(source: FeedSource, cache_dir: Path, rel_of) -> FeedReading:
    """Every dated entry of one saved feed. `rel_of` turns a path into the form people see."""
    path = source.cache_file(cache_dir)
    rel = rel_of(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FeedReading([], [warning(rel, source, "has not been downloaded yet. Run: kb newsletter fetch")])
    except OSError as error:
        return FeedReading([], [warning(rel, source, f"could not be read ({error.strerror}).")])
    parsed = parse_feed(data)
    reason = problem_with(parsed)
    if reason:
        return FeedReading(
            [], [warning(rel, source, f"{reason}, so it is left out. Check its address, then run kb newsletter fetch again.")]
        )
    problems: list[Problem] = []
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if error is not None and not isinstance(error, _HARMLESS):
        problems.append(
            warning(rel, source, f"has mistakes in it ({describe_error(error)}). The entries that could be read are used.")
        )
    if not parsed.entries:
        problems.append(warning(rel, source, "is empty: it has no entries."))
        return FeedReading([], problems)
    entries = []
    undated = 0
    # RSS 0.91 and 0.92 items have no dates of their own: the channel's date stands for them.
    channel_date = parsed.feed.get("published_parsed") or parsed.feed.get("updated_parsed")
    for raw in parsed.entries:
        entry = _entry(source, raw, channel_date)
        if entry is None:
            undated += 1
            continue
        entries.append(entry)
    if undated:
        noun, pronoun = ("entry has", "it is") if undated == 1 else ("entries have", "they are")
        problems.append(
            warning(rel, source, f"{undated} {noun} no date or no web address, so {pronoun} left out.")
        )
    return FeedReading(entries, problems)


def usable_entries(parsed: feedparser.FeedParserDict, source: FeedSource) -> int:
    """How many entries a draft could use: each needs a date and a web address."""
    channel_date = parsed.feed.get("published_parsed") or parsed.feed.get("updated_parsed")
    return sum(_entry(source, raw, channel_date) is not None for raw in parsed.entries)


def _entry(source: FeedSource, raw: feedparser.FeedParserDict, channel_date) -> FeedEntry | None:
    stamp = raw.get("published_parsed") or raw.get("updated_parsed") or raw.get("created_parsed") or channel_date
    link = (raw.get("link") or "").strip()
    if stamp is None or urlsplit(link).scheme not in ("http", "https"):
        return None
    title = to_text(raw.get("title", "")) or link
    body = raw.get("summary") or ""
    if not body and raw.get("content"):
        body = raw.content[0].get("value", "")
    safe = clean_html(body)
    return FeedEntry(
        feed=source,
        title=shorten(title, 200),
        link=link,
        published=date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday),
        summary=shorten(to_text(safe)),
        summary_html=safe,
    )


def entries_for(
    window: Window, sources: tuple[FeedSource, ...], cache_dir: Path, rel_of, per_feed: int
) -> FeedReading:
    """Entries dated in the draft's window, newest first, at most `per_feed` from each feed.

    Entries dated after the window's end (the draft date) are left out, and so
    are entries the previous issue already lists. An entry listed by two feeds is
    kept once, under the first feed in mkdocs.yml.
    """
    chosen: list[FeedEntry] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for source in sources:
        reading = read_feed(source, cache_dir, rel_of)
        problems += reading.problems
        in_window = sorted(
            (entry for entry in reading.entries if window.new_entry(entry.link, entry.published)),
            key=lambda entry: (-entry.published.toordinal(), entry.title.lower(), entry.link),
        )
        kept = 0
        for entry in in_window:
            if entry.link in seen or kept >= per_feed:
                continue
            seen.add(entry.link)
            chosen.append(entry)
            kept += 1
    return FeedReading(chosen, problems)
