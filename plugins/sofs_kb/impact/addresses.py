"""Page addresses, as a browser asks for them, from paths in the docs folder. No MkDocs.

`knowledge-bank/tool/three-houses.md` is the page `/knowledge-bank/tool/three-houses/`,
and `plan/index.md` is `/plan/`, as MkDocs publishes them with `use_directory_urls`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..loader import Bank
from ..pages import plan_pages
from ..search import SEARCH_PAGE
from ..view import SiteView
from ..indexes import Index


def page_address(src_uri: str, directory_urls: bool = True) -> str:
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem[: -len("index")]
    return "/" + stem + ("/" if directory_urls else ".html")


def site_addresses(bank: Bank, extra_src_uris: Iterable[str] = (), directory_urls: bool = True) -> set[str]:
    """Every page the site publishes: hand-written pages, the knowledge bank's pages, and any
    pages features add (training, impact, search), given as docs paths."""
    docs = bank.settings.docs_dir
    written = (path.relative_to(docs).as_posix() for path in docs.rglob("*.md") if not _hidden(path, docs))
    generated = (plan.src_uri for plan in plan_pages(SiteView(bank, Index.build(bank.items)), with_related=False))
    return {page_address(uri, directory_urls) for uri in [*written, *generated, *extra_src_uris, SEARCH_PAGE]}


def _hidden(path: Path, docs: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(docs).parts)
