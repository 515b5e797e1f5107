"""Atom feeds in the built site: newsletter issues, new items and each plan section."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, build_site, page, write

SITE_URL = "https://example.org/kb/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("atom") / "project"
    shutil.copytree(FIXTURES / "site", project)
    # A partnership-only item and a draft issue must stay out of the public feeds.
    tool = project / "knowledge_bank/tool/scaling-questions.md"
    tool.write_text(tool.read_text().replace("status: published", "status: published\nvisibility: partnership"))
    q3 = (project / "newsletters/2026-q3.md").read_text()
    write(
        project / "newsletters/2026-q4.md",
        q3.replace("2026-Q3", "2026-Q4").replace("issue: 1", "issue: 2").replace("status: published", "status: draft"),
    )
    return build_site(project)


def parse(site: Path, path: str):
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_every_feed_parses_cleanly_with_absolute_links(built: Path):
    paths = sorted(p.name for p in built.glob("feed-*.xml"))
    assert paths == [
        "feed-knowledge-bank.xml",
        "feed-newsletters.xml",
        "feed-plan-leadership.xml",
        "feed-plan-learning.xml",
        "feed-plan-measuring-impact.xml",
        "feed-plan-risk-sensible-practice.xml",
        "feed-plan-system-alignment.xml",
    ]
    for path in paths:
        feed = parse(built, path)
        links = [link.href for link in feed.feed.links] + [entry.link for entry in feed.entries]
        assert all(link.startswith(SITE_URL) for link in links), path
        for entry in feed.entries:
            target = entry.link.removeprefix(SITE_URL)
            assert (built / target / "index.html").is_file(), entry.link
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        assert self_link == SITE_URL + path


def test_newsletter_feed_has_published_issues_only(built: Path):
    feed = parse(built, "feed-newsletters.xml")
    assert [(entry.title, entry.link) for entry in feed.entries] == [
        ("Signs of Safety news: summer 2026", SITE_URL + "newsletters/2026-q3/")
    ]
    assert feed.entries[0].published.startswith("2026-09-25")
    assert feed.entries[0].summary == "News from the summer."


def test_items_feed_lists_public_published_items_newest_first(built: Path):
    feed = parse(built, "feed-knowledge-bank.xml")
    assert [entry.link.removeprefix(SITE_URL) for entry in feed.entries] == [
        "knowledge-bank/practice-resource/mapping-guide/",
        "knowledge-bank/practice-example/network-meeting/",
        "knowledge-bank/research-summary/munro-review/",
        "knowledge-bank/tool/three-houses/",
        "knowledge-bank/practice-resource/supervision-prompts/",
    ]  # no partnership-only tool, no draft, no embargoed item
    assert feed.feed.updated.startswith("2026-10-05")


def test_each_plan_section_has_its_own_feed(built: Path):
    feed = parse(built, "feed-plan-risk-sensible-practice.xml")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["A guide to three-column mapping", "A family network meeting that changed the plan", "Three houses"]
    assert feed.feed.title == "Fixture bank: Risk-sensible, collaborative practice"


def test_pages_link_to_their_feed_in_the_head(built: Path):
    # Head links are relative, so a local preview never asks the live site for anything;
    # feed readers resolve them against the page's address.
    head = page(built, "newsletters/2026-q3").head
    link = head.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "../../feed-newsletters.xml"
    assert link["title"] == "Fixture bank: newsletter"
    archive = page(built, "newsletters")
    assert archive.head.find("link", type="application/atom+xml")["href"] == "../feed-newsletters.xml"
    assert archive.find("p", class_="kb-feed").a["href"] == SITE_URL + "feed-newsletters.xml"
    section = page(built, "plan/learning").head.find("link", type="application/atom+xml")
    assert section["href"] == "../../feed-plan-learning.xml"
    bank = page(built, "knowledge-bank").head.find("link", type="application/atom+xml")
    assert bank["href"] == "../feed-knowledge-bank.xml"


def test_feeds_need_a_site_url(site_dir: Path, caplog):
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://example.org/kb/\n", ""))
    with pytest.raises(Abort):
        build_site(site_dir)
    assert (
        "mkdocs.yml: site_url: is needed for the Atom feeds, which must use full web addresses."
        in caplog.text
    )


def test_feeds_can_be_switched_off(site_dir: Path):
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - sofs/newsletter:\n", "  - sofs/newsletter:\n      atom_feeds: false\n"))
    site = build_site(site_dir)
    assert not (site / "feeds").exists()
    assert page(site, "newsletters/2026-q3").head.find("link", type="application/atom+xml") is None
