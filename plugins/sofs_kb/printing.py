"""Full link addresses for printed pages.

Print stylesheets can show a link's address after its text, but only the
address written in the page, which is relative (`../tool/three-houses/`).
We add each link's full address as `data-print-href` so a printed page says
where every link goes.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

_LINK = re.compile(r'<a\s([^>]*?)href="([^"#][^"]*)"([^>]*)>')


def add_print_addresses(html: str, page_address: str) -> str:
    """Add data-print-href to every link in the page's article that is not a same-page anchor."""
    start = html.find("<article")
    end = html.find("</article>", start)
    if start == -1 or end == -1:
        return html

    parts = urlsplit(page_address)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    folder = parts.path if parts.path.endswith("/") else posixpath.dirname(parts.path) + "/"

    def full(match: re.Match) -> str:
        before, href, after = match.groups()
        if "data-print-href" in before + after or href.startswith(("mailto:", "javascript:")):
            return match.group(0)
        if "://" in href or not origin:
            absolute = urljoin(page_address, href)
        else:
            # Most links are relative paths; joining them by hand is much faster than urljoin.
            path, hash_, fragment = href.partition("#")
            joined = _joined(folder, path) if path else parts.path
            absolute = origin + joined + hash_ + fragment
        return f'<a {before}href="{href}" data-print-href="{absolute}"{after}>'

    return html[:start] + _LINK.sub(full, html[start:end]) + html[end:]


@lru_cache(maxsize=65536)
def _joined(folder: str, path: str) -> str:
    """A relative link's path from its page's folder. Cached: pages in one folder share most links."""
    joined = posixpath.normpath(posixpath.join(folder, path))
    return joined + "/" if path.endswith("/") and not joined.endswith("/") else joined
