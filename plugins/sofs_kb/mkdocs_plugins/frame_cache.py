"""Parts of Material's page frame that many pages share, rendered once per build.

Rendering templates is the largest part of a build, and much of it is Material's frame
around the article. Two parts of that frame are the same on many pages:

- the navigation, on every page outside it (all knowledge-bank items): nothing in it is
  marked as current, and its links are relative, so it is the same for every page in
  one folder;
- the JSON settings block, which differs only by the relative path to the site root.

Templates wrap those parts in `{% call kb_frame("nav") %}...{% endcall %}`. The cache
is made afresh for each build, so a preview rebuild never shows an old navigation.
"""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.structure.nav import Navigation


class FrameCache:
    def __init__(self, nav: Navigation) -> None:
        self._parts: dict[tuple[str, str], Markup] = {}
        # Every page in the navigation, by address, and every folder that holds one.
        self._nav_prefixes = {""}
        for page in nav.pages:
            parts = page.url.split("/")
            self._nav_prefixes.update("/".join(parts[:depth]) + "/" for depth in range(1, len(parts)))
            self._nav_prefixes.add(page.url)

    def key(self, part: str, context: Context) -> str | None:
        """What the part's HTML depends on, or None when it must be rendered for this page."""
        if part == "config":
            return context.get("base_url")
        page = context.get("page")
        # A page in the navigation is marked in it as current; and a navigation link into
        # a page's own folder is written differently from that page than from its neighbours.
        if part != "nav" or page is None or page.url in self._nav_prefixes:
            return None
        return page.url.rstrip("/").rpartition("/")[0]

    @pass_context
    def __call__(self, context: Context, part: str, caller) -> Markup:
        key = self.key(part, context)
        if key is None:
            return caller()
        html = self._parts.get((part, key))
        if html is None:
            html = self._parts[(part, key)] = caller()
        return html
