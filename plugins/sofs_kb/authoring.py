"""Start new content files: `kb new`. Plain Python, no MkDocs.

A new file has every required field, each filled with a sensible default or
the placeholder REPLACE, which `kb check` rejects until the writer replaces
it. Short comments say what each field is for. A new item starts as a draft.

A file is never overwritten: items get a file name no other item uses, and a
newsletter issue that already exists is left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from slugify import slugify

from . import urls
from .checks.placeholders import MARKER
from .loader import MARKDOWN, ignored, side_draft
from .model import ITEM_TYPES
from .quarters import SEASONS, Quarter, QuarterError
from .settings import Settings
from .sources import load_yaml, read_source

NEWSLETTER = "newsletter"
TYPES: tuple[str, ...] = (*ITEM_TYPES, NEWSLETTER)
SLUG_LENGTH = 60
TITLE_LENGTH = 150
DEFAULT_EDITORS = "Signs of Safety Partnership Steering Group"


class AuthoringError(Exception):
    """The file cannot be made. The message says why and what to do."""


@dataclass
class Choices:
    """The ids a writer may choose from, shown in the new file's comments."""

    plan_sections: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    localities: list[str] = field(default_factory=list)


def new_item(settings: Settings, type_id: str, title: str, today: date) -> Path:
    """Write a new draft item and return its path."""
    if type_id not in ITEM_TYPES:
        raise AuthoringError(f"'{type_id}' is not a type of content. Use one of: {', '.join(TYPES)}.")
    title = _clean_title(title)
    folder = settings.bank_dir / type_id
    path = folder / f"{_free_slug(settings, title)}{MARKDOWN}"
    model = ITEM_TYPES[type_id]
    text = _render(
        f"{type_id}.md",
        type=type_id,
        label=model.LABEL.lower(),
        title=_yaml_text(title),
        today=today.isoformat(),
        review_by=_a_year_after(today).isoformat(),
        choices=_choices(settings),
        path=settings.rel(path),
        marker=MARKER,
    )
    return _write_new(path, text, settings)


def new_newsletter(settings: Settings, today: date, title: str | None = None, quarter: str | None = None) -> Path:
    """Write the next newsletter issue as a draft and return its path."""
    issues = _existing_issues(settings)
    try:
        chosen = Quarter.parse(quarter) if quarter else _next_quarter(issues, today)
    except QuarterError as error:
        raise AuthoringError(f"--quarter: {error}.") from None
    path = settings.newsletters_dir / f"{chosen.slug}{MARKDOWN}"
    # However its file name spells the quarter, the quarter's issue is that file.
    same = [issue for issue in issues if issue["quarter_sort"] == (chosen.year, chosen.number)]
    if path.exists() or same:
        existing = settings.rel(same[0]["path"]) if same else settings.rel(path)
        raise AuthoringError(
            f"{existing} already exists. Edit that file, or choose another quarter with --quarter."
        )
    latest = max(issues, key=lambda issue: issue.get("quarter_sort", (0, 0)), default={})
    # The number follows the issues before this quarter, so issues stay numbered in order.
    earlier = [issue for issue in issues if issue["quarter_sort"] < (chosen.year, chosen.number)]
    number = max((issue.get("issue", 0) for issue in earlier), default=0) + 1
    title = _clean_title(title) if title else f"Signs of Safety news: {SEASONS[chosen.number]} {chosen.year}"
    editors = latest.get("editors") or [DEFAULT_EDITORS]
    text = _render(
        "newsletter.md",
        title=_yaml_text(title),
        issue=number,
        quarter=str(chosen),
        quarter_label=chosen.label,
        editors=_yaml_flow([str(editor) for editor in editors]),
        owner=_yaml_text(str(latest.get("owner") or DEFAULT_EDITORS)),
        path=settings.rel(path),
        marker=MARKER,
    )
    return _write_new(path, text, settings)


# --- names -------------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise AuthoringError("The title is empty. Give the title in quotes, like: kb new tool \"Three houses\"")
    if len(title) > TITLE_LENGTH:
        raise AuthoringError(f"The title is {len(title)} characters long. Keep it to {TITLE_LENGTH} or fewer.")
    return title


def _free_slug(settings: Settings, title: str) -> str:
    """A file name from the title that no item of any type uses, as the loader requires."""
    base = slugify(title, max_length=SLUG_LENGTH, word_boundary=True)
    if not base:
        raise AuthoringError("The title needs some letters or numbers to make a file name from.")
    taken = _taken_slugs(settings) | urls.RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _taken_slugs(settings: Settings) -> set[str]:
    taken: set[str] = set()
    for type_id in ITEM_TYPES:
        folder = settings.bank_dir / type_id
        if folder.is_dir():
            taken |= {urls.slug_for(p.name[: -len(MARKDOWN)]) for p in folder.glob(f"*{MARKDOWN}")}
    return taken


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --- what to offer -----------------------------------------------------------------------------


def _choices(settings: Settings) -> Choices:
    """Best effort: a broken vocabulary or plan page must not stop someone starting a file."""
    choices = Choices()
    try:
        data = load_yaml(settings.vocabulary_file.read_text(encoding="utf-8")) or {}
        choices.audiences = [str(key) for key in (data.get("audiences") or {})]
        choices.localities = [str(key) for key in (data.get("localities") or {})]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        pass
    sections = []
    for path in sorted(settings.plan_dir.glob(f"*{MARKDOWN}")) if settings.plan_dir.is_dir() else []:
        if path.name == "index.md":
            continue
        source, _ = read_source(path, settings.rel(path))
        if source is not None and source.meta.get("id"):
            order = source.meta.get("order")
            sections.append((order if isinstance(order, int) else 99, str(source.meta["id"])))
    choices.plan_sections = [section_id for _, section_id in sorted(sections)]
    return choices


def _existing_issues(settings: Settings) -> list[dict[str, Any]]:
    issues = []
    folder = settings.newsletters_dir
    for path in sorted(folder.glob(f"*{MARKDOWN}")) if folder.is_dir() else []:
        if ignored(path.name) or side_draft(path.name):
            continue
        try:
            quarter = Quarter.parse(path.name[: -len(MARKDOWN)])
        except QuarterError:
            continue
        source, _ = read_source(path, settings.rel(path))
        meta = dict(source.meta) if source is not None else {}
        meta["quarter_sort"] = (quarter.year, quarter.number)
        meta["path"] = path
        if not isinstance(meta.get("issue"), int):
            meta.pop("issue", None)
        issues.append(meta)
    return issues


def _next_quarter(issues: list[dict[str, Any]], today: date) -> Quarter:
    """The quarter after the newest issue, but never one that has already ended."""
    current = Quarter.of(today)
    if not issues:
        return current
    newest = Quarter(*max(issue["quarter_sort"] for issue in issues))
    following = newest.next()
    return following if following > current else current


# --- writing -----------------------------------------------------------------------------------


def _render(template: str, **context: Any) -> str:
    # These templates make YAML and Markdown, not HTML, so escaping would corrupt them.
    # Every value that goes into YAML is quoted by _yaml_text or _yaml_flow instead.
    env = Environment(
        loader=PackageLoader("sofs_kb", "templates/new"),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(template).render(**context)


def _yaml_text(value: str) -> str:
    """A YAML value that reads back as exactly this text; in double quotes only when it must be."""
    try:
        if yaml.safe_load(f"v: {value}") == {"v": value} and "#" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def _yaml_flow(values: list[str]) -> str:
    return "[" + ", ".join(_yaml_text(value) for value in values) + "]"


def _write_new(path: Path, text: str, settings: Settings) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    except FileExistsError:
        raise AuthoringError(f"{settings.rel(path)} already exists. It was not changed.") from None
    return path


__all__ = ["TYPES", "AuthoringError", "new_item", "new_newsletter"]
