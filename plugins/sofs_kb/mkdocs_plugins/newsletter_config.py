"""Options for the `sofs/newsletter` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from ..newsletter.settings import DEFAULT_OWNER, PASSWORD_VARIABLE


class FeedOptions(Config):
    name = opt.Type(str)
    """What editors and readers call the feed, such as 'Department for Education research'."""

    url = opt.URL()
    """The feed's web address (RSS or Atom), starting with https:// or http://."""

    tags = opt.ListOfItems(opt.Type(str), default=[])
    """Topics for the feed. A feed with a tag a newsletter section asks for goes in that section."""


class TopicOptions(Config):
    id = opt.Type(str)
    """A short name for the section, such as 'achievements'."""

    title = opt.Type(str)
    """The section's heading in the newsletter."""

    types = opt.ListOfItems(opt.Type(str), default=[])
    """Item types that belong in the section. Leave empty for any type."""

    tags = opt.ListOfItems(opt.Type(str), default=[])
    """Tags, one of which an item needs to belong in the section. Leave empty for any tag."""

    research = opt.Type(bool, default=False)
    """Put research entries from the outside feeds in this section."""

    training = opt.Type(bool, default=False)
    """List upcoming training in this section."""


class EmailOptions(Config):
    smtp_host = opt.Optional(opt.Type(str))
    """The mail server that sends the email edition. `--smtp-host` overrides it."""

    smtp_port = opt.Type(int, default=587)
    """The mail server's port: usually 587 with STARTTLS."""

    starttls = opt.Type(bool, default=True)
    """Switch the connection to TLS before logging in (recommended)."""

    sender = opt.Optional(opt.Type(str))
    """The From address, a team mailbox such as signsofsafety@norfolk.gov.uk."""

    reply_to = opt.Optional(opt.Type(str))
    """Where replies go: the steering group's mailbox. The sender when not set."""

    list_address = opt.Optional(opt.Type(str))
    """The mailing list the public edition goes to. `--to` sends elsewhere instead."""

    partnership_list_address = opt.Optional(opt.Type(str))
    """The mailing list for partner agencies' staff, which the partnership edition goes to."""

    header_image = opt.Optional(opt.Type(str))
    """An image for the top of the email (PNG, JPEG or GIF), as a path in the docs folder."""

    header_image_alt = opt.Optional(opt.Type(str))
    """What the header image shows, for people who cannot see it. Needed with header_image."""

    username = opt.Optional(opt.Type(str))
    """The mail server login, if it needs one. The password is never kept here."""

    password_variable = opt.Type(str, default=PASSWORD_VARIABLE)
    """The environment variable that holds the mail server password."""

    output_dir = opt.Type(str, default="email")
    """Where email editions are written, relative to mkdocs.yml (beside site/)."""


class NewsletterConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the newsletter features off without removing them from mkdocs.yml."""

    feeds = opt.ListOfItems(opt.SubConfig(FeedOptions, validate=True), default=[])
    """Outside research feeds: a list of name, url and optional tags."""

    cache_dir = opt.Type(str, default="data/feeds")
    """Folder of saved feed copies, kept in the repository, relative to mkdocs.yml."""

    entries_per_feed = opt.Type(int, default=5)
    """The most research entries a draft takes from one feed."""

    fetch_timeout = opt.Type((int, float), default=20)
    """Seconds `kb newsletter fetch` waits for each feed before giving up on it."""

    fetch_max_bytes = opt.Type(int, default=2_000_000)
    """The largest feed `kb newsletter fetch` will save, in bytes."""

    editors = opt.ListOfItems(opt.Type(str), default=[DEFAULT_OWNER])
    """Who edits new issues; written into each draft's front matter."""

    owner = opt.Type(str, default=DEFAULT_OWNER)
    """Who owns new issues; written into each draft's front matter."""

    topics = opt.ListOfItems(opt.SubConfig(TopicOptions, validate=True), default=[])
    """The sections of an issue, in order. Leave empty for the four sections the plan names."""

    atom_feeds = opt.Type(bool, default=True)
    """Publish Atom feeds of newsletter issues, new items and each plan section."""

    atom_entries = opt.Type(int, default=30)
    """The most entries in each Atom feed, newest first."""

    email = opt.SubConfig(EmailOptions, validate=True)
    """Settings for the email edition."""
