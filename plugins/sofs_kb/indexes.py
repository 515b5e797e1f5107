"""Look-ups over the published items: by plan section, type, audience, locality, tag and quarter.

Built in one pass over the items, so the cost grows in step with the bank.
Every list keeps the bank's newest-first order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import urls
from .model import ITEM_TYPES, Item
from .quarters import Quarter


@dataclass
class Index:
    by_section: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_type: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_audience: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_locality: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_tag: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_quarter: dict[Quarter, list[Item]] = field(default_factory=lambda: defaultdict(list))
    tag_labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, items: list[Item]) -> Index:
        """Index items that are already sorted newest first."""
        index = cls()
        label_counts: dict[str, Counter[str]] = defaultdict(Counter)
        for item in items:
            index.by_type[item.type].append(item)
            index.by_quarter[Quarter.of(item.published)].append(item)
            for section in item.plan_sections:
                index.by_section[section].append(item)
            for audience in item.audience:
                index.by_audience[audience].append(item)
            for locality in item.all_localities:
                index.by_locality[locality].append(item)
            for tag in dict.fromkeys(item.tags):
                tag_slug = urls.slug_for(tag)
                index.by_tag[tag_slug].append(item)
                label_counts[tag_slug][tag] += 1
        # Tags that slug the same ('safety-planning', 'safety planning') share one page,
        # labelled with the spelling most items use.
        index.tag_labels = {
            tag_slug: sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[0][0]
            for tag_slug, counts in label_counts.items()
        }
        return index

    def by_type_within(self, items: list[Item]) -> list[tuple[str, list[Item]]]:
        """Split a list by type, in the standard type order, leaving out empty types."""
        groups: dict[str, list[Item]] = defaultdict(list)
        for item in items:
            groups[item.type].append(item)
        return [(type_id, groups[type_id]) for type_id in ITEM_TYPES if groups.get(type_id)]

    def tags_by_name(self) -> list[tuple[str, str, int]]:
        """(slug, label, count) for every tag, alphabetically."""
        return sorted(
            ((slug, self.tag_labels[slug], len(items)) for slug, items in self.by_tag.items()),
            key=lambda entry: entry[1],
        )
