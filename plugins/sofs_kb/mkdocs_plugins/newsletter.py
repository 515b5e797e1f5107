"""The `sofs/newsletter` MkDocs plugin: Atom feeds in the build, and newsletter settings for `kb newsletter`.

- on_config: checks the options and that `site_url` is set (feeds need absolute addresses);
- on_files: adds the Atom feeds, from the content the knowledge-bank plugin loaded;
- on_env: lets page templates link to the feeds (`kb_feeds`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import urls
from ..newsletter.atom import FeedLinks, plan_feeds, render_feed
from ..newsletter.links import absolute
from ..newsletter.settings import (
    DEFAULT_TOPICS,
    EmailSettings,
    MAX_FETCH_SECONDS,
    FeedSource,
    NewsletterSettings,
    Topic,
)
from . import BoundedOptions
from .newsletter_config import NewsletterConfig
from .project import knowledge_bank

log = logging.getLogger("mkdocs.plugins.sofs_kb")

NAME = "sofs/newsletter"


class NewsletterPlugin(BoundedOptions, BasePlugin[NewsletterConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.links: FeedLinks | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        name = Path(config.config_file_path).name
        problems = option_problems(self.config, name)
        problems += newsletter_settings(self.config, Path(config.config_file_path).parent, name).email.problems(
            Path(config.docs_dir), f"{name}: plugins: {NAME}: email"
        )
        if self.config.atom_feeds and not config.site_url:
            problems.append(
                f"{Path(config.config_file_path).name}: site_url: is needed for the Atom feeds, "
                "which must use full web addresses. Set it to the site's address, like https://example.org/."
            )
        if problems:
            for problem in problems:
                log.error(problem)
            raise PluginError("The sofs/newsletter options need fixing.")
        return None

    # After the knowledge-bank plugin's on_files (priority 0), which decides the site's pages.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.links = None
        if not self.config.enabled or not self.config.atom_feeds:
            return None
        main = knowledge_bank(config)
        if main.view is None:
            return None
        bank = main.view.bank

        def url_for(src_uri: str) -> str:
            return absolute(config.site_url, src_uri, config.use_directory_urls)

        feeds = plan_feeds(
            bank,
            site_name=config.site_name,
            archive_uri=urls.newsletter_archive(),
            bank_uri=urls.bank_index(),
            limit=self.config.atom_entries,
        )
        clashes = []
        for feed in feeds:
            existing = files.get_file_from_path(feed.src_uri)
            if existing is not None:
                clashes.append(f"{existing.src_path}: file: has the same address as an Atom feed. Rename or remove it.")
                continue
            xml = render_feed(feed, url_for, today=bank.settings.today, author=config.site_name)
            files.append(File.generated(config, feed.src_uri, content=xml, inclusion=InclusionLevel.NOT_IN_NAV))
        if clashes:
            for clash in clashes:
                log.error(clash)
            raise PluginError("Some files in the docs folder clash with the Atom feeds.")
        self.links = FeedLinks(feeds, url_for)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled:
            return None
        env.globals["kb_feeds"] = self.links
        return env


def option_problems(options: NewsletterConfig, config_name: str) -> list[str]:
    """Mistakes in the options that MkDocs' own checks let through, as `file: field: reason`."""
    where = f"{config_name}: plugins: {NAME}"
    problems = []
    names: set[str] = set()
    for number, feed in enumerate(options.feeds, start=1):
        if urlsplit(feed.url).scheme not in ("http", "https"):
            problems.append(f"{where}: feeds (item {number}): url: '{feed.url}' must start with https:// or http://.")
        slug = urls.slug_for(feed.name)
        if not slug:
            problems.append(f"{where}: feeds (item {number}): name: must have letters or numbers in it.")
        elif slug in names:
            problems.append(f"{where}: feeds (item {number}): name: '{feed.name}' is used by another feed.")
        names.add(slug)
    ids = set()
    for number, topic in enumerate(options.topics, start=1):
        if topic.id in ids:
            problems.append(f"{where}: topics (item {number}): id: '{topic.id}' is used twice.")
        ids.add(topic.id)
    for name in ("entries_per_feed", "atom_entries", "fetch_max_bytes"):
        if options[name] < 1:
            problems.append(f"{where}: {name}: must be 1 or more.")
    if not 0 < options.fetch_timeout <= MAX_FETCH_SECONDS:  # nan fails this too
        problems.append(f"{where}: fetch_timeout: must be more than 0 and at most {MAX_FETCH_SECONDS:g} seconds.")
    return problems


def newsletter_settings(options: NewsletterConfig, project_dir: Path, config_name: str) -> NewsletterSettings:
    """Core settings from the plugin's options; paths are taken from mkdocs.yml's folder."""
    topics = tuple(
        Topic(
            id=topic.id,
            title=topic.title,
            types=tuple(topic.types),
            tags=tuple(tag.lower() for tag in topic.tags),
            research=topic.research,
            training=topic.training,
        )
        for topic in options.topics
    ) or DEFAULT_TOPICS
    email = options.email
    return NewsletterSettings(
        config_name=config_name,
        cache_dir=project_dir / options.cache_dir,
        feeds=tuple(FeedSource(feed.name, feed.url, tuple(feed.tags)) for feed in options.feeds),
        topics=topics,
        editors=tuple(options.editors),
        owner=options.owner,
        entries_per_feed=options.entries_per_feed,
        fetch_timeout=float(options.fetch_timeout),
        fetch_max_bytes=options.fetch_max_bytes,
        email=EmailSettings(
            smtp_host=email.smtp_host,
            smtp_port=email.smtp_port,
            starttls=email.starttls,
            sender=email.sender,
            reply_to=email.reply_to,
            list_address=email.list_address,
            partnership_list_address=email.partnership_list_address,
            header_image=email.header_image,
            header_image_alt=email.header_image_alt,
            username=email.username,
            password_variable=email.password_variable,
            output_dir=project_dir / email.output_dir,
        ),
    )
