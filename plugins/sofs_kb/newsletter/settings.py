"""What the newsletter needs to know, read from the `sofs/newsletter` options in mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..model import Item

DEFAULT_OWNER = "Signs of Safety Partnership Steering Group"
PASSWORD_VARIABLE = "KB_SMTP_PASSWORD"


@dataclass(frozen=True)
class FeedSource:
    """An outside research feed: a name people know it by, its address and optional topics."""

    name: str
    url: str
    tags: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return urls.slug_for(self.name)

    def cache_file(self, cache_dir: Path) -> Path:
        """Where the last downloaded copy is kept."""
        return cache_dir / f"{self.slug}.xml"


@dataclass(frozen=True)
class Topic:
    """One section of an issue, and which items belong in it.

    An item belongs if its type is one of `types` (or `types` is empty) and it has
    one of `tags` (or `tags` is empty). Sections that ask for tags are tried first,
    because a tag is a more specific choice than a type; each item goes in one
    section only.
    """

    id: str
    title: str
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    research: bool = False
    """Research entries from the outside feeds go in this section."""
    training: bool = False
    """Upcoming training is listed in this section."""

    def matches(self, item: Item) -> bool:
        if self.types and item.type not in self.types:
            return False
        if self.tags and not set(self.tags) & set(item.tags):
            return False
        return bool(self.types or self.tags)


# The four things the plan says the newsletter covers, in the order it lists them.
DEFAULT_TOPICS: tuple[Topic, ...] = (
    Topic(
        "achievements",
        "Multi-agency practice achievements",
        types=("practice-example", "practice-resource"),
        tags=("multi-agency working", "family network"),
    ),
    Topic(
        "good-practice",
        "Good examples of Signs of Safety practice",
        types=("practice-example", "practice-resource"),
    ),
    Topic(
        "research-and-tools",
        "Useful research and development tools",
        types=("research-summary", "tool"),
        research=True,
    ),
    Topic(
        "training",
        "Training and development opportunities",
        tags=("training",),
        training=True,
    ),
)


@dataclass(frozen=True)
class EmailSettings:
    """Defaults for `kb newsletter email`; each can be given on the command line instead."""

    smtp_host: str | None = None
    smtp_port: int = 587
    starttls: bool = True
    sender: str | None = None
    to: tuple[str, ...] = ()
    username: str | None = None
    password_variable: str = PASSWORD_VARIABLE
    output_dir: Path = Path("email")


@dataclass(frozen=True)
class NewsletterSettings:
    config_name: str
    """The settings file's name, such as mkdocs.yml, for messages."""
    cache_dir: Path
    feeds: tuple[FeedSource, ...] = ()
    topics: tuple[Topic, ...] = DEFAULT_TOPICS
    editors: tuple[str, ...] = (DEFAULT_OWNER,)
    owner: str = DEFAULT_OWNER
    entries_per_feed: int = 5
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 2_000_000
    email: EmailSettings = field(default_factory=EmailSettings)
