"""Read every content folder into validated objects, collecting all problems.

Nothing here knows about MkDocs: the build, `kb check` and the scripts all
call `load_bank` and get the same answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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
        problems.append(Problem(rel, "file", f"is not valid YAML ({error})."))
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
    for path in sorted(root.glob(f"*{MARKDOWN}")):
        if ignored(path.name) or path.name.endswith(".new.md"):
            continue  # '.new.md' files are unreviewed drafts beside an issue
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
        issue = _validate(NewsletterIssue, source.meta, rel, context, problems, source.key_lines)
        if issue is None:
            continue
        if issue.quarter != quarter:
            problems.append(
                Problem(
                    rel,
                    "quarter",
                    f"'{issue.quarter}' does not match the file name. "
                    f"Use {quarter} or rename the file to {issue.quarter.slug}.md.",
                    line=source.line_of("quarter"),
                )
            )
            continue
        if quarter in by_quarter:
            problems.append(
                Problem(rel, "quarter", f"{quarter} already has an issue: {by_quarter[quarter].path}.")
            )
            continue
        issue.bind(slug=quarter.slug, path=rel, body=source.body)
        by_quarter[quarter] = issue
        issues.append(issue)
    return issues


def _check_featured(entries: list[Entry], settings: Settings, problems: list[Problem]) -> None:
    items = {entry.id: entry for entry in entries if isinstance(entry, Item)}
    for issue in (entry for entry in entries if isinstance(entry, NewsletterIssue)):
        for item_id in issue.featured:
            item = items.get(item_id)
            if item is None:
                problems.append(
                    Problem(
                        issue.path,
                        "featured",
                        f"'{item_id}' is not an item in the knowledge bank. "
                        "Use the item's file name without .md.",
                    )
                )
            elif not item.is_live(settings.today, settings.edition) and issue.is_live(
                settings.today, settings.edition
            ):
                problems.append(
                    Problem(
                        issue.path,
                        "featured",
                        f"'{item_id}' is not published in this edition, so it is left out.",
                        severity=Severity.WARNING,
                    )
                )


# --- helpers -------------------------------------------------------------------------------


def _keeper(only: ItemFilter | None, newsletters: list[NewsletterIssue]) -> ItemFilter | None:
    if only is None:
        return None
    featured = {item_id for issue in newsletters for item_id in issue.featured}
    return lambda path: only(path) or urls.slug_for(path.name[: -len(MARKDOWN)]) in featured


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

