"""Text from content, made safe for GitHub to render as Markdown. Standard library only.

`kb check --format markdown` and the pull-request workflows' scripts (in
.github/scripts/, which run without installing the project) both show content's
words on GitHub: in a job summary or a pull-request comment. A title or a link in
a page must show there as plain words, never become a link, an image, HTML, an
@mention or a reference to another issue.
"""

from __future__ import annotations

import html
import re

# Punctuation that could start a link, an image, emphasis, code or a table cell inside
# a line. Our text never starts a line, so list and heading markers need nothing;
# < > and & become HTML entities.
_MARKDOWN = re.compile(r"([\\`*_\[\]!|~])")
# GitHub links these by itself: @team, #12, https://... and www.example. A word joiner
# (U+2060) after the first character looks the same and stops the link.
_WORD_JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(@|#|:(?=//)|\bwww(?=\.))", re.IGNORECASE)


def escape(text: str) -> str:
    """Plain words on one line, whatever the text holds."""
    text = " ".join(text.split())
    text = _AUTOLINKS.sub(lambda match: match.group(1) + _WORD_JOINER, text)
    text = html.escape(text, quote=False)
    return _MARKDOWN.sub(r"\\\1", text)


def link(url: str, words: str) -> str:
    """A link to one of our own addresses; `words` must already be safe Markdown."""
    return f"[{words}](<{url}>)"


def code(text: str) -> str:
    """A short name of our own (a path, a rule) in code style, if it is plain enough to be safe."""
    if re.fullmatch(r"[A-Za-z0-9._/ :=-]+", text):
        return f"`{text}`"
    return escape(text)
