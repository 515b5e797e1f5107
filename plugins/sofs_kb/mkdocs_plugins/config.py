"""Options for the `sofs/knowledge-bank` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class KnowledgeBankConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the knowledge bank off without removing it from mkdocs.yml."""

    bank_dir = opt.Type(str, default="knowledge_bank")
    """Folder of knowledge-bank items, one subfolder per type, relative to mkdocs.yml."""

    newsletters_dir = opt.Type(str, default="newsletters")
    """Folder of newsletter issues, one file per quarter, relative to mkdocs.yml."""

    plan_dir = opt.Type(str, default="plan")
    """Folder of plan section pages, relative to the docs folder."""

    vocabulary = opt.Type(str, default="data/vocabularies.yml")
    """File listing the audiences, localities and (optionally) allowed tags."""

    edition = opt.Choice(("public", "partnership"), default="public")
    """Which edition to build. The partnership edition adds partnership-only items."""

    today = opt.Optional(opt.Type(str))
    """Build as if it were this day (YYYY-MM-DD). Decides which embargoed items are published.
    Leave it empty to use the real date."""

    contact_email = opt.Type(str, default="")
    """The partnership's public mailbox, shown at the foot of every page. A shared team
    address, never a person's own."""
