"""Read every content folder into validated objects, collecting all problems.

Nothing here knows about MkDocs: the build, `kb check` and the scripts all
call `load_bank` and get the same answer.
"""

from __future__ import annotations

import os
import re
from datetime import date
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, ValidationError

from . import urls
from .model import ITEM_TYPES, Entry, Item, NewsletterIssue, PlanSection, Vocabulary, describe
from .problems import ContentError, Problem, Severity
from .quarters import Quarter, QuarterError
from .repository import check_folders, name_reason, outside_reason
from .settings import Settings
from .sources import ReadError, load_yaml, read_source

MARKDOWN = ".md"


@dataclass
class Bank:
    """Everything the site is built from, for one edition on one day."""

    settings: Settings
    vocabulary: Vocabulary
    plan: list[PlanSection]
    items: list[Item]
    newsletters: list[NewsletterIssue]
    unpublished: list[Entry] = field(default_factory=list)
    media: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def section(self, section_id: str) -> PlanSection | None:
        return next((section for section in self.plan if section.id == section_id), None)


def newest_first(entry: Entry) -> tuple:
    published = getattr(entry, "published", None)
    return (-(published.toordinal() if published else 0), entry.title.lower(), entry.id)


ItemFilter = Callable[[Path], bool]
"""Says whether to read an item file at all; see `load_bank(only=...)`."""

FrontMatter = tuple[dict[str, Any], dict[str, int]]
"""An item file's fields and the line each is on, as the loader read them."""


def load_bank(
    settings: Settings,
    *,
    only: ItemFilter | None = None,
    front_matter: dict[Path, FrontMatter] | None = None,
) -> Bank:
    """Load and validate all content. Raises ContentError listing every error found.

    `only`, for commands that need a slice of the bank (such as one quarter's items),
    skips item files it rejects without reading them; items a newsletter features are
    always read. The build never passes it, so the build always checks everything.

    `front_matter`, if given, is filled with the fields of every item file that could
    be read, by path, so the content checks need not parse them a second time.
    """
    problems: list[Problem] = check_folders(read_folders(settings), settings.project_dir, settings.rel)
    vocabulary = _load_vocabulary(settings, problems)
    plan = _load_plan(settings, problems)
    context = _validation_context(vocabulary, plan)

    entries: list[Entry] = []
    media: list[tuple[Path, str]] = []
    newsletters = _load_newsletters(settings, context, problems)
    entries += _load_items(settings, context, problems, media, _keeper(only, newsletters), front_matter)
    entries += newsletters
    _check_featured(entries, settings, problems)

    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise ContentError(errors)

    visible = [
        entry
        for entry in entries
        if entry.visibility == "public" or settings.edition == "partnership"
    ]
    live = [entry for entry in visible if entry.is_live(settings.today, settings.edition)]
    live_ids = {id(entry) for entry in live}  # by identity: pydantic's == is slow and compares fields
    return Bank(
        settings=settings,
        vocabulary=vocabulary or Vocabulary(audiences={}, localities={}),
        plan=plan,
        items=sorted((e for e in live if isinstance(e, Item)), key=newest_first),
        newsletters=sorted((e for e in live if isinstance(e, NewsletterIssue)), key=newest_first),
        unpublished=[entry for entry in visible if id(entry) not in live_ids],
        media=media,
        warnings=[problem for problem in problems if not problem.is_error],
    )


# --- vocabulary and plan -------------------------------------------------------------------


def load_reference(settings: Settings) -> tuple[Vocabulary, list[PlanSection]]:
    """The vocabulary and the plan sections alone, for work that needs no items.

    Much quicker than load_bank on a large bank. Raises ContentError listing every error.
    """
    problems: list[Problem] = []
    vocabulary = _load_vocabulary(settings, problems)
    plan = _load_plan(settings, problems)
    errors = [problem for problem in problems if problem.is_error]
    if errors or vocabulary is None:
        raise ContentError(errors)
    return vocabulary, plan


def read_folders(settings: Settings) -> list[Path]:
    """The folders whose every file must be an ordinary file inside the repository."""
    return [settings.docs_dir, settings.bank_dir, settings.newsletters_dir, settings.vocabulary_file.parent]


def readable(path: Path, settings: Settings) -> bool:
    """False for a link out of the repository, a pipe or a device: `check_folders` reports them."""
    return outside_reason(path, settings.project_dir) is None


def _load_vocabulary(settings: Settings, problems: list[Problem]) -> Vocabulary | None:
    path = settings.vocabulary_file
    rel = settings.rel(path)
    if not readable(path, settings):
        problems += check_folders([path], settings.project_dir, settings.rel)
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(rel, "file", "is missing. It lists the audiences and localities."))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(rel, "file", f"could not be read ({error})."))
        return None
    try:
        data = load_yaml(text) or {}
    except ReadError as error:
        problems.append(Problem(rel, "file", error.message, line=error.line + 1 if error.line is not None else None))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(rel, "file", f"could not be read ({error}). Check for a missing space after a colon or a missing closing quote."))
        return None
    return _validate(Vocabulary, data, rel, {}, problems, {})


def _load_plan(settings: Settings, problems: list[Problem]) -> list[PlanSection]:
    sections: list[PlanSection] = []
    if not settings.plan_dir.is_dir():
        problems.append(
            Problem(settings.rel(settings.plan_dir), "folder", "is missing. It holds the plan sections.")
        )
        return sections
    for path in sorted(settings.plan_dir.glob(f"*{MARKDOWN}")):
        if path.name == "index.md" or not readable(path, settings):
            continue
        rel = settings.rel(path)
        source, read_problems = read_source(path, rel)
        problems += read_problems
        if source is None:
            continue
        section = _validate(PlanSection, source.meta, rel, {}, problems, source.key_lines)
        if section is None:
            continue
        section.bind(src_uri=path.relative_to(settings.docs_dir).as_posix(), path=rel)
        sections.append(section)

    seen_ids: dict[str, str] = {}
    seen_measures: dict[str, str] = {}
    for section in sections:
        if section.id in seen_ids:
            problems.append(
                Problem(section.path, "id", f"'{section.id}' is also used by {seen_ids[section.id]}.")
            )
        seen_ids.setdefault(section.id, section.path)
        for measure in section.evidence:
            if measure.id in seen_measures and seen_measures[measure.id] != section.path:
                problems.append(
                    Problem(
                        section.path,
                        "evidence",
                        f"the measure id '{measure.id}' is also used by {seen_measures[measure.id]}.",
                    )
                )
            seen_measures.setdefault(measure.id, section.path)
    if not sections and not problems:
        problems.append(
            Problem(settings.rel(settings.plan_dir), "folder", "has no plan section pages.")
        )
    return sorted(sections, key=lambda section: (section.order, section.title))


def _validation_context(vocabulary: Vocabulary | None, plan: list[PlanSection]) -> dict[str, Any]:
    context: dict[str, Any] = {
        "plan_sections": {section.id: section.title for section in plan},
        "evidence": {
            measure.id: measure.title for section in plan for measure in section.evidence
        },
    }
    if vocabulary is not None:
        context["audiences"] = vocabulary.audiences
        context["localities"] = vocabulary.localities
        if vocabulary.tags:
            context["tags"] = {tag: tag for tag in vocabulary.tags}
    context["fingerprint"] = repr(sorted(context.items()))
    return context


# --- items ---------------------------------------------------------------------------------


def _load_items(
    settings: Settings,
    context: dict[str, Any],
    problems: list[Problem],
    media: list[tuple[Path, str]],
    keep: ItemFilter | None = None,
    front_matter: dict[Path, FrontMatter] | None = None,
) -> list[Item]:
    root = settings.bank_dir
    if not root.is_dir():
        problems.append(Problem(settings.rel(root), "folder", "is missing."))
        return []
    items: list[Item] = []
    by_uri: dict[str, Item] = {}
    by_slug: dict[str, Item] = {}
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        path = Path(entry.path)
        if ignored(entry.name) or not readable(path, settings):
            continue
        if entry.is_file():
            if entry.name.endswith(MARKDOWN):
                problems.append(
                    Problem(
                        settings.rel(path),
                        "folder",
                        "items must be inside a type folder: " + ", ".join(ITEM_TYPES) + ".",
                    )
                )
            continue
        model = ITEM_TYPES.get(entry.name)
        if model is None:
            problems.append(
                Problem(
                    settings.rel(path),
                    "folder",
                    f"'{entry.name}' is not a type of item. Use one of: {', '.join(ITEM_TYPES)}.",
                )
            )
            continue
        for item_path, relative in _walk(path):
            if not readable(item_path, settings) or name_reason(item_path.name):
                continue  # reported by check_folders
            if not item_path.name.endswith(MARKDOWN):
                media.append((item_path, urls.bank_media(model.TYPE, relative)))
                continue
            if "/" in relative:
                problems.append(
                    Problem(
                        settings.rel(item_path),
                        "folder",
                        f"items must sit directly in {settings.rel(path)}/, not in a folder inside it.",
                    )
                )
                continue
            if keep is not None and not keep(item_path):
                continue
            item, fields = _load_item(item_path, model, settings, context, problems)
            if fields is not None and front_matter is not None:
                front_matter[item_path] = fields
            if item is None:
                continue
            if _duplicate(item, by_uri, by_slug, problems):
                continue
            items.append(item)
    return items


# Validated items from earlier loads in this process, so a live preview re-reads only the
# files that changed. Keyed by the file's path, modification time and size, and by the
# vocabularies and plan it was checked against.
_ITEM_CACHE: dict[tuple, tuple[Item | None, list[Problem], FrontMatter | None]] = {}


def _load_item(
    path: Path,
    model: type[Item],
    settings: Settings,
    context: dict[str, Any],
    problems: list[Problem],
) -> tuple[Item | None, FrontMatter | None]:
    """The item, or None if it has errors, and its fields if they could be read at all."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = None
    if stat is not None:
        key = (str(path), settings.rel(path), stat.st_mtime_ns, stat.st_size, model.TYPE, context["fingerprint"])
        cached = _ITEM_CACHE.get(key)
        if cached is not None:
            problems += cached[1]
            return cached[0], cached[2]
    found: list[Problem] = []
    item, fields = _read_item(path, model, settings, context, found)
    if fields is not None:
        found = drafts_warn(fields[0], found)
    problems += found
    if key is not None:
        _ITEM_CACHE[key] = (item, found, fields)
    return item, fields


def _read_item(
    path: Path,
    model: type[Item],
    settings: Settings,
    context: dict[str, Any],
    problems: list[Problem],
) -> tuple[Item | None, FrontMatter | None]:
    rel = settings.rel(path)
    source, read_problems = read_source(path, rel)
    problems += read_problems
    if source is None:
        return None, None
    fields = (source.meta, source.key_lines)
    slug = urls.slug_for(path.name[: -len(MARKDOWN)])
    if slug in urls.RESERVED_SLUGS or not slug:
        problems.append(
            Problem(rel, "file name", f"'{path.name}' cannot be used as an item's file name. Choose another.")
        )
        return None, fields
    item = _validate(model, source.meta, rel, context, problems, source.key_lines)
    if not source.body.strip():
        problems.append(Problem(rel, "body", "is empty. Write the item below the front matter."))
        return None, fields
    if item is None:
        return None, fields
    item.bind(slug=slug, path=rel, body=source.body)
    return item, fields


def _duplicate(
    item: Item, by_uri: dict[str, Item], by_slug: dict[str, Item], problems: list[Problem]
) -> bool:
    clash = by_uri.get(item.src_uri)
    if clash is not None:
        problems.append(
            Problem(
                item.path,
                "file name",
                f"gives the same web address as {clash.path} "
                f"(/{item.src_uri.removesuffix('.md')}/). Rename one of them.",
            )
        )
        return True
    clash = by_slug.get(item.slug)
    if clash is not None:
        problems.append(
            Problem(
                item.path,
                "file name",
                f"'{item.slug}' is already used by {clash.path}. Each item needs its own file name, "
                "because newsletters refer to items by it.",
            )
        )
        return True
    by_uri[item.src_uri] = item
    by_slug[item.slug] = item
    return False


# --- newsletters ---------------------------------------------------------------------------


def _load_newsletters(
    settings: Settings, context: dict[str, Any], problems: list[Problem]
) -> list[NewsletterIssue]:
    root = settings.newsletters_dir
    if not root.is_dir():
        return []
    issues: list[NewsletterIssue] = []
    by_quarter: dict[Quarter, NewsletterIssue] = {}
    lines: dict[str, dict[str, int]] = {}
    for path in sorted(root.glob(f"*{MARKDOWN}")):
        if ignored(path.name) or side_draft(path.name):
            continue
        if not readable(path, settings):
            continue  # reported by check_folders
        rel = settings.rel(path)
        try:
            quarter = Quarter.parse(path.name[: -len(MARKDOWN)])
        except QuarterError:
            problems.append(
                Problem(rel, "file name", "must be the issue's quarter, like 2026-q4.md.")
            )
            continue
        source, read_problems = read_source(path, rel)
        problems += read_problems
        if source is None:
            continue
        found: list[Problem] = []
        issue = _validate(NewsletterIssue, source.meta, rel, context, found, source.key_lines)
        problems += drafts_warn(source.meta, found)
        if issue is None:
            continue
        if issue.quarter != quarter:
            problems += drafts_warn(source.meta, [
                Problem(
                    rel,
                    "quarter",
                    f"'{issue.quarter}' does not match the file name. "
                    f"Use {quarter} or rename the file to {issue.quarter.slug}.md.",
                    line=source.line_of("quarter"),
                )
            ])
            continue
        if quarter in by_quarter:
            problems += drafts_warn(source.meta, [
                Problem(rel, "quarter", f"{quarter} already has an issue: {by_quarter[quarter].path}.")
            ])
            continue
        issue.bind(slug=quarter.slug, path=rel, body=source.body)
        by_quarter[quarter] = issue
        issues.append(issue)
        lines[rel] = source.key_lines
    problems += _issues_in_folders(root, settings)
    _check_issue_dates(issues, settings.today, lines, problems)
    _check_issue_numbers(issues, lines, problems)
    return issues


def _issues_in_folders(root: Path, settings: Settings) -> list[Problem]:
    """Issues are read only from newsletters/ itself: one in a folder below would be skipped unseen."""
    return [
        Problem(
            settings.rel(path),
            "file name",
            "is in a folder inside newsletters/, so it is never read or published. "
            "Move it into newsletters/ itself, or delete it.",
        )
        for path in sorted(root.glob(f"*/**/*{MARKDOWN}"))
        if not any(ignored(part) for part in path.relative_to(root).parts) and not side_draft(path.name)
    ]


def _check_issue_dates(
    issues: list[NewsletterIssue], today: date, lines: dict[str, dict[str, int]], problems: list[Problem]
) -> None:
    """A published issue has gone out: its date cannot be in the future, nor before the issue before it.

    The next draft starts from the day the last issue went out, so dates must run forward.
    A draft's planned date gives warnings only.
    """
    for visibility in sorted({issue.visibility for issue in issues}):
        gone_out = None
        for issue in sorted((i for i in issues if i.visibility == visibility), key=lambda i: i.quarter):
            if issue.published is None:
                continue
            if gone_out is not None and issue.published < gone_out.published:
                problems.append(
                    Problem(
                        issue.path,
                        "published",
                        f"{issue.published} is before {gone_out.published}, when the issue before it "
                        f"({gone_out.path}) went out. Set the day this issue goes out.",
                        line=lines[issue.path].get("published"),
                        severity=Severity.WARNING if issue.status == "draft" else Severity.ERROR,
                    )
                )
            if issue.status == "published":
                gone_out = issue
    for issue in issues:
        if issue.status == "published" and issue.published is not None and issue.published > today:
            problems.append(
                Problem(
                    issue.path,
                    "published",
                    f"{issue.published} is in the future (today is {today}). Set the day the issue goes out, "
                    "on or before today, or keep status: draft until then.",
                    line=lines[issue.path].get("published"),
                )
            )


def _check_issue_numbers(issues: list[NewsletterIssue], lines: dict[str, dict[str, int]], problems: list[Problem]) -> None:
    """Issues are numbered one after another, in the order of their quarters.

    Published issues are checked against each other (errors); a draft against the issue
    before it, published or not (a warning), so a draft's number never stops the build.
    Partnership-only issues, if any, are a series of their own.
    """
    for visibility in sorted({issue.visibility for issue in issues}):
        series = sorted((issue for issue in issues if issue.visibility == visibility), key=lambda issue: issue.quarter)
        published = [issue for issue in series if issue.status != "draft"]
        for before, issue in zip(published, published[1:]):
            _check_number(before, issue, Severity.ERROR, lines, problems)
        for before, issue in zip(series, series[1:]):
            if issue.status == "draft":
                _check_number(before, issue, Severity.WARNING, lines, problems)


def _check_number(
    before: NewsletterIssue, issue: NewsletterIssue, severity: Severity, lines: dict[str, dict[str, int]], problems: list[Problem]
) -> None:
    if issue.issue == before.issue + 1:
        return
    if issue.issue == before.issue:
        reason = f"{issue.issue} is already the number of {before.path}. Use {before.issue + 1}."
    elif issue.issue > before.issue:
        reason = (
            f"{issue.issue} skips a number: the issue before it, {before.path}, is issue {before.issue}. "
            f"Use {before.issue + 1}."
        )
    else:
        reason = (
            f"{issue.issue} is lower than the issue before it, {before.path}, which is issue {before.issue}. "
            f"Use {before.issue + 1}."
        )
    problems.append(Problem(issue.path, "issue", reason, line=lines[issue.path].get("issue"), severity=severity))


def _check_featured(entries: list[Entry], settings: Settings, problems: list[Problem]) -> None:
    """Each featured id names an item that is published by the time the issue is.

    A draft issue's problems are warnings: it is still being written.
    """
    items = {entry.id: entry for entry in entries if isinstance(entry, Item)}
    for issue in (entry for entry in entries if isinstance(entry, NewsletterIssue)):
        severity = Severity.WARNING if issue.status == "draft" else Severity.ERROR

        def report(reason: str, level: Severity = severity) -> None:
            problems.append(Problem(issue.path, "featured", reason, severity=level))

        seen: set[str] = set()
        for item_id in issue.featured:
            item = items.get(item_id)
            if item_id in seen:
                report(f"'{item_id}' is listed twice. List each item once.")
                continue
            seen.add(item_id)
            if item is None:
                report(f"'{item_id}' is not an item in the knowledge bank. Use the item's file name without .md.")
            elif item.status == "draft":
                report(
                    f"'{item_id}' is a draft ({item.path}), so the issue cannot feature it. "
                    "Publish the item first, or take it out of featured."
                )
            elif issue.is_live(settings.today, settings.edition) and not item.is_live(settings.today, settings.edition):
                if item.visibility == "partnership" and settings.edition != "partnership":
                    report(f"'{item_id}' is not published in this edition, so it is left out.", Severity.WARNING)
                else:
                    report(
                        f"'{item_id}' is not published until {item.published}, so readers of the issue "
                        "could not open it. Take it out of featured, or publish the issue later."
                    )


# --- helpers -------------------------------------------------------------------------------


def _keeper(only: ItemFilter | None, newsletters: list[NewsletterIssue]) -> ItemFilter | None:
    if only is None:
        return None
    featured = {item_id for issue in newsletters for item_id in issue.featured}
    return lambda path: only(path) or urls.slug_for(path.name[: -len(MARKDOWN)]) in featured


def drafts_warn(meta: dict[str, Any], problems: list[Problem]) -> list[Problem]:
    """An entry marked `status: draft` is not published, so its problems must not stop the build for
    everyone else: they are warnings until it is published. (The privacy checks stay errors.)"""
    if meta.get("status") != "draft":
        return problems
    return [replace(problem, severity=Severity.WARNING) for problem in problems]


def _validate(
    model: type[BaseModel],
    data: dict[str, Any],
    rel: str,
    context: dict[str, Any],
    problems: list[Problem],
    key_lines: dict[str, int],
) -> Any:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        for name, reason in describe(error, model):
            top = name.split(".")[0].split(" ")[0]
            problems.append(Problem(rel, name, reason, line=key_lines.get(top)))
        return None


_SIDE_DRAFT = re.compile(r"\.new(?:\.\d+)?\.md$")


def side_draft(name: str) -> bool:
    """A fresh draft `kb newsletter draft` left beside an issue (`2026-q4.new.md`, `2026-q4.new.2.md`).

    Never published: an editor copies from it into the issue. `kb check` still reads it, and
    reports what it finds as warnings.
    """
    return bool(_SIDE_DRAFT.search(name))


def ignored(name: str) -> bool:
    """Files and folders the loader skips: hidden, '_'-prefixed and read-me files. `kb check` skips them too."""
    return name.startswith((".", "_")) or name.lower() == "readme.md"


def _walk(folder: Path) -> list[tuple[Path, str]]:
    """Every file under a folder, with its path relative to it, in a stable order."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not ignored(d))
        for name in sorted(filenames):
            if ignored(name):
                continue
            path = Path(dirpath, name)
            found.append((path, path.relative_to(folder).as_posix()))
    return found

