"""Just enough Markdown reading for the checks, keeping every line number.

Rendering each page with Python-Markdown would be exact but slow, and would
lose the line numbers writers need. These scanners follow the Markdown the
site uses (Python-Markdown with attr_list, admonition, tables, def_list and
toc): fenced code, HTML comments, headings and their ids, links and images,
and the plain text a reader sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property

from markdown.extensions.toc import slugify, unique

Lines = list[tuple[int, str]]

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Python-Markdown, unlike CommonMark, needs no space after the hashes.
_ATX = re.compile(r"^\s*(#{1,6})(?!#)\s*(.+?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ATTR_LIST = re.compile(r"\s*\{:?([^}]*)\}\s*$")
_ATTR_ID = re.compile(r"#([\w-]+)")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*?\bid\s*=\s*["']([^"']+)["']""")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*(?:\s+\"(.*)\")?\s*$")
_RULE_LINE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_REF_DEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*[\"')])?\s*$")
_DEF_ITEM = re.compile(r"^\s*:\s+")
# A list item that starts with a bold or linked title, then ':' or a spaced dash, then a summary:
# "- **[Three houses](tool/three-houses.md)**: a way to hear a child's worries". The title may be
# followed by a note in brackets, "(Practice research, 7 October 2026)".
_LEAD_IN = re.compile(
    r"^((?:\*\*|__)?\[[^\]]+\]\((?:[^()]|\([^)]*\))*\)(?:\*\*|__)?|\*\*[^*]+\*\*|__[^_]+__)"
    r"(\s*\([^)]*\))?\s*(?::|\s[\u2014\u2013-])\s+(?=\S)"
)
_QUOTE = re.compile(r"^\s*>\s?")

# Links and images. Link text may hold one level of brackets, such as an image.
_TEXT = r"((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)"
_TARGET = r"\s*(<[^>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*"
_INLINE = re.compile(r"(!?)\[" + _TEXT + r"\]\(" + _TARGET + r"\)")
_REFERENCE = re.compile(r"(!?)\[" + _TEXT + r"\]\[([^\]]*)\]")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>")
_HTML_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")

# Turning Markdown into the words a reader sees.
_IMAGE_INLINE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK_INLINE = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]*)\]\[[^\]]*\]")
_URL = re.compile(r"<?\b(?:https?|mailto|ftp):[^\s>)]+>?")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*{1,3}|\b_{1,3}|_{1,3}\b)")
_SPACES = re.compile(r"\s+")


@dataclass
class Link:
    line: int
    target: str
    text: str
    image: bool = False
    alt: str | None = None
    """An image's alt text; None when an HTML image has no alt attribute at all."""


@dataclass
class Block:
    """A paragraph, heading, list item or table cell, as plain text with its lines."""

    lines: Lines
    name: bool = False
    """The title a "title: summary" list item starts with: the name of a page or a thing, not prose."""

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @cached_property
    def text(self) -> str:
        joined = " ".join(text for _, text in self.lines if text)
        if len(self.lines) > 1 and "](" in joined:
            joined = inline_text(joined)  # a link written across two lines
        return joined

    def line_at(self, offset: int) -> int:
        """The line a character of `text` came from."""
        position = 0
        for number, text in self.lines:
            if not text:
                continue
            position += len(text) + 1
            if offset < position:
                return number
        return self.lines[-1][0]


# --- what is visible --------------------------------------------------------------------------


def visible_lines(lines: Lines) -> Lines:
    """Blank out fenced code and HTML comments, keeping every line in place."""
    out: Lines = []
    fence: str | None = None
    in_comment = False
    for number, line in lines:
        if fence is not None:
            match = _FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append((number, ""))
            continue
        if not in_comment:
            match = _FENCE.match(line)
            if match:
                fence = match.group(1)
                out.append((number, ""))
                continue
        text, in_comment = _blank_comments(line, in_comment)
        out.append((number, text))
    return out


def _blank_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    kept = []
    rest = line
    while rest:
        if in_comment:
            end = rest.find("-->")
            if end < 0:
                return "".join(kept), True
            rest = rest[end + 3 :]
            in_comment = False
        else:
            start = rest.find("<!--")
            if start < 0:
                kept.append(rest)
                break
            kept.append(rest[:start])
            rest = rest[start + 4 :]
            in_comment = True
    return "".join(kept), in_comment


def without_code_spans(text: str) -> str:
    """Inline code is not a link or a heading id; keep its length so offsets still match."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


# --- headings and anchors ---------------------------------------------------------------------


def headings(lines: Lines) -> list[tuple[int, str, str | None]]:
    """(line, heading text, explicit id or None) for every ATX and setext heading."""
    found = []
    previous: tuple[int, str] | None = None
    for number, line in lines:
        match = _ATX.match(line)
        if match:
            found.append((number, *_heading_text(match.group(2))))
            previous = None
            continue
        if (
            previous is not None
            and previous[1].strip()
            and _SETEXT.match(line)
            and not _LIST_ITEM.match(previous[1])
            and not (_TABLE_RULE.match(line) and "|" in line)
        ):
            found.append((previous[0], *_heading_text(previous[1].strip())))
            previous = None
            continue
        previous = (number, line)
    return found


def _heading_text(text: str) -> tuple[str, str | None]:
    explicit = None
    attrs = _ATTR_LIST.search(text)
    if attrs:
        ids = _ATTR_ID.findall(attrs.group(1))
        explicit = ids[-1] if ids else None
        text = text[: attrs.start()]
    return text, explicit


def anchors(lines: Lines) -> set[str]:
    """Every id a link can jump to on this page: headings as toc makes them, and explicit ids."""
    found: set[str] = set()
    for _, line in lines:
        for match in _HTML_ID.finditer(line):
            found.add(match.group(1))
        attrs = _ATTR_LIST.search(line)
        if attrs and not _ATX.match(line):
            found.update(_ATTR_ID.findall(attrs.group(1)))
    for _, text, explicit in headings(lines):
        if explicit:
            found.add(explicit)
        else:
            unique(slugify(inline_text(text), "-"), found)
    return found


# --- links and images -------------------------------------------------------------------------


def paragraphs(lines: Lines) -> list[Lines]:
    """Runs of non-blank lines, so a link written across two lines is still found."""
    runs: list[Lines] = []
    current: Lines = []
    for number, line in lines:
        if line.strip():
            current.append((number, line))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def links(lines: Lines) -> list[Link]:
    """Every link and image in visible lines, with reference links resolved."""
    definitions: dict[str, tuple[int, str]] = {}
    for number, line in lines:
        match = _REF_DEF.match(line)
        if match:
            definitions.setdefault(match.group(1).strip().lower(), (number, match.group(2)))
    found: list[Link] = []
    for run in paragraphs(lines):
        text = "\n".join(without_code_spans(line) for _, line in run)
        starts = [number for number, _ in run]

        def line_of(offset: int) -> int:
            return starts[text.count("\n", 0, offset)]

        taken: list[tuple[int, int]] = []
        for match in _INLINE.finditer(text):
            image = bool(match.group(1))
            found.append(
                Link(line_of(match.start()), match.group(3).strip("<>"), match.group(2), image, match.group(2) if image else None)
            )
            # An image inside a link's text is an image too.
            for inner in _INLINE.finditer(match.group(2)):
                if inner.group(1):
                    found.append(Link(line_of(match.start()), inner.group(3).strip("<>"), inner.group(2), True, inner.group(2)))
            taken.append(match.span())
        for match in _REFERENCE.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            name = (match.group(3) or match.group(2)).strip().lower()
            if name in definitions:
                image = bool(match.group(1))
                found.append(
                    Link(line_of(match.start()), definitions[name][1], match.group(2), image, match.group(2) if image else None)
                )
        for match in _AUTOLINK.finditer(text):
            found.append(Link(line_of(match.start()), match.group(1), match.group(1)))
        for match in _HTML_HREF.finditer(text):
            found.append(Link(line_of(match.start()), match.group(1), ""))
        for match in _HTML_IMG.finditer(text):
            attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _HTML_ATTR.finditer(match.group(0))}
            found.append(Link(line_of(match.start()), attrs.get("src", ""), "", True, attrs.get("alt")))
    return found


# --- plain text -------------------------------------------------------------------------------


def inline_text(text: str) -> str:
    """The words of one line of Markdown, as a reader sees them."""
    text = _CODE_SPAN.sub(lambda m: m.group(2), text)
    text = _IMAGE_INLINE.sub("", text)
    text = _LINK_INLINE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _TAG.sub("", text)
    text = _URL.sub("", text)
    attrs = _ATTR_LIST.search(text)
    if attrs:
        text = text[: attrs.start()]
    text = _EMPHASIS.sub("", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()


def prose_blocks(lines: Lines) -> list[Block]:
    """Split visible lines into blocks of plain text: each heading, paragraph, list item and cell."""
    blocks: list[Block] = []
    current: Lines = []

    def close() -> None:
        if current:
            blocks.append(Block(list(current)))
            current.clear()

    previous_blank = True
    for number, line in lines:
        if not line.strip():
            close()
            previous_blank = True
            continue
        if _REF_DEF.match(line) or _TABLE_RULE.match(line) and "|" in line:
            previous_blank = False
            continue
        if _RULE_LINE.match(line) or (_SETEXT.match(line) and not previous_blank):
            close()  # a setext underline ends the heading above it
            previous_blank = False
            continue
        heading = _ATX.match(line)
        admonition = _ADMONITION.match(line)
        if heading or admonition:
            close()
            title = heading.group(2) if heading else (admonition.group(1) or "")
            text = inline_text(_heading_text(title)[0])
            if text:
                blocks.append(Block([(number, text)]))
            previous_blank = False
            continue
        line = _QUOTE.sub("", line)
        if "|" in line and line.strip().startswith("|"):
            close()
            for cell in line.strip().strip("|").split("|"):
                text = inline_text(cell)
                if text:
                    blocks.append(Block([(number, text)]))
            previous_blank = False
            continue
        if _LIST_ITEM.match(line) or _DEF_ITEM.match(line):
            close()
            line = _DEF_ITEM.sub("", _LIST_ITEM.sub("", line, count=1), count=1)
            lead_in = _LEAD_IN.match(line)
            if lead_in:
                # Judged as two sentences: the title on its own, then the summary.
                title = inline_text(lead_in.group(1) + (lead_in.group(2) or ""))
                if title:
                    blocks.append(Block([(number, title)], name=True))
                line = line[lead_in.end() :]
        text = inline_text(line)
        if text:
            current.append((number, text))
        previous_blank = False
    close()
    return blocks
