"""What the newsletter needs to know, read from the `sofs/newsletter` options in mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from .addresses import address_problem, has_control_characters, plain, shown
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


MAX_FETCH_SECONDS = 600.0
"""The longest `kb newsletter fetch` may wait for one feed: a limit that still ends the run."""


@dataclass(frozen=True)
class EmailSettings:
    """Defaults for `kb newsletter email`; each can be given on the command line instead."""

    smtp_host: str | None = None
    smtp_port: int = 587
    starttls: bool = True
    sender: str | None = None
    reply_to: str | None = None
    """Where replies go: the steering group's mailbox. The sender when not set."""
    list_address: str | None = None
    """The public edition goes to this mailing list."""
    partnership_list_address: str | None = None
    """The partnership edition goes to this list. Never to `list_address`."""
    username: str | None = None
    password_variable: str = PASSWORD_VARIABLE
    output_dir: Path = Path("email")
    header_image: str | None = None
    """An image at the top of the email, as a path in the docs folder, served from the site."""
    header_image_alt: str | None = None

    def list_for(self, edition: str) -> str | None:
        return self.partnership_list_address if edition == "partnership" else self.list_address

    def problems(self, docs_dir: Path, where: str) -> list[str]:
        """Mistakes in these settings, as `where: field: reason`."""
        found = []
        for name, named in (("sender", True), ("reply_to", True), ("list_address", False), ("partnership_list_address", False)):
            value = getattr(self, name)
            if value is not None and (reason := address_problem(value, named=named)):
                found.append(f"{where}: {name}: {reason}")
        if not 1 <= self.smtp_port <= 65535:
            found.append(f"{where}: smtp_port: must be a port number from 1 to 65535.")
        for name in ("smtp_host", "username"):
            value = getattr(self, name)
            if value is not None and has_control_characters(value):
                found.append(f"{where}: {name}: {shown(value)} has a line break or another control character in it.")
        if (
            self.list_address
            and self.partnership_list_address
            and not any(f": {name}: " in line for line in found for name in ("list_address", "partnership_list_address"))
            and plain(self.list_address) == plain(self.partnership_list_address)
        ):
            found.append(
                f"{where}: partnership_list_address: is the same as list_address. The partnership edition has "
                "items only partner agencies may see, so it needs a list of its own."
            )
        if self.header_image is not None:
            found += [f"{where}: {reason}" for reason in header_image_problems(self.header_image, self.header_image_alt, docs_dir)]
        return found


IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif")
"""Formats every mail app shows (caniemail): not SVG or WebP, which Gmail and Outlook do not."""


def header_image_problems(path: str, alt: str | None, docs_dir: Path) -> list[str]:
    problems = []
    if not (alt or "").strip():
        problems.append(
            "header_image_alt: is needed with header_image. Describe the image for people who cannot see it."
        )
    elif has_control_characters(alt):
        problems.append("header_image_alt: must be one line of text.")
    if not path.lower().endswith(IMAGE_TYPES):
        problems.append(f"header_image: {shown(path)} must be a PNG, JPEG or GIF image, which every mail app shows.")
        return problems
    target = (docs_dir / path).resolve()
    root = docs_dir.resolve()
    if path.startswith("/") or "://" in path or root not in target.parents:
        problems.append(f"header_image: {shown(path)} must be a file inside the docs folder, like assets/newsletter.png.")
    elif not target.is_file():
        problems.append(f"header_image: {shown(path)} is not a file in the docs folder ({docs_dir.name}/).")
    return problems


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
