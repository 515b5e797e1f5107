"""The Jinja2 environment for newsletter templates (drafts, Atom feeds, email).

HTML and XML templates are autoescaped. Markdown templates are not, because
HTML escaping would fill the editor's draft with `&#39;`; instead every
outside value goes through the `md` filter, which escapes what Markdown
would treat as markup or raw HTML.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..view import long_date

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "newsletter"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_SAFE_URL_CHARACTERS = ":/?#@!$&'*+,;=%~-._"


def markdown_text(value: object) -> str:
    """Text that Markdown shows as written: no links, emphasis or HTML can sneak in."""
    text = " ".join(str(value).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


def markdown_url(value: str) -> str:
    """A link destination that cannot break out of `[text](...)`."""
    return quote(value.strip(), safe=_SAFE_URL_CHARACTERS)


def yaml_value(value: object) -> str:
    """A front matter value on one line, quoted when YAML needs it."""
    if isinstance(value, tuple):
        value = list(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    return text.strip().removesuffix("...").strip()


def event_time(moment: datetime) -> str:
    """'Tuesday 12 January 2027, 9:30am'."""
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{moment:%A} {long_date(moment.date())}, {hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def iso_timestamp(day: date | datetime) -> str:
    """RFC 3339, as Atom needs: midnight UTC for a plain date."""
    if isinstance(day, datetime):
        return day.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{day.isoformat()}T00:00:00Z"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=markdown_text,
        md_url=markdown_url,
        yaml=yaml_value,
        long_date=long_date,
        event_time=event_time,
        iso=iso_timestamp,
    )
    return env


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
