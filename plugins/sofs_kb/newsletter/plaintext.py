"""Turn the email's sanitised HTML into a readable plain-text alternative.

Some people read email as plain text, and some mail systems show only that
part. Headings are underlined, lists keep their bullets and numbers, and
every link is written out in full after its text.
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser

WIDTH = 72
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "blockquote", "pre", "hr", "dl", "dt", "dd"}
_UNDERLINE = {"h1": "=", "h2": "-", "h3": "~"}


class _TextMaker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.lists: list[list] = []  # [kind, counter]
        self.links: list[str | None] = []
        self.heading: str | None = None
        self.quote = 0
        self.pre = False
        self.cells: list[str] = []
        self.tight: set[int] = set()  # blocks that sit right under the one before (list items, rows)

    # --- blocks ---------------------------------------------------------------------------

    def flush(self) -> None:
        text = "".join(self.line)
        self.line = []
        if self.pre:
            if text.strip("\n"):
                self.blocks.append(text.strip("\n"))
            return
        text = " ".join(text.split())
        if not text:
            return
        indent = "  " * max(len(self.lists) - 1, 0)
        prefix = "> " * self.quote
        if self.heading in _UNDERLINE:
            self.blocks.append(f"{text}\n{_UNDERLINE[self.heading] * min(len(text), WIDTH)}")
            return
        if self.heading:
            self.blocks.append(text)
            return
        bullet = ""
        if self.lists and self.lists[-1][2]:
            kind = self.lists[-1]
            bullet = "- " if kind[0] == "ul" else f"{kind[1]}. "
            kind[2] = False
        lead = prefix + indent + bullet
        rest = prefix + indent + " " * len(bullet)
        wrapped = textwrap.fill(
            text, WIDTH, initial_indent=lead, subsequent_indent=rest,
            break_long_words=False, break_on_hyphens=False,
        )
        self.blocks.append(wrapped)
        if self.lists:
            self.tight.add(len(self.blocks) - 1)

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag in _BLOCKS:
            self.flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0, False])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            self.lists[-1][2] = True
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = tag
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre = True
        elif tag == "hr":
            self.blocks.append("-" * 20)
        elif tag == "br":
            self.line.append("\n" if self.pre else " ")
        elif tag == "a":
            self.links.append(attributes.get("href"))
            self.line.append("\x00")  # marks where the link text starts
        elif tag == "img":
            alt = (attributes.get("alt") or "").strip()
            if alt:
                self.line.append(f"[Image: {alt}]")
        elif tag in ("td", "th"):
            self.cells.append("")
            self.line.append("\x01")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            joined = "".join(self.line)
            start = joined.rfind("\x00")
            label = joined[start + 1 :]
            self.line = [joined[:start] + label]
            shown = (href or "").removeprefix("mailto:")
            if shown and " ".join(label.split()) != shown:
                self.line.append(f" ({shown})")
            return
        if tag in ("td", "th"):
            return
        if tag == "tr":
            cells = "".join(self.line).split("\x01")[1:]
            self.line = [" | ".join(" ".join(cell.split()) for cell in cells)]
            self.flush()
            self.tight.add(len(self.blocks) - 1)
            return
        if tag in _BLOCKS:
            self.flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = None
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
        elif tag == "pre":
            self.pre = False

    def handle_data(self, data: str) -> None:
        self.line.append(data)


def html_to_text(fragment: str) -> str:
    maker = _TextMaker()
    maker.feed(fragment)
    maker.close()
    maker.flush()
    parts: list[str] = []
    for number, block in enumerate(maker.blocks):
        if parts:
            parts.append("\n" if number in maker.tight and number - 1 in maker.tight else "\n\n")
        parts.append(block)
    return "".join(parts) + "\n"
