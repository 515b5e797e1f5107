"""Turn what a writer typed into the text a reader would see, before looking for personal data.

Hiding a name from a checker is easy: split it with `**`, a soft hyphen, a
zero-width space or a line break, or write an `@` as `&#64;`. So every piece of
text is normalised first: HTML entities decoded (twice, for `&amp;#64;`), Unicode
folded (NFKC: full-width digits, non-breaking spaces), invisible characters
dropped, and Markdown and HTML markup taken out. Newlines are kept, so a finding
can still say which line it is on; the rules let a name run over one line break,
but not into the next block (a list item, a heading, a table cell), which starts
with BREAK.

Link addresses, image sources and HTML attribute values are taken out of the
text and returned as separate `Unit`s, with percent-escapes and `+` decoded and
the punctuation of addresses turned into spaces, so `?nhs=943-476-5919` and
`/patient/9434765919` are scanned like any other text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

BREAK = "\x00"
"""Starts a block (list item, table cell, heading, front matter field): no name runs across it."""

_INVISIBLE_CODES = (
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))  # zero-width space, joiners, left-to-right and right-to-left marks
    + list(range(0x202A, 0x202F))  # bidi embeddings and overrides
    + list(range(0x2060, 0x2070))  # word joiner, invisible operators, bidi isolates
    + list(range(0xFE00, 0xFE10))  # variation selectors
)
_INVISIBLE = re.compile("[" + "".join(map(chr, _INVISIBLE_CODES)) + "]")
# Letters from other alphabets that look like Latin ones ("Jаyden" with a Cyrillic а), and
# every kind of dash: a name or number written with them must still be found.
_LOOKALIKE_FROM = "АВЕКМНОРСТУХаеорсухіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧονρ‐‑‒–—―−"
_LOOKALIKES = str.maketrans(_LOOKALIKE_FROM, "ABEKMHOPCTYXaeopcyxijsdqwABEZHIKMNOPTYXovp-------")
_LOOKALIKE = re.compile(f"[{_LOOKALIKE_FROM}]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass(frozen=True)
class Unit:
    """One piece of text to scan, where it came from, and the line it starts on."""

    text: str
    line: int
    where: str
    """What the text is, for messages: 'body', a field name, 'link address', 'file name'..."""
    address: bool = False
    """A link address or file name: names in it are written in lower case, with hyphens."""


def _entity(match: re.Match) -> str:
    decoded = html.unescape(match.group(0))
    return " " if decoded in ("\n", "\r") else decoded


def clean(text: str) -> str:
    """Entities decoded, Unicode folded, invisible characters dropped. Newlines are kept."""
    for _ in range(2):  # '&amp;#64;' is '&#64;' after one pass, and '@' after two
        if "&" not in text:
            break
        text = _ENTITY.sub(_entity, text)
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)))
        if _LOOKALIKE.search(text):
            text = text.translate(_LOOKALIKES)
    return text.replace("\r", "")


def address_text(address: str) -> str:
    """A link address as words: escapes decoded, and / ? & = # : separators made spaces.

    A '+' is a space in a query string, but keep it before digits: 'tel:+447700900123'.
    """
    text = clean(unquote(_PLUS_SPACE.sub(" ", clean(address))))
    return _ADDRESS_PUNCTUATION.sub(" ", text)


_PLUS_SPACE = re.compile(r"(?<=[A-Za-z0-9])\+|\+(?!\d)")


_ADDRESS_PUNCTUATION = re.compile(r"[/?&=#:;,|\\]+")


# --- Markdown and HTML to plain text --------------------------------------------------------------

_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # [text] or ![alt], one level of brackets inside
    r"\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"  # (address
    r"(?:\s+(\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"  # "title")
)
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+(\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$", re.M)
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:|www\.)[^>\s]+)>")
_BARE_URL = re.compile(r"\b(?:(?:https?|ftp|file|tel|sms|mailto):|www\.)[^\s<>\"'`)\]]+", re.I)
# No '<' inside a tag: on text full of unclosed tags each try stops at the next '<'.
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd details div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_ADDRESS_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "cite", "data", "poster", "background", "xlink:href"})
_COMMENT_MARKS = re.compile(r"<!--|-->")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.S)
_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|\\(?=[\\`*_{}\[\]()#+\-.!|~<>])")
_BLOCK_START = re.compile(
    r"^[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?|#{1,6}[ \t]*|>[> \t]*|:[ \t]+|(?:!!!|\?\?\?\+?)[ \t]*[\w-]*|"
    r"-{3,}[ \t]*$|[`~]{3,}[^\n]*$)",
    re.M,
)
_SCHEMA_DATE = re.compile(r"^(?:published|review_by)[ \t]*:[ \t]*(['\"]?)\d{4}-\d{2}-\d{2}\1(?=[ \t]*(?:#|$))", re.M)
_YAML_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?=[ \t]|$)", re.M)
_PLAIN_RELATIVE = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)[A-Za-z0-9_./-]*\.md(?:#[\w-]*)?|#[\w-]*")
_ATTR_LIST = re.compile(r"\{:?[ \t]*[#.][^}\n]*\}")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)


def _keep_lines(text: str) -> str:
    """What replaces a stretch of text: nothing, but as many newlines as it held."""
    return "\n" * text.count("\n")


class _Lines:
    """Line numbers for offsets in a text that is read from start to end, counted once."""

    def __init__(self, text: str, first_line: int):
        self.text, self.offset, self.line = text, 0, first_line

    def at(self, offset: int) -> int:
        if offset < self.offset:
            return self.line - self.text.count("\n", offset, self.offset)
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def markdown_units(text: str, first_line: int, *, yaml: bool = False) -> tuple[str, list[Unit]]:
    """The reader's text of some Markdown (newlines kept), and the addresses and attributes in it.

    With `yaml`, the text is front matter: each field's name starts a block and is not scanned.
    """
    text = clean(text)
    units: list[Unit] = []
    lines = _Lines(text, first_line)

    def address(value: str, start: int, kind: str) -> None:
        # A plain link to another page of the site ('../tool/three-houses.md') names a page
        # whose own file name is scanned; anything else (a picture, a query, a scheme) is read here.
        if value.strip() and not _PLAIN_RELATIVE.fullmatch(value.strip("<>")):
            line = lines.at(start)
            units.append(Unit(address_text(value.strip("<>")), line, kind, address=True))

    def title(value: str | None, start: int, kind: str) -> None:
        if value and len(value) > 2:
            units.append(Unit(value[1:-1], lines.at(start), kind))

    if "]" in text:

        def link(match: re.Match) -> str:
            image = bool(match.group(1))
            address(match.group(3), match.start(), "image address" if image else "link address")
            title(match.group(4), match.start(), "image title" if image else "link title")
            # An image's alt text is read aloud where the image is: keep it in the text.
            return match.group(2) + _keep_lines(match.group(0)[len(match.group(2)) :])

        text = _LINK.sub(link, text)
        lines = _Lines(text, first_line)

        def definition(match: re.Match) -> str:
            address(match.group(1), match.start(), "link address")
            title(match.group(2), match.start(), "link title")
            return BREAK

        text = _REF_DEF.sub(definition, text)
    if "<!--" in text:
        lines = _Lines(text, first_line)

        def comment(match: re.Match) -> str:
            # Hidden on the page, but anyone can read it in the file: scanned on its own.
            units.append(Unit(match.group(1), lines.at(match.start()), "comment"))
            return _keep_lines(match.group(0))

        text = _COMMENT.sub(comment, text)
    if "|" in text and "-" in text:
        units += table_rows(text, first_line)
    if "<" in text:
        lines = _Lines(text, first_line)

        def autolink(match: re.Match) -> str:
            address(match.group(1), match.start(), "link address")
            return " "

        text = _AUTOLINK.sub(autolink, text)
        text = _COMMENT_MARKS.sub(" ", text)
        lines = _Lines(text, first_line)

        def tag(match: re.Match) -> str:
            for attribute in _ATTRIBUTE.finditer(match.group(2)):
                name = attribute.group(1).lower()
                value = next(v for v in attribute.group(2, 3, 4) if v is not None)
                if name in _ADDRESS_ATTRIBUTES:
                    address(value, match.start(), f"{name} address")
                elif value.strip() and name not in ("class", "id", "style", "width", "height", "type", "rel", "lang"):
                    units.append(Unit(clean(value), lines.at(match.start()), f"{name} text"))
            gap = _keep_lines(match.group(0))
            return (BREAK + gap) if match.group(1).lower() in _BLOCK_TAGS else gap

        text = _TAG.sub(tag, text)
    if "://" in text or "www." in text or "tel:" in text or "mailto:" in text:
        lines = _Lines(text, first_line)

        def bare(match: re.Match) -> str:
            address(match.group(0), match.start(), "web address")
            return " "

        text = _BARE_URL.sub(bare, text)
    text = _TABLE_RULE.sub(BREAK, text)
    if yaml:
        # The dates the schema checks are dates and nothing else: leave them out, keeping any comment.
        text = _SCHEMA_DATE.sub(BREAK, text)
        text = _YAML_KEY.sub(BREAK, text)
    text = _BLOCK_START.sub(BREAK, text)
    if "|" in text:
        text = text.replace("|", BREAK)
    if "{" in text:
        text = _ATTR_LIST.sub(" ", text)
    for mark in ("**", "*", "`", "~~", "==", "^^"):
        if mark in text:
            text = text.replace(mark, "")
    if "_" in text or "\\" in text:
        text = _EMPHASIS.sub("", text)
    return text, units


def table_rows(text: str, first_line: int) -> list[Unit]:
    """Each row of a Markdown table as 'heading: cell' pairs, so a column called 'Date of
    birth' or 'Child' gives its cells their meaning."""
    units: list[Unit] = []
    lines = text.split("\n")
    n = 1
    while n < len(lines):
        if not (_TABLE_RULE.fullmatch(lines[n]) and "|" in lines[n - 1]):
            n += 1
            continue
        headings = _cells(lines[n - 1])
        n += 1
        while n < len(lines) and "|" in lines[n] and not _TABLE_RULE.fullmatch(lines[n]):
            pairs = [f"{h}: {c}" for h, c in zip(headings, _cells(lines[n])) if h and c]
            units.append(Unit(BREAK.join(pairs), first_line + n, "table"))
            n += 1
    return units


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def plain_units(text: str, line: int, where: str) -> list[Unit]:
    """A field value or a spreadsheet cell: the text only, cleaned, with any addresses in it."""
    text = clean(text)
    units: list[Unit] = []
    if "://" in text or "www." in text:

        def bare(match: re.Match) -> str:
            units.append(Unit(address_text(match.group(0)), line, f"{where} (web address)", address=True))
            return " "

        text = _BARE_URL.sub(bare, text)
    if "<" in text or "*" in text or "_" in text:
        text, more = markdown_units(text, line)
        units += more
    return [Unit(text, line, where), *units]
