"""Faceted search with Pagefind: the search page and the indexing step.

Pagefind reads the built HTML. Item pages mark their facets with
`data-pagefind-filter` attributes (see theme/kb-item.html), so the index
knows each item's type, plan sections, audiences, localities and year.
Because it indexes the built site, an edition's index holds only what that
edition publishes.
"""

from __future__ import annotations

from .model import ITEM_TYPES
from .pages import PagePlan
from .view import SiteView

SEARCH_PAGE = "search/index.md"
BUNDLE_DIR = "pagefind"

# The templates that mark their article with data-pagefind-body. Pagefind indexes only
# pages made with these; listings, the impact pages and the training pages repeat what
# the items already say, so they stay out of search results.
SEARCHED_TEMPLATES = frozenset({"main.html", "kb-item.html", "kb-newsletter.html", "kb-section.html"})


def searched(plan: PagePlan) -> bool:
    return plan.template in SEARCHED_TEMPLATES

# Facet keys used in data-pagefind-filter, and the labels people see.
FACETS = {
    "type": "Type",
    "section": "Plan section",
    "audience": "Audience",
    "locality": "Locality",
    "year": "Year published",
}


def facet_orders(view: SiteView) -> dict[str, list[str]]:
    """The order values should appear in, as people know them from the rest of the site."""
    return {
        "type": [model.LABEL for model in ITEM_TYPES.values()] + ["Newsletter"],
        "section": [section.title for section in view.sections],
        "audience": list(view.vocabulary.audiences.values()),
        "locality": list(view.vocabulary.localities.values()),
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
        description="Search every item, and narrow the results by plan section, type, audience, "
        "locality and year.",
        data={"facets": [(key, label, orders[key]) for key, label in FACETS.items()]},
    )
