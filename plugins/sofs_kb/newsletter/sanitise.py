"""Make HTML from outside feeds safe, with nh3 (the Ammonia sanitiser).

Feeds come from other organisations' servers. Anything we keep from them
loses scripts, event-handler attributes, `javascript:` links, iframes and
every tag not on a short list of harmless ones.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Tags removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form"}
)

_SPACES = re.compile(r"\s+")


def clean_html(fragment: str) -> str:
    """Keep only harmless tags and attributes, and links to http, https and mailto."""
    return nh3.clean(
        fragment or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def to_text(fragment: str) -> str:
    """The words of an HTML fragment on one line, with no markup left."""
    stripped = nh3.clean(fragment or "", tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    return _SPACES.sub(" ", html.unescape(stripped)).strip()


def shorten(text: str, limit: int = 220) -> str:
    """Cut text at a word boundary so it fits on one line of a draft."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"
