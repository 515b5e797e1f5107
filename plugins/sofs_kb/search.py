"""Faceted search with Pagefind: the search page and the indexing step.

Pagefind reads each page's HTML as the build makes it. Item pages mark their
facets with `data-pagefind-filter` attributes (see theme/partials/kb-meta.html),
so the index knows each item's type, plan sections, audiences, localities and
year. It is given only the pages the build publishes, so an edition's index
holds only what that edition publishes.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from . import urls
from .model import ITEM_TYPES
from .pages import PagePlan
from .view import SiteView

SEARCH_PAGE = urls.search()
BUNDLE_DIR = "pagefind"

# The templates that mark their article with data-pagefind-body. Pagefind indexes only
# pages made with these; listings, the impact pages and the training pages repeat what
# the items already say, so they stay out of search results.
SEARCHED_TEMPLATES = frozenset(
    {"main.html", "kb-item.html", "kb-newsletter.html", "kb-section.html", "training-course.html"}
)


def searched(plan: PagePlan) -> bool:
    return plan.template in SEARCHED_TEMPLATES

def entry_words(entry) -> str:
    """An item's or issue's own words, for finding its synonyms: a third of its page's HTML."""
    parts = [entry.title, entry.summary, entry.body, *getattr(entry, "tags", [])]
    parts += [*getattr(entry, "steps", []), *getattr(entry, "key_findings", [])]
    return "\n".join(str(part) for part in parts)


# Facet keys used in data-pagefind-filter, and the labels people see.
FACETS = {
    "type": "Type",
    "section": "Plan section",
    "audience": "Audience",
    "locality": "Locality",
    "month": "Training month",
    "year": "Year published",
}

# The "type" filter's values for what is not a knowledge-bank item. Templates use the same words.
PAGE_TYPES = ["Newsletter", "Training course", "Training date", "Plan section", "Page"]


@dataclass
class SearchRecord:
    """Something people can find by search that has no page of its own, such as one
    training date: where it is (a page and an anchor on it), its words, the details a
    result shows (`meta`: type, section, date) and its filter values."""

    src_uri: str
    anchor: str
    title: str
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)


def facet_orders(view: SiteView) -> dict[str, list[str]]:
    """The order values should appear in, as people know them from the rest of the site."""
    return {
        "type": [model.LABEL for model in ITEM_TYPES.values()] + PAGE_TYPES,
        "section": [section.title for section in view.sections],
        "audience": list(view.vocabulary.audiences.values()),
        "locality": list(view.vocabulary.localities.values()),
        "month": [],  # soonest first; the page sorts months itself
        "year": [],  # newest first; the page sorts years itself
    }


def search_page(view: SiteView) -> PagePlan:
    orders = facet_orders(view)
    return PagePlan(
        SEARCH_PAGE,
        "Search the knowledge bank",
        "kb-search.html",
        body="",
        in_nav=False,
        description="Search every item, newsletter, training course and training date, and narrow "
        "the results by type, plan section, audience, locality, month and year.",
        data={"facets": [(key, label, orders[key]) for key, label in FACETS.items()]},
    )


# Our templates mark facets two ways: data-pagefind-filter="key" on an element whose
# text is the value, or data-pagefind-filter="key:value".
_FILTER = 'data-pagefind-filter="'
_TAG_NAME = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]+>")


def _facets(page_html: str) -> set[tuple[str, str]]:
    """(key, value) for each facet the page marks.

    It looks only where the marker is, rather than running a pattern over every tag:
    this runs on every page of a build, on the build's own processor core.
    """
    found: set[tuple[str, str]] = set()
    at = page_html.find(_FILTER)
    while at != -1:
        start = at + len(_FILTER)
        end = page_html.find('"', start)
        if end == -1:
            break
        key, colon, value = page_html[start:end].partition(":")
        if colon:
            found.add((key, value))
        else:  # the value is the element's text, up to its closing tag
            name = _TAG_NAME.match(page_html, page_html.rfind("<", 0, at) + 1)
            opened = page_html.find(">", end)
            closed = page_html.find(f"</{name.group(0)}>", opened) if name and opened != -1 else -1
            if closed != -1:
                found.add((key, _TAG.sub("", page_html[opened + 1 : closed])))
        at = page_html.find(_FILTER, end)
    return found


class FacetTotals:
    """How many indexed pages have each facet value, counted from the pages sent to Pagefind.

    The search page shows these before anyone searches, so opening it downloads none
    of Pagefind's filter files (120 KB at 10,000 items). Pagefind counts each page once
    per value, and so do we; a browser test checks the two agree.
    """

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {key: Counter() for key in FACETS}

    def add_page(self, page_html: str) -> None:
        for key, value in _facets(page_html):
            value = " ".join(html.unescape(value).split())
            if key in self.counts and value:
                self.counts[key][value] += 1

    def add_record(self, record: SearchRecord) -> None:
        for key, values in record.filters.items():
            if key in self.counts:
                for value in dict.fromkeys(values):
                    self.counts[key][value] += 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {key: dict(sorted(counts.items())) for key, counts in self.counts.items()}
