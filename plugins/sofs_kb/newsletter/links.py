"""Absolute web addresses for pages, built from the site's `site_url`.

Atom feeds and emails are read away from the site, so every link in them
must be absolute. The rules match MkDocs': `a/index.md` is `a/`, and `a/b.md`
is `a/b/` with directory URLs (the default) or `a/b.html` without.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin


def page_path(src_uri: str, directory_urls: bool = True) -> str:
    """The address of a docs file, relative to the site root."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def absolute(site_url: str, src_uri: str, directory_urls: bool = True) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, page_path(src_uri, directory_urls))
