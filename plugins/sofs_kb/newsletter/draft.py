"""Build a newsletter draft for one quarter, and never lose an editor's work.

`build_draft` chooses what goes in: items published in the draft's window (see
`window.py`), sorted into the four sections by type and tags; research entries
from the saved feeds; and upcoming training. `render_draft` turns that into
Markdown from Jinja2 templates. `save_draft` writes it, or, when the issue
already exists, leaves it alone and writes a fresh copy beside it.

The same inputs always give the same bytes: nothing depends on the clock.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import urls
from ..loader import Bank, ItemFilter, side_draft
from ..model import Item, NewsletterIssue
from ..quarters import SEASONS, Quarter, QuarterError
from ..sources import read_source
from .feeds import FeedEntry
from .settings import NewsletterSettings, Topic
from .templating import render
from .training import TrainingEvent
from .window import Window, draft_window, previous_issue

NEW_SUFFIX = ".new.md"

_BLANK_RUNS = re.compile(r"\n{3,}")
_PUBLISHED = re.compile(rb"^published:[ \t]*[\"']?(\d{4}-\d{2}-\d{2})[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def published_between(start: date, end: date) -> ItemFilter:
    """Skip, without parsing, item files whose front matter is plainly dated outside `start` to `end`.

    Anything unusual (no date, a date written another way, a date that does not
    exist) is read in full, so the loader can report it.
    """

    def keep(path: Path) -> bool:
        try:
            head = path.read_bytes()
        except OSError:
            return True
        end_of_front_matter = head.find(b"\n---", 3)
        match = _PUBLISHED.search(head, 0, end_of_front_matter if end_of_front_matter > 0 else len(head))
        if match is None:
            return True
        try:
            return start <= date.fromisoformat(match.group(1).decode()) <= end
        except ValueError:
            return True

    return keep


def published_in(quarter: Quarter) -> ItemFilter:
    return published_between(quarter.start, quarter.end)


def window_for(bank: Bank, quarter: Quarter) -> Window:
    """The draft's window, with what the previous issue already lists."""
    issues = all_issues(bank)
    previous = previous_issue(issues, quarter)
    if previous is None:
        return draft_window(quarter, bank.settings.today, issues)
    featured = set(previous.featured)
    listed = {item.id for item in bank.items if _mentions_item(previous.body, featured, item)}
    return draft_window(quarter, bank.settings.today, issues, listed, previous.body)


def all_issues(bank: Bank) -> list[NewsletterIssue]:
    """Every issue in the edition, drafts and issues still to come included."""
    return [*bank.newsletters, *(entry for entry in bank.unpublished if isinstance(entry, NewsletterIssue))]


@dataclass
class Section:
    topic: Topic
    items: list[Item] = field(default_factory=list)
    entries: list[FeedEntry] = field(default_factory=list)
    training: list[TrainingEvent] | None = None

    @property
    def training_by_month(self) -> list[tuple[str, list[TrainingEvent]]]:
        """('January 2027', events) for each month with training, soonest first."""
        months: dict[str, list[TrainingEvent]] = {}
        for event in self.training or []:
            months.setdefault(f"{event.start:%B %Y}", []).append(event)
        return list(months.items())


@dataclass
class Draft:
    quarter: Quarter
    issue: int
    title: str
    summary: str
    editors: tuple[str, ...]
    owner: str
    sections: list[Section]
    others: list[Item]
    """Items no section asked for, listed at the end so none is missed."""
    window: Window

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items] + self.others

    @property
    def entries(self) -> list[FeedEntry]:
        return [entry for section in self.sections for entry in section.entries]

    @property
    def featured(self) -> list[str]:
        return [item.id for item in self.items]

    @property
    def src_uri(self) -> str:
        return urls.newsletter(self.quarter.slug)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.entries


def build_draft(
    bank: Bank,
    settings: NewsletterSettings,
    window: Window,
    entries: list[FeedEntry],
    training: list[TrainingEvent] | None,
) -> Draft:
    """Choose what goes in the issue for the window's quarter. Nothing is written.

    `entries` and `training` are already chosen for the window (see `entries_for`
    and `upcoming_training`); items are chosen here.
    """
    quarter = window.quarter
    new = [item for item in bank.items if window.new_item(item.id, item.published)]
    # Bank items are newest first; a newsletter reads better in the order things happened.
    new.sort(key=lambda item: (item.published, item.title.lower(), item.id))
    sections = [Section(topic) for topic in settings.topics]
    others = _sort_into(sections, new)
    research = next((section for section in sections if section.topic.research), None)
    for entry in entries:
        section = _section_for_feed(sections, entry) or research
        if section is not None:
            section.entries.append(entry)
    for section in sections:
        if section.topic.training:
            section.training = training
    season = SEASONS[quarter.number]
    count = len(new)
    return Draft(
        quarter=quarter,
        issue=_issue_number(bank, quarter),
        title=f"Signs of Safety news: {season} {quarter.year}",
        summary=_summary(count, bool(entries), season, quarter.year),
        editors=settings.editors,
        owner=settings.owner,
        sections=sections,
        others=others,
        window=window,
    )


def render_draft(draft: Draft) -> str:
    base = posixpath.dirname(draft.src_uri)

    def link(src_uri: str) -> str:
        return posixpath.relpath(src_uri, base)

    def booking(url: str) -> str:
        return url if "://" in url else link(url)

    text = render("draft.md.j2", draft=draft, link=link, booking=booking)
    return _BLANK_RUNS.sub("\n\n", text).rstrip() + "\n"


def _sort_into(sections: list[Section], items: list[Item]) -> list[Item]:
    # Sections that ask for tags first: a tag is a more specific choice than a type.
    trying = sorted(sections, key=lambda section: 0 if section.topic.tags else 1)
    others = []
    for item in items:
        home = next((section for section in trying if section.topic.matches(item)), None)
        if home is None:
            others.append(item)
        else:
            home.items.append(item)
    return others


def _section_for_feed(sections: list[Section], entry: FeedEntry) -> Section | None:
    """A feed whose tags a section asks for goes there (a training feed, say)."""
    feed_tags = {tag.lower() for tag in entry.feed.tags}
    for section in sections:
        if section.topic.tags and feed_tags & set(section.topic.tags):
            return section
    return None


def _issue_number(bank: Bank, quarter: Quarter) -> int:
    issues = all_issues(bank)
    for issue in issues:
        if issue.quarter == quarter:
            return issue.issue
    earlier = [issue.issue for issue in issues if issue.quarter < quarter]
    return max(earlier, default=0) + 1


def _summary(count: int, research: bool, season: str, year: int) -> str:
    parts = []
    if count:
        parts.append(f"{count} new {'item' if count == 1 else 'items'} from the knowledge bank")
    if research:
        parts.append("research from other organisations")
    parts.append("training news")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"{listed[0].upper()}{listed[1:]} for {season} {year}."


# --- never lose an edit ------------------------------------------------------------------


@dataclass
class Outcome:
    """What `save_draft` did, for the command to report."""

    action: str
    """'created', 'replaced', 'kept' (nothing new) or 'beside' (fresh copy written next to it)."""
    path: Path
    written: Path | None = None
    new_items: list[Item] = field(default_factory=list)
    new_entries: list[FeedEntry] = field(default_factory=list)
    edited: list[Path] = field(default_factory=list)
    """Fresh copies from earlier runs that someone has edited since, left as they are."""


def issue_file(newsletters_dir: Path, quarter: Quarter) -> Path:
    """The quarter's issue: the file already there, however its name spells the quarter, or a new one."""
    if newsletters_dir.is_dir():
        for path in sorted(newsletters_dir.glob("*.md")):
            if side_draft(path.name):
                continue
            try:
                if Quarter.parse(path.name[: -len(".md")]) == quarter:
                    return path
            except QuarterError:
                continue
    return newsletters_dir / f"{quarter.slug}.md"


def save_draft(draft: Draft, text: str, newsletters_dir: Path, rel_of, *, force: bool = False) -> Outcome:
    """Write the draft, unless an issue for the quarter exists and `force` is not set.

    Then the issue is left exactly as it is. If items or feed entries have appeared
    that it does not mention, the fresh draft is written beside it as
    `<quarter>.new.md` (which the site never publishes) for the editor to copy from.
    A `.new.md` file someone has edited is never replaced either: the fresh draft
    goes to `<quarter>.new.2.md` (then `.new.3.md` ...) instead.
    """
    target = issue_file(newsletters_dir, draft.quarter)
    if not target.exists():
        _write(target, text)
        return Outcome("created", target, target)
    if force:
        _write(target, text)
        return Outcome("replaced", target, target)
    existing_text, featured = _existing(target, rel_of)
    new_items = [item for item in draft.items if not _mentions_item(existing_text, featured, item)]
    new_entries = [entry for entry in draft.entries if entry.link not in existing_text]
    if not new_items and not new_entries:
        return Outcome("kept", target)
    beside, edited = _free_side_draft(newsletters_dir, draft.quarter)
    _write(beside, stamped(text))
    return Outcome("beside", target, beside, new_items, new_entries, edited)


# The last line of a fresh copy beside an issue. Its check letters are made from the rest of
# the file, so a later run can tell whether anyone has edited it. Letters, not digits, so the
# privacy checks never mistake them for a phone or NHS number.
_STAMP = "<!-- kb newsletter draft wrote this file (check {check}). If you edit it, later drafts go to a new file. -->\n"
_STAMP_LINE = re.compile(r"<!-- kb newsletter draft wrote this file \(check ([a-p]{16})\)\..*-->\n?\Z")
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def _check_letters(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16].translate(_LETTERS)


def stamped(text: str) -> str:
    return text + "\n" + _STAMP.format(check=_check_letters(text))


def untouched(path: Path) -> bool:
    """True if the file is exactly as `kb newsletter draft` wrote it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    match = _STAMP_LINE.search(text)
    if match is None or not text[: match.start()].endswith("\n\n"):
        return False
    return _check_letters(text[: match.start() - 1]) == match.group(1)


def _free_side_draft(newsletters_dir: Path, quarter: Quarter) -> tuple[Path, list[Path]]:
    """The first of `.new.md`, `.new.2.md`, ... that is free or unedited, and the edited ones before it."""
    edited = []
    number = 1
    while True:
        suffix = NEW_SUFFIX if number == 1 else f".new.{number}.md"
        path = newsletters_dir / f"{quarter.slug}{suffix}"
        if not path.exists() or untouched(path):
            return path, edited
        edited.append(path)
        number += 1


def _existing(path: Path, rel_of) -> tuple[str, set[str]]:
    text = path.read_text(encoding="utf-8-sig")
    source, _ = read_source(path, rel_of(path))
    featured = source.meta.get("featured") if source is not None else None
    if isinstance(featured, str):
        featured = [featured]
    return text, {str(value) for value in featured or []}


def _mentions_item(text: str, featured: set[str], item: Item) -> bool:
    if item.id in featured:
        return True
    return f"{item.type}/{item.slug}.md" in text or f"{item.type}/{item.slug}/" in text


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
