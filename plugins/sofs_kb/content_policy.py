"""The Content-Security-Policy every page carries: a second line of defence.

Templates escape what they print and page bodies are cleaned (safe_html.py), so no
script should reach a page from content. If one ever did, this policy stops the
browser running it or loading anything from another host:

- scripts only from the site's own files: no inline script, no event handler, no
  eval; WebAssembly is allowed, because Pagefind's search runs on it;
- styles only from the site's style sheets, plus the few text-align values the
  Markdown tables extension writes on table cells (allowed by their hashes);
- images, fonts, fetches and everything else from the site itself, images also as
  data: addresses (Material draws icons that way); no plugins, frames or forms
  sending elsewhere.

It is a <meta> tag, since a static host may let us set no headers; so
`frame-ancestors` and reporting, which only work as headers, are left out.
Plain Python, no MkDocs.
"""

from __future__ import annotations

import base64
import hashlib

# The style attributes the page cleaner lets through (safe_html.STYLE_PROPERTIES),
# written the way it writes them.
ALIGNMENTS = ("left", "center", "right", "justify", "start", "end")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(preview: bool = False) -> str:
    """The policy text. `preview` allows inline scripts, for the live-reload script
    `mkdocs serve` adds to each page; published pages never get it."""
    scripts = "'self' 'wasm-unsafe-eval'" + (" 'unsafe-inline'" if preview else "")
    styles = "'self' 'unsafe-hashes' " + " ".join(_hash(f"text-align:{side}") for side in ALIGNMENTS)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )
