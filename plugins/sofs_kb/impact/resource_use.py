"""How much the knowledge bank's resources are seen and used, from data/usage. No MkDocs.

Definitions (also in docs/impact-report.md):

- a view is one page view kept by `kb usage import` (see usage.py);
- the counted months are the months with usage data from the first month of the
  period asked for to the "as of" day;
- the most and least used items are ranked by views in the counted months (the least
  used have at least one view; ties go to the older item);
- an item was never visited when no month of usage data has a view of it, among items
  published before the last month of data began;
- views by type, plan section and audience add up each item's views (an item in two
  sections counts in both);
- site views count every page of this edition: an address shaped like an item or a
  newsletter issue counts only if that entry is in this edition.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from pathlib import Path

from ..loader import Bank
from ..model import ITEM_TYPES, Item
from ..training.plan_year import Month
from .addresses import page_address
from .usage import month_files, read_month


@dataclass
class ItemUse:
    item: Item
    views: int
    ever: int


@dataclass
class ResourceUse:
    months: list[Month]
    """Every month with usage data up to the "as of" day, oldest first."""
    site_views: list[int]
    item_views: list[int]
    counted: list[Month]
    """The months the lists and breakdowns count."""
    items: list[ItemUse]
    list_length: int

    @property
    def has_data(self) -> bool:
        return bool(self.months)

    @cached_property
    def total(self) -> int:
        """Item views in the counted months."""
        return sum(use.views for use in self.items)

    @property
    def site_total(self) -> int:
        counted = set(self.counted)
        return sum(views for month, views in zip(self.months, self.site_views) if month in counted)

    @cached_property
    def most_used(self) -> list[ItemUse]:
        used = [use for use in self.items if use.views]
        return sorted(used, key=lambda use: (-use.views, use.item.title.lower()))[: self.list_length]

    @cached_property
    def least_used(self) -> list[ItemUse]:
        used = [use for use in self.items if use.views]
        return sorted(used, key=lambda use: (use.views, use.item.published, use.item.title.lower()))[: self.list_length]

    @cached_property
    def never_visited(self) -> list[Item]:
        if not self.months:
            return []
        last = self.months[-1].first_day
        found = [use.item for use in self.items if not use.ever and use.item.published < last]
        return sorted(found, key=lambda item: (item.published, item.title.lower()))

    def by(self, key) -> Counter:
        counts: Counter = Counter()
        for use in self.items:
            for value in key(use.item):
                counts[value] += use.views
        return counts

    def by_type(self) -> dict[str, int]:
        counts = self.by(lambda item: [item.type])
        return {type_id: counts.get(type_id, 0) for type_id in ITEM_TYPES}


def load_resource_use(bank: Bank, folder: Path, first: date, as_of: date, list_length: int = 10,
                      directory_urls: bool = True) -> ResourceUse:
    """Usage from `first` (the first day of a month) to `as_of`. Raises ValueError naming a bad file row."""
    by_address = {page_address(item.src_uri, directory_urls): item for item in bank.items}
    entries = {page_address(entry.src_uri, directory_urls) for entry in [*bank.items, *bank.newsletters]}
    last = Month.of(as_of)
    months, site_views, item_views = [], [], []
    counted: list[Month] = []
    # Counted by address, and matched to items once at the end: an item's id is slow to ask for.
    window: Counter = Counter()
    ever: Counter = Counter()
    for key, path in month_files(folder):
        month = Month(int(key[:4]), int(key[5:]))
        if month > last:
            continue
        try:
            counts = read_month(path)
        except ValueError as error:
            raise ValueError(f"{path.parent.as_posix()}/{error}") from None
        site = items = 0
        for address, count in counts.items():
            if address in by_address:
                items += count
            if address in entries or not _entry_shaped(address):
                site += count
        ever.update(counts)
        if month.first_day >= first:
            window.update(counts)
            counted.append(month)
        months.append(month)
        site_views.append(site)
        item_views.append(items)
    uses = [ItemUse(item, window.get(address, 0), ever.get(address, 0)) for address, item in by_address.items()]
    return ResourceUse(months, site_views, item_views, counted, uses, list_length)


def _entry_shaped(address: str) -> bool:
    """Addresses where items and newsletter issues live: /knowledge-bank/<type>/<slug>/, /newsletters/<slug>/."""
    parts = address.strip("/").split("/")
    return (len(parts) == 3 and parts[0] == "knowledge-bank" and parts[1] in ITEM_TYPES) or (
        len(parts) == 2 and parts[0] == "newsletters"
    )
