"""Small repairs to Material's markup, so every page passes the Nu HTML Checker.

Material 9.8 writes three things the checker rejects, and two hidden checkboxes that
HTML_CodeSniffer finds with no name. Each fix below is an exact text replacement,
cheap enough to run on every page:

- `autocomplete="off"` on its hidden checkbox toggles (only allowed on text-like inputs);
- no name on the `#__search` and `#__toc` toggles (HTML_CodeSniffer H91 and F68): they get
  an `aria-label` (the search toggle stays, as Material's script expects it; it does nothing);
- `tabindex=""` on navigation section labels (must be a number, or absent);
- a "Table of contents" `<label for="__toc">` on pages whose toggle does not exist
  (pages outside the navigation, such as items), which becomes a plain heading span.
"""

from __future__ import annotations

_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def fix_material_markup(html: str) -> str:
    html = html.replace(' type="checkbox" id="__drawer" autocomplete="off">', ' type="checkbox" id="__drawer">')
    html = html.replace(
        ' type="checkbox" id="__search" autocomplete="off">', ' type="checkbox" id="__search" aria-label="Search">'
    )
    html = html.replace(' type="checkbox" id="__toc">', ' type="checkbox" id="__toc" aria-label="Table of contents">')
    html = html.replace(' tabindex="">', ">")
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        start = html.index(_TOC_LABEL)
        end = html.index("</label>", start)
        inner = html[start + len(_TOC_LABEL) : end]
        html = html[:start] + '<span class="md-nav__title">' + inner + "</span>" + html[end + len("</label>") :]
    return html
