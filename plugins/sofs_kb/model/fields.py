"""Reusable field types for front matter, with messages written for non-coders.

Validators raise `PydanticCustomError` so the text people see is ours, not
pydantic's. `errors.describe` turns pydantic's built-in errors into plain
English too.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # 0-9 only, not other scripts' digits
_TAG = re.compile(r"^[a-z0-9][a-z0-9 '\-]*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def fail(message: str, **values: Any) -> PydanticCustomError:
    """Build an error whose message is exactly the text given."""
    return PydanticCustomError("kb", message, values or None)


def _to_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise fail("'{value}' is not a date. Write dates as YYYY-MM-DD, like 2026-03-12.", value=text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail("'{value}' is not a real date. Check the day and the month.", value=text) from None


def _to_list(value: Any) -> Any:
    """Accept a single value where a list is expected: `audience: health`."""
    if isinstance(value, str):
        return [value]
    return value


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _plain_text(value: str) -> str:
    if _HTML_TAG.search(value):
        raise fail("must be plain text, without HTML tags.")
    if "](" in value:
        raise fail("must be plain text, without Markdown links. Put links in the body instead.")
    return value


def _tag(value: str) -> str:
    tag = " ".join(str(value).lower().split())
    if not _TAG.match(tag):
        raise fail(
            "'{value}' is not a tag we can use. Use lower-case words, numbers, spaces and hyphens.",
            value=value,
        )
    return tag


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise fail(
            "'{value}' is not a valid id. Use lower-case letters, numbers and hyphens, like "
            "'staff-survey'.",
            value=value,
        )
    return value


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or "." not in parts.netloc:
        raise fail(
            "'{value}' is not a full web address starting with https://.", value=value
        )
    return value


Text = Annotated[str, BeforeValidator(_clean_text)]
"""A line of text; runs of spaces and line breaks become one space."""

PlainText = Annotated[Text, AfterValidator(_plain_text)]
Date = Annotated[date, BeforeValidator(_to_date)]
Tag = Annotated[str, BeforeValidator(_tag)]
Slug = Annotated[str, AfterValidator(_slug)]
HttpsUrl = Annotated[str, AfterValidator(_https_url)]


def as_list(inner: Any) -> Any:
    """A list field that also accepts a single value."""
    return Annotated[list[inner], BeforeValidator(_to_list)]


def join_words(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def check_terms(
    values: list[str], info: ValidationInfo, vocabulary: str, one: str, many: str
) -> list[str]:
    """Check every value is an id in the named vocabulary, naming all the unknown ones at once."""
    allowed: dict[str, str] = (info.context or {}).get(vocabulary, {})
    if not allowed:
        return values
    unknown = [value for value in values if value not in allowed]
    if unknown:
        listed = join_words([f"'{value}'" for value in unknown])
        verb, noun = ("is not", one) if len(unknown) == 1 else ("are not", many)
        raise fail(
            "{listed} {verb} {noun}. Choose from: {choices}.",
            listed=listed,
            verb=verb,
            noun=noun,
            choices=", ".join(allowed),
        )
    return values
