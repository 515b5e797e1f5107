"""Related items: up to five per item, found through the indexes, never by comparing every pair.

For each item we gather candidates from the index lists it belongs to: the
newest few on each of its topics, plan sections and audiences. Each
candidate is scored

    3 points for each shared topic, 2 for each shared plan section, 1 for each shared audience,

and the highest scores win. Ties go to the newer item, then the title, then
the id, so every build gives the same list. Work per item is bounded by how
many lists it is in, not by the size of the bank, so the cost grows in step
with the bank. While a list is shorter than its limit (true for a bank of a
few hundred items) the result is exact.
"""

from __future__ import annotations

from . import urls
from .indexes import Index
from .model import Item

LIMIT = 5

# (weight, how many of the newest items to take from each list of this kind).
# Topics are the most telling, so they weigh most and we look further down them.
TOPIC = (3, 30)
SECTION = (2, 10)
AUDIENCE = (1, 5)


class RelatedFinder:
    """Finds related items. Build it once per site build and ask it for each item."""

    def __init__(self, index: Index, items: list[Item]):
        self.index = index
        # Keyed by object identity: reading pydantic private attributes such as
        # `id` is slow enough to matter in this inner loop.
        self._features = {
            id(item): (
                frozenset(urls.slug_for(tag) for tag in item.tags),
                frozenset(item.plan_sections),
                frozenset(item.audience),
            )
            for item in items
        }
        self._tie_break = {
            id(item): (-item.published.toordinal(), item.title.lower(), item.id) for item in items
        }

    def related(self, item: Item, limit: int = LIMIT) -> list[Item]:
        topics, sections, audiences = self._features[id(item)]
        candidates: dict[int, Item] = {}
        for lookup, keys, (_, depth) in (
            (self.index.by_tag, topics, TOPIC),
            (self.index.by_section, sections, SECTION),
            (self.index.by_audience, audiences, AUDIENCE),
        ):
            for key in sorted(keys):
                for other in lookup.get(key, ())[:depth]:
                    candidates[id(other)] = other
        candidates.pop(id(item), None)

        def rank(key: int) -> tuple:
            their_topics, their_sections, their_audiences = self._features[key]
            score = (
                TOPIC[0] * len(topics & their_topics)
                + SECTION[0] * len(sections & their_sections)
                + AUDIENCE[0] * len(audiences & their_audiences)
            )
            return (-score, *self._tie_break[key])

        return [candidates[key] for key in sorted(candidates, key=rank)[:limit]]
