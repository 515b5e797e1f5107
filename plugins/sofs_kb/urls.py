"""Where each page lives in the built site, as a path inside the docs folder.

MkDocs turns `knowledge-bank/tool/three-houses.md` into the stable address
`/knowledge-bank/tool/three-houses/`. Keeping every path here means a URL
scheme change happens in one place.
"""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify

BANK = "knowledge-bank"
NEWSLETTERS = "newsletters"

# Names used by generated list pages, so an item may not take them as its slug.
RESERVED_SLUGS = frozenset({"index", "audience", "locality", "tags"})


@lru_cache(maxsize=65536)
def slug_for(name: str) -> str:
    """The URL slug for a file name or tag. Cached: tags repeat across thousands of items."""
    return slugify(name)


def bank_index() -> str:
    return f"{BANK}/index.md"


def item(type_id: str, slug: str) -> str:
    return f"{BANK}/{type_id}/{slug}.md"


def bank_media(type_id: str, relative: str) -> str:
    return f"{BANK}/{type_id}/{relative}"


def type_index(type_id: str) -> str:
    return f"{BANK}/{type_id}/index.md"


def audience_index() -> str:
    return f"{BANK}/audience/index.md"


def audience(term: str) -> str:
    return f"{BANK}/audience/{term}.md"


def locality_index() -> str:
    return f"{BANK}/locality/index.md"


def locality(term: str) -> str:
    return f"{BANK}/locality/{term}.md"


def tag_index() -> str:
    return f"{BANK}/tags/index.md"


def tag(tag_slug: str) -> str:
    return f"{BANK}/tags/{tag_slug}.md"


def newsletter_archive() -> str:
    return f"{NEWSLETTERS}/index.md"


def newsletter(quarter_slug: str) -> str:
    return f"{NEWSLETTERS}/{quarter_slug}.md"


def search() -> str:
    return "search/index.md"


def list_page(kind: str, term: str, number: int) -> str:
    """Page `number` (2 or more) of a long list, such as every item for one audience.

    They live apart from items (`knowledge-bank/<type>/<slug>`), so no item can clash.
    """
    return f"{BANK}/more/{kind}/{term}/{number}.md"
