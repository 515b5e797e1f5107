"""Content model: what a valid item, newsletter issue and plan section look like."""

from .errors import describe
from .items import ITEM_TYPES, Entry, Item, NewsletterIssue
from .plan import EvidenceMeasure, PlanSection
from .vocabulary import Vocabulary

__all__ = [
    "ITEM_TYPES",
    "Entry",
    "EvidenceMeasure",
    "Item",
    "NewsletterIssue",
    "PlanSection",
    "Vocabulary",
    "describe",
]
