"""The content the project ships with builds cleanly and covers the whole plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT, article
from sofs_kb.indexes import Index
from sofs_kb.loader import load_bank
from sofs_kb.mkdocs_plugins.knowledge_bank import settings_from
from sofs_kb.model import ITEM_TYPES


@pytest.fixture(scope="module")
def bank():
    from mkdocs.config import load_config

    config = load_config(str(PROJECT / "mkdocs.yml"))
    return load_bank(settings_from(config, config.plugins["sofs/knowledge-bank"].config))


def test_enough_items_in_every_type_and_section(bank):
    assert len(bank.items) >= 24
    index = Index.build(bank.items)
    assert set(index.by_type) == set(ITEM_TYPES)
    assert [section.id for section in bank.plan] == [
        "leadership",
        "risk-sensible-practice",
        "learning",
        "system-alignment",
        "measuring-impact",
    ]
    for section in bank.plan:
        assert len(index.by_section[section.id]) >= 3, section.id
        assert len(section.evidence) >= 3, section.id
    assert len(bank.newsletters) >= 1


def test_practice_examples_are_anonymised_and_placed(bank):
    examples = [item for item in bank.items if item.type == "practice-example"]
    assert examples
    for example in examples:
        assert example.anonymised is True
        assert example.locality in bank.vocabulary.localities


def test_the_shipped_site_builds_with_every_page(shipped_site: Path):
    shipped = shipped_site
    for path in [
        "",
        "about",
        "principles",
        "vision",
        "accessibility",
        "plan",
        "plan/leadership",
        "knowledge-bank",
        "knowledge-bank/tool",
        "newsletters",
    ]:
        assert (shipped / path / "index.html").is_file(), path
    home = article(shipped, "")
    assert len(home.select(".kb-sections__item")) == 5


def test_no_page_uses_web_fonts_or_cdns(shipped_site: Path):
    shipped = shipped_site
    for html in shipped.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text, html
        assert "fonts.gstatic.com" not in text, html
        assert "cdn.jsdelivr.net" not in text, html
        assert "unpkg.com" not in text, html


def test_pagefind_is_the_only_search(shipped_site: Path):
    """Material's own search would make every reader download an index of the whole bank."""
    assert not (shipped_site / "search" / "search_index.json").exists()
    assert (shipped_site / "pagefind" / "pagefind-entry.json").is_file()
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    # Material starts its search worker only when its search box is on the page.
    assert 'data-md-component="search"' not in home
    assert 'class="md-header__button kb-header__search"' in home
