"""Atom feeds of newsletter issues, new knowledge-bank items, and new items in each plan section.

MkDocs feed plugins make one feed for a whole blog; people here want to
follow one plan section. The feeds use only the published, in-edition
content the loader gives (`bank.items`, `bank.newsletters`), and absolute
addresses built from the site's `site_url`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..loader import Bank
from .templating import render

# Feeds sit at the top of the site. Material's page script fetches "sitemap.xml"
# beside every <link rel="alternate"> it finds, so a feed in a subfolder would
# cost each visitor a request for a sitemap that is not there.


def newsletters_uri() -> str:
    return "feed-newsletters.xml"


def items_uri() -> str:
    return "feed-knowledge-bank.xml"


def section_uri(section_id: str) -> str:
    return f"feed-plan-{section_id}.xml"


@dataclass(frozen=True)
class AtomEntry:
    page_uri: str
    """The entry's page, as a path in the docs folder."""
    title: str
    summary: str
    updated: date
    author: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class AtomFeed:
    src_uri: str
    """Where the feed is written, as a path in the docs folder."""
    title: str
    subtitle: str
    page_uri: str
    """The page the feed follows, such as the newsletter archive."""
    entries: tuple[AtomEntry, ...]


def plan_feeds(bank: Bank, *, site_name: str, archive_uri: str, bank_uri: str, limit: int) -> list[AtomFeed]:
    """Every feed the site publishes, newest entries first, at most `limit` entries each."""
    feeds = [
        AtomFeed(
            newsletters_uri(),
            f"{site_name}: newsletter",
            "Each quarterly issue of the Signs of Safety staff newsletter.",
            archive_uri,
            tuple(
                AtomEntry(issue.src_uri, issue.title, issue.summary, issue.published, issue.owner, tuple(issue.tags))
                for issue in bank.newsletters[:limit]
                if issue.published is not None
            ),
        ),
        AtomFeed(
            items_uri(),
            f"{site_name}: new items",
            "New practice resources, research summaries, practice examples and tools.",
            bank_uri,
            tuple(_item_entry(item) for item in bank.items[:limit]),
        ),
    ]
    for section in bank.plan:
        items = [item for item in bank.items if section.id in item.plan_sections][:limit]
        feeds.append(
            AtomFeed(
                section_uri(section.id),
                f"{site_name}: {section.title}",
                f"New items for the {section.title} section of the plan.",
                section.src_uri,
                tuple(_item_entry(item) for item in items),
            )
        )
    return feeds


def _item_entry(item) -> AtomEntry:
    return AtomEntry(item.src_uri, item.title, item.summary, item.published, item.owner, tuple(item.tags))


def render_feed(feed: AtomFeed, url_for: Callable[[str], str], *, today: date, author: str) -> str:
    """The feed as Atom XML. `url_for` gives a docs path's absolute address."""
    updated = max((entry.updated for entry in feed.entries), default=today)
    return render("atom.xml", feed=feed, url_for=url_for, updated=updated, author=author)


@dataclass(frozen=True)
class FeedLink:
    url: str
    """The feed's absolute address, for feed readers."""
    title: str
    src_uri: str
    """The feed's path in the site, for links relative to the page."""


class FeedLinks:
    """What page templates ask for as `kb_feeds`: each feed's absolute address and title."""

    def __init__(self, feeds: list[AtomFeed], url_for: Callable[[str], str]):
        self._by_uri = {
            feed.src_uri: FeedLink(url_for(feed.src_uri), feed.title, feed.src_uri) for feed in feeds
        }

    @property
    def newsletters(self) -> FeedLink | None:
        return self._by_uri.get(newsletters_uri())

    @property
    def items(self) -> FeedLink | None:
        return self._by_uri.get(items_uri())

    def section(self, section_id: str) -> FeedLink | None:
        return self._by_uri.get(section_uri(section_id))
