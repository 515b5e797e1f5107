"""Links and images: internal links and #anchors resolve, images exist and have alt text,
web links use https, and no public page links to something the public edition leaves out.

Links are checked the way MkDocs resolves them: relative to the page's place
in the docs folder, pointing at the target's .md file. The site map comes
from the same page plans the build uses, so the answer matches the build.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from .. import urls
from ..indexes import Index
from ..loader import MARKDOWN, Bank, ignored
from ..model import ITEM_TYPES
from ..pages import plan_pages
from ..problems import Problem
from ..settings import Settings
from ..view import SiteView, long_date
from .documents import EDITIONS, Document, docs_files
from ..markup import Link, links

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_GENERATED_FOLDERS = (
    urls.audience_index().removesuffix("index.md"),
    urls.locality_index().removesuffix("index.md"),
    urls.tag_index().removesuffix("index.md"),
)


@dataclass
class SiteMap:
    """Every page and file of the site, and the editions each page is in."""

    pages: dict[str, frozenset[str]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    lenient: bool = False
    """True when the content did not load, so list pages are guessed rather than known."""

    @classmethod
    def build(
        cls, settings: Settings, documents: list[Document], bank: Bank | None, extra_pages: Iterable[str] = ()
    ) -> SiteMap:
        site = cls(files=docs_files(settings) | bank_media(settings))
        for src_uri in extra_pages:
            site.pages[src_uri] = EDITIONS
        for document in documents:
            site.documents[document.src_uri] = document
            site.pages[document.src_uri] = document.editions(settings.today)
        if bank is None:
            site.lenient = True
            for type_id in ITEM_TYPES:
                site.pages[urls.type_index(type_id)] = EDITIONS
            for uri in (urls.bank_index(), urls.audience_index(), urls.locality_index(), urls.tag_index(), urls.newsletter_archive()):
                site.pages[uri] = EDITIONS
            return site
        for edition in sorted(EDITIONS):
            for plan in plan_pages(_view(bank, edition), with_related=False):
                if plan.generated and plan.entry is None:
                    site.pages[plan.src_uri] = site.pages.get(plan.src_uri, frozenset()) | {edition}
        return site

    def page(self, src_uri: str) -> frozenset[str] | None:
        if src_uri in self.pages:
            return self.pages[src_uri]
        if self.lenient and src_uri.startswith(_GENERATED_FOLDERS):
            return EDITIONS
        return None


def bank_media(settings: Settings) -> set[str]:
    """Images and downloads kept beside items, by their path in the site (as the loader adds them)."""
    found: set[str] = set()
    for type_id in ITEM_TYPES:
        folder = settings.bank_dir / type_id
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not ignored(d)]
            for name in filenames:
                if not ignored(name) and not name.endswith(MARKDOWN):
                    relative = Path(dirpath, name).relative_to(folder).as_posix()
                    found.add(urls.bank_media(type_id, relative))
    return found


def _view(bank: Bank, edition: str) -> SiteView:
    """The bank as one edition's build sees it (the bank given is the partnership edition)."""
    def keep(entry) -> bool:
        return edition == "partnership" or entry.visibility == "public"

    items = [item for item in bank.items if keep(item)]
    one = Bank(
        settings=replace(bank.settings, edition=edition),
        vocabulary=bank.vocabulary,
        plan=bank.plan,
        items=items,
        newsletters=[issue for issue in bank.newsletters if keep(issue)],
    )
    return SiteView(one, Index.build(items))


def check(document: Document, site: SiteMap, today: date) -> list[Problem]:
    problems: list[Problem] = []
    for link in links(document.visible):
        problem = _check_link(document, link, site, today)
        if problem is not None:
            problems.append(problem)
    return problems


def _check_link(document: Document, link: Link, site: SiteMap, today: date) -> Problem | None:
    target = link.target.strip()
    kind = "image" if link.image else "link"

    def problem(rule: str, reason: str) -> Problem:
        return Problem(document.rel, "body", reason, line=link.line, rule=rule, text=target)

    if link.image and (link.alt is None or not link.alt.strip()):
        return problem(
            "images/alt-text",
            f"the image '{target}' has no alt text. Describe what it shows in the square brackets: "
            "![what the image shows](" + target + ").",
        )
    if not target:
        return problem("links/broken", f"a {kind} has no address. Put the address in the round brackets.")
    scheme = _SCHEME.match(target)
    if scheme or target.startswith("//"):
        name = scheme.group(1).lower() if scheme else ""
        if link.image:
            return problem(
                "images/external",
                f"the image '{target}' is on another website. Pages must load nothing from other sites: "
                "save the image beside the page and link to the file.",
            )
        if name in ("https", "mailto", "tel"):
            return None
        if name == "http":
            return problem("links/https", f"'{target}' starts with http://. Use the https:// address instead.")
        return problem("links/https", f"'{target}' is not a web address we can link to. Use an https:// address.")
    if target.startswith("/"):
        return problem(
            "links/absolute",
            f"'{target}' starts with /, which breaks when the site is not at the root of its web address. "
            "Use a relative link to the page's .md file, like ../tool/three-houses.md.",
        )

    path, _, anchor = target.partition("#")
    path = unquote(path.partition("?")[0])
    here = document.src_uri
    if not path:
        resolved = here
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
        if resolved.startswith("../") or resolved == "..":
            return problem("links/broken", f"'{target}' points outside the site. Check the number of ../ steps.")

    if not path or resolved.endswith(".md"):
        editions = site.page(resolved)
        if editions is None:
            return problem("links/broken", f"'{target}' is not a page in the site. Check the file name and the folder.")
        unpublished = _unpublished_target(document, site, resolved, editions, today)
        if unpublished:
            return problem("links/unpublished", f"'{target}' {unpublished}")
        if anchor and (resolved in site.documents or not site.lenient):
            page = site.documents.get(resolved)
            if anchor not in (page.anchors if page else set()):
                return problem(
                    "links/anchor",
                    f"'{target}': the page has no heading with the id '#{anchor}'. "
                    "Check the heading's words: ids are lower case, with hyphens for spaces.",
                )
        return None

    if resolved in site.files:
        return None
    for candidate in (resolved.rstrip("/") + ".md", resolved.rstrip("/") + "/index.md"):
        if site.page(candidate) is not None:
            suggestion = posixpath.relpath(candidate, posixpath.dirname(here))
            return problem(
                "links/broken",
                f"'{target}' is a web address, not a file. Link to the page's .md file instead: '{suggestion}'.",
            )
    what = "an image file" if link.image else "a file or page"
    rule = "images/missing" if link.image else "links/broken"
    return problem(rule, f"'{target}' is not {what} in the site. Check the file name and the folder.")


def _unpublished_target(
    document: Document, site: SiteMap, target: str, editions: frozenset[str], today: date
) -> str:
    """Why the target would be missing from an edition this page is in, or '' if it never is."""
    mine = document.editions(today)
    page = site.documents.get(target)
    if not mine:
        # An unpublished page may link to another unpublished page; only visibility must agree.
        if page is not None and "public" in document.intended_editions and "public" not in page.intended_editions:
            return "is partnership-only, but this page is for the public edition."
        return ""
    missing = mine - editions
    if not missing:
        return ""
    if page is None:
        return "is a list page that has no items in the " + " or ".join(sorted(missing)) + " edition."
    if "public" in missing and "public" not in page.intended_editions:
        return (
            "is partnership-only, so the public edition would show a broken link and reveal its title. "
            "Remove the link, or make both pages partnership-only."
        )
    if page.value("status") != "published":
        return "is a draft. Publish it first, or remove the link."
    published = page.value("published")
    try:
        when = long_date(date.fromisoformat(str(published)))
    except ValueError:
        when = str(published)
    return f"is not published until {when}. Remove the link until then."
