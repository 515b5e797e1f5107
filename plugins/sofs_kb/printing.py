"""Full link addresses for printed pages.

Print stylesheets can show a link's address after its text, but only the
address written in the page, which is relative (`../tool/three-houses/`).
We add each link's full address as `data-print-href` so a printed page says
where every link goes.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_LINK = re.compile(r'<a\s([^>]*?)href="([^"#][^"]*)"([^>]*)>')


def add_print_addresses(html: str, page_address: str) -> str:
    """Add data-print-href to every link in the page's article that is not a same-page anchor."""
    start = html.find("<article")
    end = html.find("</article>", start)
    if start == -1 or end == -1:
        return html

    def full(match: re.Match) -> str:
        before, href, after = match.groups()
        if "data-print-href" in before + after or href.startswith(("mailto:", "javascript:")):
            return match.group(0)
        absolute = urljoin(page_address, href)
        return f'<a {before}href="{href}" data-print-href="{absolute}"{after}>'

    return html[:start] + _LINK.sub(full, html[start:end]) + html[end:]
