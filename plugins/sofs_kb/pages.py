"""Which pages the site needs, and what each one shows. No MkDocs here.

A `PagePlan` says: this path in the docs folder, this template, this data.
Generated pages also carry their Markdown text; pages that people write
(the home page, the plan pages) only get a template and data.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from . import urls
from .markup import links, visible_lines
from .model import Entry, Item, NewsletterIssue
from .related import RelatedFinder
from .view import SiteView

HOME = "index.md"


@dataclass
class Group:
    """A heading and the items under it, as shown on list pages."""

    title: str
    items: list[Item]
    anchor: str = ""


ITEM_TEMPLATE = "kb-item.html"
# The searchable part of an item page, rendered before the rest of it (see knowledge_bank.py).
ITEM_BODY_TEMPLATE = "partials/kb-item-body.html"


@dataclass
class PagePlan:
    src_uri: str
    title: str
    template: str
    body: str | None = None
    description: str = ""
    in_nav: bool = True
    entry: Entry | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def generated(self) -> bool:
        return self.body is not None

    @property
    def is_item(self) -> bool:
        return self.template == ITEM_TEMPLATE


def plan_pages(view: SiteView, *, with_related: bool = True) -> list[PagePlan]:
    """Every page the knowledge bank adds to, or shapes in, the site.

    Checks that only need to know which pages exist pass with_related=False,
    skipping the work of choosing each item's related items.
    """
    pages: list[PagePlan] = []
    pages += _people_written_pages(view)
    pages += _browse_pages(view)
    finder = RelatedFinder(view.index, view.bank.items) if with_related else None
    pages += [_item_page(view, item, finder.related(item) if finder else []) for item in view.bank.items]
    pages += _newsletter_pages(view)
    return pages


def preview_pages(view: SiteView) -> list[PagePlan]:
    """Pages for unpublished drafts, shown only in a local preview."""
    pages: list[PagePlan] = []
    for entry in view.bank.unpublished:
        if isinstance(entry, Item):
            pages.append(_item_page(view, entry, []))
        elif isinstance(entry, NewsletterIssue):
            pages.append(_newsletter_page(view, entry))
    for page in pages:
        page.in_nav = False
    return pages


def _people_written_pages(view: SiteView) -> list[PagePlan]:
    pages = [
        PagePlan(HOME, "", "kb-home.html"),
        PagePlan(f"{view.bank.settings.plan_uri}/index.md", "", "kb-plan.html"),
    ]
    for section in view.sections:
        items = view.index.by_section.get(section.id, [])
        pages.append(
            PagePlan(
                section.src_uri,
                "",
                "kb-section.html",
                data={"section": section, "groups": _by_type(view, items), "total": len(items)},
            )
        )
    return pages


def _browse_pages(view: SiteView) -> list[PagePlan]:
    index = view.index
    pages = [
        PagePlan(
            urls.bank_index(),
            "Knowledge bank",
            "kb-browse.html",
            body="",
            description="Find practice resources, research summaries, practice examples and tools.",
        )
    ]
    for term in view.types():
        items = index.by_type.get(term.id, [])
        pages.append(
            PagePlan(
                term.src_uri,
                term.label,
                "kb-listing.html",
                body="",
                description=view.type_description(term.id),
                data={"groups": [Group("", items)], "total": len(items), "intro": view.type_description(term.id)},
            )
        )
    pages += _term_pages(
        view,
        urls.audience_index(),
        "Browse by audience",
        "Items for each agency and for children and families.",
        view.audiences(),
        index.by_audience,
        "Items for {label}",
    )
    pages += _term_pages(
        view,
        urls.locality_index(),
        "Browse by locality",
        "Items about work in each of Norfolk's localities.",
        view.localities(),
        index.by_locality,
        "Items from {label}",
    )
    pages += _term_pages(
        view,
        urls.tag_index(),
        "Topics",
        "Every topic used in the knowledge bank, with the number of items on each.",
        view.tags(),
        index.by_tag,
        "Topic: {label}",
    )
    return pages


def _term_pages(view, index_uri, title, intro, terms, lookup, item_title) -> list[PagePlan]:
    pages = [
        PagePlan(
            index_uri,
            title,
            "kb-terms.html",
            body="",
            description=intro,
            data={"terms": terms, "intro": intro},
        )
    ]
    for term in terms:
        items = lookup.get(term.id, [])
        pages.append(
            PagePlan(
                term.src_uri,
                item_title.format(label=term.label),
                "kb-listing.html",
                body="",
                in_nav=False,
                data={"groups": _by_type(view, items), "total": len(items), "term": term},
            )
        )
    return pages


def _item_page(view: SiteView, item: Item, related: list[Item]) -> PagePlan:
    return PagePlan(
        item.src_uri,
        item.title,
        ITEM_TEMPLATE,
        body=item.body,
        description=item.summary,
        in_nav=False,
        entry=item,
        data={"item": item, "related": related},
    )


def _newsletter_pages(view: SiteView) -> list[PagePlan]:
    by_year: dict[int, list[NewsletterIssue]] = defaultdict(list)
    for issue in view.bank.newsletters:
        by_year[issue.quarter.year].append(issue)
    pages = [
        PagePlan(
            urls.newsletter_archive(),
            "Newsletters",
            "kb-archive.html",
            body="",
            description="Every issue of the quarterly Signs of Safety staff newsletter.",
            data={"years": sorted(by_year.items(), reverse=True)},
        )
    ]
    pages += [_newsletter_page(view, issue) for issue in view.bank.newsletters]
    return pages


def _newsletter_page(view: SiteView, issue: NewsletterIssue) -> PagePlan:
    return PagePlan(
        issue.src_uri,
        issue.title,
        "kb-newsletter.html",
        body=issue.body,
        description=issue.summary,
        in_nav=False,
        entry=issue,
        data={"issue": issue},
    )


def _by_type(view: SiteView, items: list[Item]) -> list[Group]:
    return [
        Group(view.type_label(type_id, plural=True), group, anchor=type_id)
        for type_id, group in view.index.by_type_within(items)
    ]


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def media_in_use(view: SiteView, pages: Iterable[tuple[str, str]] = ()) -> set[str]:
    """The images and downloads that a published page shows or links to, by docs path.

    Only these are published. An image kept beside a draft, an embargoed item or a
    partnership-only item must not appear in an edition that leaves the item out.
    `pages` adds hand-written pages, as (docs path, Markdown text).
    """
    texts = [(entry.src_uri, entry.body) for entry in [*view.bank.items, *view.bank.newsletters]]
    used: set[str] = set()
    for src_uri, text in [*texts, *pages]:
        if "](" not in text and "src=" not in text and "href=" not in text and "]:" not in text:
            continue  # no links at all (speed)
        for link in links(visible_lines(list(enumerate(text.splitlines(), start=1)))):
            target = unquote(link.target.partition("#")[0].partition("?")[0])
            if target and not _SCHEME.match(target) and not target.startswith("/"):
                used.add(posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target)))
    return used
