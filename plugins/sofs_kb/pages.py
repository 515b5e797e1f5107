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
from urllib.parse import unquote, urlencode

from . import urls
from .markup import links, visible_lines
from .model import Entry, Item, NewsletterIssue
from .related import RelatedFinder
from .view import SiteView

HOME = "index.md"


# A list page shows at most this many items; longer lists go on over more pages, so
# every list page stays small however large the bank grows (at 2,000 items one plan
# section's page was 380 KB when it named every item).
PAGE_SIZE = 50


@dataclass
class TypeCount:
    """How many of a list's items are of one type, and the search for just those."""

    label: str
    count: int
    search: str  # the search page's query string, such as 'section=Learning&type=Tool'


@dataclass
class Listing:
    """One page of a list of items, newest first: what a list page shows.

    `pages` are the docs paths of every page of the list, the first being the list's own
    page. `search` is the search page's query string with this list's filter applied
    (empty for topics, which search has no filter for).
    """

    items: list[Item]
    total: int
    number: int
    pages: list[str]
    counts: list[TypeCount]
    search: str

    page_size = PAGE_SIZE

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1


def _search_query(**filters: str) -> str:
    return urlencode({key: value for key, value in filters.items() if value})


def paged_lists(
    view: SiteView, first_uri: str, kind: str, term: str, items: list[Item], title: str, facet: tuple[str, str] | None
) -> tuple[Listing, list[PagePlan]]:
    """The first page's listing, and a plan for each later page of a long list."""
    pages = [first_uri] + [
        urls.list_page(kind, term, number) for number in range(2, (len(items) - 1) // PAGE_SIZE + 2)
    ]
    filters = dict([facet]) if facet else {}
    counts = [
        TypeCount(
            view.type_label(type_id, plural=len(group) != 1),
            len(group),
            _search_query(**filters, type=view.type_label(type_id)),
        )
        for type_id, group in view.index.by_type_within(items)
    ] if kind != "type" else []
    search = _search_query(**filters) if facet else ""

    def listing(number: int) -> Listing:
        chunk = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        return Listing(chunk, len(items), number, pages, counts, search)

    later = [
        PagePlan(
            uri,
            f"{title}: items {listing(number).first} to {listing(number).last} of {len(items)}",
            "kb-listing.html",
            body="",
            in_nav=False,
            data={"listing": listing(number), "first_page": first_uri},
        )
        for number, uri in enumerate(pages[1:], start=2)
    ]
    return listing(1), later


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
        listing, later = paged_lists(
            view, section.src_uri, "section", section.id, items, section.title, ("section", section.title)
        )
        pages.append(PagePlan(section.src_uri, "", "kb-section.html", data={"section": section, "listing": listing}))
        pages += later
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
        listing, later = paged_lists(
            view, term.src_uri, "type", term.id, items, term.label, ("type", view.type_label(term.id))
        )
        pages.append(
            PagePlan(
                term.src_uri,
                term.label,
                "kb-listing.html",
                body="",
                description=view.type_description(term.id),
                data={"listing": listing, "intro": view.type_description(term.id)},
            )
        )
        pages += later
    pages += _term_pages(
        view,
        urls.audience_index(),
        "Browse by audience",
        "Items for each agency and for children and families.",
        view.audiences(),
        index.by_audience,
        "Items for {label}",
        "audience",
    )
    pages += _term_pages(
        view,
        urls.locality_index(),
        "Browse by locality",
        "Items about work in each of Norfolk's localities.",
        view.localities(),
        index.by_locality,
        "{label}",
        "locality",
    )
    pages += _term_pages(
        view,
        urls.tag_index(),
        "Topics",
        "Every topic used in the knowledge bank, with the number of items on each.",
        view.tags(),
        index.by_tag,
        "Topic: {label}",
        "tag",
    )
    return pages


def _term_pages(view, index_uri, title, intro, terms, lookup, item_title, kind) -> list[PagePlan]:
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
        # Search has no filter for topics: their lists go on over more pages instead.
        facet = None if kind == "tag" else (kind, term.label)
        page_title = item_title.format(label=term.label)
        listing, later = paged_lists(view, term.src_uri, kind, term.id, items, page_title, facet)
        pages.append(
            PagePlan(
                term.src_uri,
                page_title,
                "kb-listing.html",
                body="",
                in_nav=False,
                data={"listing": listing, "term": term, "kind": kind},
            )
        )
        pages += later
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
