"""Review packs for the bi-monthly meetings of the Superleaders group and the steering group. No MkDocs.

`kb review pack --group superleaders --date 2027-01-12` lists, for the Superleaders:

- items due for review in the two months after the meeting, by owner;
- items past their review date;
- items new or changed since the group's previous meeting (by default two months
  before): new ones by their `published` date, changed ones from the git history;
- the least used resources since the previous meeting, and items never visited;
- training feedback: the evaluation scores of dates held since the previous meeting.

`--group steering` lists implementation progress by plan section, training delivery
against the targets, the newsletter's state and the measures that are not on track.
The pack is Markdown to paste into the minutes, or an HTML page.
"""

from __future__ import annotations

import calendar
import html
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader

from .. import formatting
from ..model import Item, NewsletterIssue
from ..newsletter.templating import markdown_text, markdown_url
from ..training.events import Event
from ..training.plan_year import Month
from ..project_config import SiteConfig
from .board import PACKAGE, site_filters
from .project import ImpactProject
from .report import ImpactReport, OwnerGroup, _by_owner
from .resource_use import ResourceUse, load_resource_use

GROUPS = ("superleaders", "steering")
GROUP_NAMES = {"superleaders": "Superleaders group", "steering": "Signs of Safety Partnership Steering Group"}
AHEAD_MONTHS = 2


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (negative: later), or that month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Change:
    item: Item
    new: bool


@dataclass
class ReviewPack:
    group: str
    day: date
    since: date
    report: ImpactReport
    due: list[OwnerGroup] = field(default_factory=list)
    overdue: list[OwnerGroup] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    changes_known: bool = True
    """False when the git history could not be read, so only new items are listed."""
    usage: ResourceUse | None = None
    feedback: list[Event] = field(default_factory=list)
    draft_issues: list[NewsletterIssue] = field(default_factory=list)

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self.group]

    @property
    def due_until(self) -> date:
        return months_before(self.day, -AHEAD_MONTHS)

    @property
    def feedback_average(self) -> float | None:
        scored = [event for event in self.feedback if event.evaluation is not None and event.attended]
        weight = sum(event.attended or 0 for event in scored)
        return sum((event.evaluation or 0) * (event.attended or 0) for event in scored) / weight if weight else None

    @property
    def new_items(self) -> list[Item]:
        return [change.item for change in self.changes if change.new]

    @property
    def changed_items(self) -> list[Item]:
        return [change.item for change in self.changes if not change.new]

    def new_in_section(self, section_id: str) -> int:
        return sum(1 for item in self.new_items if section_id in item.plan_sections)


def review_pack(project: ImpactProject, group: str, day: date, since: date | None = None) -> ReviewPack:
    since = since or months_before(day, AHEAD_MONTHS)
    report = project.report(project.plan_year(day=day), as_of=day)
    items = [item for item in project.bank.items if item.published <= day]
    pack = ReviewPack(group, day, since, report)
    if group == "superleaders":
        until = pack.due_until
        pack.due = _by_owner([item for item in items if day <= item.review_by <= until])
        pack.overdue = _by_owner([item for item in items if item.review_by < day])
        pack.changes, pack.changes_known = _changes(project, items, since, day)
        pack.usage = load_resource_use(
            project.bank, project.config.project_dir / project.options.usage_dir,
            Month.of(since).first_day, day, project.options.list_length, project.config.use_directory_urls,
        )
        if project.training is not None:
            pack.feedback = [
                event for event in project.training.events
                if event.status == "delivered" and since < event.first_day <= day
            ]
    else:
        pack.changes = [Change(item, True) for item in items if since < item.published <= day]
        pack.draft_issues = [entry for entry in project.bank.unpublished if isinstance(entry, NewsletterIssue)]
    return pack


def _changes(project: ImpactProject, items: list[Item], since: date, day: date) -> tuple[list[Change], bool]:
    """New items by their published date; changed ones from git, for files committed in the window."""
    new = [Change(item, True) for item in items if since < item.published <= day]
    fresh = {change.item.id for change in new}
    settings = project.bank.settings
    touched = _git_changed(settings.project_dir, settings.bank_dir, since, day)
    if touched is None:
        return _sorted(new), False
    by_path = {item.path: item for item in items}
    changed = [Change(by_path[path], False) for path in sorted(touched) if path in by_path and by_path[path].id not in fresh]
    return _sorted(new + changed), True


def _sorted(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda change: (not change.new, change.item.title.lower()))


def _git_changed(project_dir: Path, bank_dir: Path, since: date, day: date) -> set[str] | None:
    """Files under the bank committed after `since` and by the end of `day`, relative to the project.
    None when this is not a git checkout (or git is missing)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=project_dir, capture_output=True,
                             text=True, timeout=30)
        if top.returncode != 0:
            return None
        log = subprocess.run(
            ["git", "log", f"--since={since.isoformat()} 23:59:59", f"--until={day.isoformat()} 23:59:59",
             "--name-only", "--format=", "--", str(bank_dir)],
            cwd=project_dir, capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if log.returncode != 0:
        return None
    root = Path(top.stdout.strip()).resolve()
    found = set()
    for line in log.stdout.splitlines():
        if line.strip():
            path = (root / line.strip()).resolve()
            try:
                found.add(path.relative_to(project_dir.resolve()).as_posix())
            except ValueError:
                continue
    return found


def render(pack: ReviewPack, output_format: str, config: SiteConfig) -> str:
    """The pack as Markdown for the minutes, or ("html") as a page made from that Markdown."""
    env = Environment(loader=FileSystemLoader(str(PACKAGE / "templates" / "impact")), autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(
        **site_filters(config),
        md=markdown_text,
        md_cell=lambda value: markdown_text(value).replace("|", "\\|"),
        md_url=markdown_url,
    )
    text = env.get_template("review.md.j2").render(pack=pack, report=pack.report)
    text = re.sub(r"\n{3,}", "\n\n", text)
    if output_format == "markdown":
        return text
    body = _scrolling_tables(markdown.markdown(text, extensions=["tables"], output_format="html"))
    page = Environment(loader=FileSystemLoader(str(PACKAGE / "templates" / "impact")), autoescape=True)
    title = f"{pack.group_name}: review pack for {formatting.long_date(pack.day)}"
    return page.get_template("review.html").render(title=title, body=body)


def _scrolling_tables(body: str) -> str:
    """Each table in a box that scrolls sideways by itself on a phone, so the page never does
    (WCAG 1.4.10, reflow). The box can take the keyboard's focus, and is named after its heading."""
    heading = "Table"
    out = []
    for piece in re.split(r"(<h[1-6][^>]*>.*?</h[1-6]>|<table>|</table>)", body, flags=re.S):
        if piece.startswith("<h"):
            heading = html.unescape(re.sub(r"<[^>]+>", "", piece)).strip() or heading
        elif piece == "<table>":
            piece = f'<div class="pack-table" role="region" tabindex="0" aria-label="{html.escape(heading)}"><table>'
        elif piece == "</table>":
            piece = "</table></div>"
        out.append(piece)
    return "".join(out)
