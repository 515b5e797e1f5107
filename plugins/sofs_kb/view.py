"""What templates may ask of the knowledge bank, in one read-only object.

Templates get this as the global `kb`. Keeping the questions here, rather
than in templates, keeps templates short and the answers testable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import urls
from .formatting import long_date  # noqa: F401  (templates and commands import it from here)
from .indexes import Index
from .loader import Bank
from .model import ITEM_TYPES, Entry, Item, NewsletterIssue, PlanSection


@dataclass
class Term:
    """A value people can browse by, with where to find it and how many items use it."""

    id: str
    label: str
    src_uri: str
    count: int


class SiteView:
    def __init__(self, bank: Bank, index: Index):
        self.bank = bank
        self.index = index
        self.vocabulary = bank.vocabulary

    # --- labels -----------------------------------------------------------------------------

    def type_label(self, type_id: str, plural: bool = False) -> str:
        model = ITEM_TYPES.get(type_id)
        if model is None:
            return type_id
        return model.PLURAL if plural else model.LABEL

    def type_description(self, type_id: str) -> str:
        model = ITEM_TYPES.get(type_id)
        return model.DESCRIPTION if model else ""

    def section(self, section_id: str) -> PlanSection | None:
        return self.bank.section(section_id)

    def section_title(self, section_id: str) -> str:
        section = self.bank.section(section_id)
        return section.title if section else section_id

    def audience_label(self, term: str) -> str:
        return self.vocabulary.audience_label(term)

    def locality_label(self, term: str) -> str:
        return self.vocabulary.locality_label(term)

    def tag_label(self, tag: str) -> str:
        return self.index.tag_labels.get(urls.slug_for(tag), tag)

    # --- addresses ----------------------------------------------------------------------------

    def tag_uri(self, tag: str) -> str:
        return urls.tag(urls.slug_for(tag))

    def audience_uri(self, term: str) -> str:
        return urls.audience(term)

    def locality_uri(self, term: str) -> str:
        return urls.locality(term)

    def type_uri(self, type_id: str) -> str:
        return urls.type_index(type_id)

    bank_index_uri = urls.bank_index()
    archive_uri = urls.newsletter_archive()

    # --- lists ------------------------------------------------------------------------------

    @property
    def sections(self) -> list[PlanSection]:
        return self.bank.plan

    @property
    def item_count(self) -> int:
        return len(self.bank.items)

    def newest(self, count: int = 6) -> list[Item]:
        return self.bank.items[:count]

    def latest_newsletter(self) -> NewsletterIssue | None:
        return self.bank.newsletters[0] if self.bank.newsletters else None

    def section_count(self, section_id: str) -> int:
        return len(self.index.by_section.get(section_id, []))

    def types(self) -> list[Term]:
        return [
            Term(type_id, model.PLURAL, urls.type_index(type_id), len(self.index.by_type.get(type_id, [])))
            for type_id, model in ITEM_TYPES.items()
        ]

    def audiences(self) -> list[Term]:
        return [
            Term(term, label, urls.audience(term), len(self.index.by_audience.get(term, [])))
            for term, label in self.vocabulary.audiences.items()
        ]

    def localities(self) -> list[Term]:
        return [
            Term(term, label, urls.locality(term), len(self.index.by_locality.get(term, [])))
            for term, label in self.vocabulary.localities.items()
        ]

    def tags(self) -> list[Term]:
        return [
            Term(slug, label, urls.tag(slug), count)
            for slug, label, count in self.index.tags_by_name()
        ]

    def is_published(self, entry: Entry) -> bool:
        settings = self.bank.settings
        return entry.is_live(settings.today, settings.edition)
