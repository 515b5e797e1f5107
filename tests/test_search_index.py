"""Pagefind indexes the built site, with facets, and only what the edition publishes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from conftest import article, build_site

CANARY = "PARTNERSHIP-ONLY-CANARY-7731"


def with_search(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text().replace(
        '      today: "2026-11-26"\n', '      today: "2026-11-26"\n  - sofs/search\n'
    )
    assert "sofs/search" in text
    config.write_text(text)
    return project


def add_partnership_item(project: Path) -> None:
    (project / "knowledge_bank/tool/partner-only.md").write_text(
        f"""---
title: Partner-only checklist {CANARY}
summary: For partner agencies only. {CANARY}
type: tool
plan_sections: [learning]
audience: [police]
owner: Superleaders group
published: 2026-05-01
review_by: 2027-05-01
status: published
visibility: partnership
steps: [Use it.]
---
Body {CANARY}.
""",
        encoding="utf-8",
    )


def pagefind_text(site: Path) -> str:
    """Every Pagefind file, decompressed, as one string."""
    chunks = []
    for file in (site / "pagefind").rglob("*"):
        if file.is_file() and file.suffix.startswith(".pf_"):
            chunks.append(gzip.decompress(file.read_bytes()).decode("utf-8", errors="replace"))
    return "\n".join(chunks)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    import shutil

    from conftest import FIXTURES

    built = {}
    for edition in ("public", "partnership"):
        project = tmp_path_factory.mktemp(edition) / "project"
        shutil.copytree(FIXTURES / "site", project)
        with_search(project)
        add_partnership_item(project)
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace('today: "2026-11-26"', f'today: "2026-11-26"\n      edition: {edition}'))
        built[edition] = build_site(project)
    return built


def test_the_index_is_built_with_every_facet(editions):
    site = editions["public"]
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert len(list((site / "pagefind" / "filter").glob("*.pf_filter"))) == 5
    text = pagefind_text(site)
    for value in ("Tool", "Learning", "Health", "Great Yarmouth", "2026"):
        assert value in text, value


def test_item_pages_declare_their_facets(editions):
    body = article(editions["public"], "knowledge-bank/practice-example/network-meeting")
    facets = {}
    for node in body.select("[data-pagefind-filter]"):
        name = node["data-pagefind-filter"]
        if ":" in name:
            name, value = name.split(":", 1)
        else:
            value = node.get_text(strip=True)
        facets.setdefault(name, []).append(value)
    assert facets == {
        "type": ["Practice example"],
        "section": ["Risk-sensible, collaborative practice", "Measuring impact"],
        "audience": ["Children's social care", "Voluntary and community sector"],
        "locality": ["Great Yarmouth"],
        "year": ["2026"],
    }
    assert body.select_one("[data-pagefind-body] h1")["data-pagefind-meta"] == "title"


def test_partnership_items_stay_out_of_the_public_index(editions):
    assert CANARY not in pagefind_text(editions["public"])
    assert CANARY in pagefind_text(editions["partnership"])


def test_search_page_exists_outside_the_navigation(editions):
    site = editions["public"]
    body = article(site, "search")
    assert body.select_one("form[role=search] label[for=kb-search-input]") is not None
    assert [f["data-facet"] for f in body.select("fieldset[data-facet]")] == [
        "type", "section", "audience", "locality", "month", "year",
    ]
    assert "Search needs JavaScript" in body.get_text()
    home = (site / "index.html").read_text()
    assert 'class="md-header__button kb-header__search"' in home


def test_every_page_marked_for_search_is_in_the_index(editions):
    # Pages Pagefind indexes render first, so it can write the index while the rest render.
    # Nothing may be lost by that: one fragment for each marked page, and one index.
    site = editions["public"]
    marked = [page for page in site.rglob("*.html") if "data-pagefind-body" in page.read_text(encoding="utf-8")]
    assert len(marked) > 10
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == len(marked)
    assert len(list((site / "pagefind").glob("*.pf_meta"))) == 1


def test_items_are_indexed_before_any_page_renders_and_the_index_is_written_while_they_render(tmp_path, monkeypatch):
    # MkDocs converts every page's Markdown before it renders any. Items go to Pagefind as soon
    # as they are converted, so Pagefind can write its index while the item pages render.
    import shutil

    from conftest import FIXTURES
    from sofs_kb.mkdocs_plugins.knowledge_bank import KnowledgeBankPlugin
    from sofs_kb.pagefind_stream import PagefindStream

    events: list[tuple[str, str]] = []
    add_page, start_write, post_page = PagefindStream.add_page, PagefindStream.start_write, KnowledgeBankPlugin.on_post_page

    def recording_add_page(self, url, html):
        events.append(("indexed", url))
        add_page(self, url, html)

    def recording_start_write(self, output_path):
        events.append(("write", ""))
        start_write(self, output_path)

    def recording_post_page(self, output, *, page, config):
        events.append(("rendered", "/" + page.url))
        return post_page(self, output, page=page, config=config)

    monkeypatch.setattr(PagefindStream, "add_page", recording_add_page)
    monkeypatch.setattr(PagefindStream, "start_write", recording_start_write)
    monkeypatch.setattr(KnowledgeBankPlugin, "on_post_page", recording_post_page)
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project)
    site = build_site(with_search(project))

    items = {url for kind, url in events if kind == "indexed" and url.count("/") == 4 and url.startswith("/knowledge-bank/")}
    assert len(items) > 5
    first_item_rendered = next(i for i, (kind, url) in enumerate(events) if kind == "rendered" and url in items)
    first_rendered = next(i for i, (kind, _) in enumerate(events) if kind == "rendered")
    assert all(i < first_rendered for i, (kind, url) in enumerate(events) if kind == "indexed" and url in items)
    assert events.index(("write", "")) < first_item_rendered
    # Nothing is indexed twice, and every page marked for search is in the index.
    indexed = [url for kind, url in events if kind == "indexed"]
    assert len(indexed) == len(set(indexed))
    marked = [page for page in site.rglob("*.html") if "data-pagefind-body" in page.read_text(encoding="utf-8")]
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == len(marked) == len(indexed)


def test_a_page_after_an_early_write_is_indexed_too(tmp_path):
    from sofs_kb.pagefind_stream import PagefindStream

    def page(word: str) -> str:
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>'
            f"<div data-pagefind-body><h1>{word}</h1><p>All about {word}.</p></div></body></html>"
        )

    out = tmp_path / "pagefind"
    stream = PagefindStream(config={"force_language": "en"})
    try:
        stream.add_page("/alpha/", page("alpha"))
        stream.add_page("/bravo/", page("bravo"))
        stream.start_write(out)
        stream.add_page("/charlie/", page("charlie"))  # arrives late: the index is written again
        stream.write(out)
    finally:
        stream.close()
    assert len(list((out / "fragment").glob("*.pf_fragment"))) == 3
    assert len(list(out.glob("*.pf_meta"))) == 1
    assert "charlie" in pagefind_text(tmp_path)


def test_pagefind_is_sent_only_what_it_indexes():
    from sofs_kb.mkdocs_plugins.search import indexable_part

    page = (
        '<!doctype html><html lang="en-GB"><head><title>x</title></head><body><nav>Menu</nav>'
        "<article><div data-pagefind-body><h1>Title</h1><p>Body text.</p></div>"
        '<section class="kb-related" data-pagefind-ignore><h2>Related items</h2><p>Other item</p></section>'
        "<section data-pagefind-ignore><section>Nested, so left for Pagefind</section></section>"
        "</article><footer>Footer</footer></body></html>"
    )
    sent = indexable_part(page)
    assert sent.startswith('<!doctype html><html lang="en-GB">')
    assert "Body text." in sent and "Nested, so left for Pagefind" in sent
    assert "Related items" not in sent and "Other item" not in sent
    assert "Menu" not in sent and "Footer" not in sent


def test_facet_totals_count_each_page_once_per_value():
    from sofs_kb.search import FacetTotals

    totals = FacetTotals()
    totals.add_page(
        '<a data-pagefind-filter="audience">Children&#39;s  social care</a>'
        '<a href="x" data-pagefind-filter="audience">Police</a>'
        '<a data-pagefind-filter="audience">Police</a>'
        '<dd data-pagefind-filter="year:2026"><time>1 May 2026</time></dd>'
        '<a data-pagefind-filter="colour">Blue</a>'
    )
    totals.add_page('<div data-pagefind-filter="type:Newsletter"><span data-pagefind-filter="year:2025">x</span></div>')
    # The text of an element counts without its markup; an element never closed counts for nothing.
    totals.add_page('<li class="x" data-pagefind-filter="section"><b>Leadership</b></li><a data-pagefind-filter="locality">Lost')
    assert totals.as_dict() == {
        "type": {"Newsletter": 1},
        "section": {"Leadership": 1},
        "audience": {"Children's social care": 1, "Police": 1},
        "locality": {},
        "month": {},
        "year": {"2025": 1, "2026": 1},
    }


def test_the_search_pages_counts_cover_only_what_the_edition_publishes(editions):
    import json

    def totals(site: Path) -> dict:
        return json.loads(article(site, "search").select_one("[data-kb-facet-totals]")["data-kb-facet-totals"])

    public, partnership = totals(editions["public"]), totals(editions["partnership"])
    # The partner-only item is a tool for the police, filed under Learning.
    assert partnership["type"]["Tool"] == public["type"]["Tool"] + 1
    assert partnership["audience"]["Police"] == public["audience"].get("Police", 0) + 1
    assert partnership["section"]["Learning"] == public["section"].get("Learning", 0) + 1
    site = editions["public"]
    items = [page for kind in ("practice-resource", "research-summary", "practice-example", "tool")
             for page in site.glob(f"knowledge-bank/{kind}/*/index.html")]
    item_types = {"Practice resource", "Research summary", "Practice example", "Tool"}
    assert sum(count for name, count in public["type"].items() if name in item_types) == len(items)
    assert public["type"]["Newsletter"] == len(list(site.glob("newsletters/*/index.html")))
    # Every page searched is of one type: plan sections and hand-written pages have theirs.
    assert public["type"]["Plan section"] == 5
