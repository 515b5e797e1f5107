"""Link addresses for printed pages, listed once at the end.

A printed page cannot be clicked, so it should say where its links go. Printing each
address after its link crowds the text, and most of all the item's details box, which
is nearly all links. Instead each link in the text gets a number, and the article ends
with a list of the numbered addresses, each address once. The screen never shows the
list; print shows it (see kb.css). Links in the details box and the related items are
left out: the first only lead to lists of items, and print hides the second.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

_LINK = re.compile(r'<a\s([^>]*?)href="([^"#][^"]*)"([^>]*)>')
# Parts of the article whose links are not numbered: the details box, related items.
_SKIPPED = re.compile(r'<aside class="kb-meta"|<section class="kb-related"')


def add_print_addresses(html: str, page_address: str) -> str:
    """Number the article's links to other pages, and list their full addresses at its end."""
    start = html.find("<article")
    end = html.find("</article>", start)
    if start == -1 or end == -1:
        return html

    parts = urlsplit(page_address)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    folder = parts.path if parts.path.endswith("/") else posixpath.dirname(parts.path) + "/"
    numbers: dict[str, int] = {}

    def full(href: str) -> str:
        if "://" in href or not origin:
            return urljoin(page_address, html_lib.unescape(href))
        # Most links are relative paths; joining them by hand is much faster than urljoin.
        path, hash_, fragment = href.partition("#")
        joined = _joined(folder, path) if path else parts.path
        return origin + joined + hash_ + fragment

    def number(match: re.Match) -> str:
        before, href, after = match.groups()
        if "data-print-ref" in before + after or href.startswith(("mailto:", "javascript:")):
            return match.group(0)
        absolute = full(href)
        ref = numbers.setdefault(absolute, len(numbers) + 1)
        return f'<a {before}href="{href}" data-print-ref="{ref}"{after}>'

    article = html[start:end]
    pieces, position = [], 0
    for skipped in _SKIPPED.finditer(article):
        if skipped.start() < position:
            continue
        tag = "</aside>" if skipped.group(0).startswith("<aside") else "</section>"
        close = article.find(tag, skipped.end())
        close = len(article) if close == -1 else close + len(tag)
        pieces.append(_LINK.sub(number, article[position : skipped.start()]))
        pieces.append(article[skipped.start() : close])
        position = close
    pieces.append(_LINK.sub(number, article[position:]))
    listing = ""
    if numbers:
        entries = "".join(f"<li>{html_lib.escape(address, quote=False)}</li>" for address in numbers)
        listing = f'<section class="kb-print-links"><h2>Links in this page</h2><ol>{entries}</ol></section>'
    return html[:start] + "".join(pieces) + listing + html[end:]


@lru_cache(maxsize=65536)
def _joined(folder: str, path: str) -> str:
    """A relative link's path from its page's folder. Cached: pages in one folder share most links."""
    joined = posixpath.normpath(posixpath.join(folder, path))
    return joined + "/" if path.endswith("/") and not joined.endswith("/") else joined
