"""Editions: partnership-only content is absent from every file of the public build, and
drafts and embargoed items are in neither edition.

The scan reads every file the build writes (pages, sitemap.xml and its
gzipped copy, the search index, feeds, anything added later) and its path,
so new outputs are covered without changing this test.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, article, write
from sofs_kb.build import build_site as kb_build

CANARY = "PARTNER-CANARY"
SLUG = "partner-canary-item"
TAG = "partner canary topic"
IMAGE = "partner-canary-diagram.png"
DRAFT_CANARIES = ["DRAFT-CANARY", "unfinished-draft", "EMBARGO-CANARY", "future-guide", "Embargoed guide"]

PARTNER_ITEM = f"""---
title: {CANARY} title for partners only
summary: {CANARY} summary.
type: tool
plan_sections: [system-alignment]
audience: [police, families]
localities: [breckland]
tags: [{TAG}, supervision]
owner: Superleaders group
published: 2026-10-01
review_by: 2027-10-01
status: published
visibility: partnership
steps: [{CANARY} step.]
---
## Agreed with partners

{CANARY} body text. ![A diagram of the partner process]({IMAGE})
"""

PARTNER_ISSUE = f"""---
title: {CANARY} partners' newsletter
summary: {CANARY} news for partners.
type: newsletter
issue: 9
quarter: 2026-Q2
editors: [Steering group]
owner: Steering group
published: 2026-06-20
status: published
visibility: partnership
---
{CANARY} newsletter body.
"""

# A PNG whose bytes hold the canary, so a copied image is caught too.
PNG = b"\x89PNG\r\n\x1a\n" + CANARY.encode() + b"\x00" * 16


def add_partner_content(project: Path) -> None:
    write(project / f"knowledge_bank/tool/{SLUG}.md", PARTNER_ITEM)
    (project / f"knowledge_bank/tool/{IMAGE}").write_bytes(PNG)
    write(project / "newsletters/2026-q2.md", PARTNER_ISSUE)
    issue = project / "newsletters/2026-q3.md"
    issue.write_text(issue.read_text().replace("featured: [network-meeting, munro-review]",
                                               f"featured: [network-meeting, {SLUG}, munro-review]"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("editions")
    project = root / "project"
    shutil.copytree(FIXTURES / "site", project)
    baseline = root / "baseline"
    shutil.copytree(FIXTURES / "site", baseline)
    add_partner_content(project)
    config = project / "mkdocs.yml"
    return {
        "public": kb_build(config, root / "public", "public"),
        "partnership": kb_build(config, root / "partnership", "partnership"),
        # The same site with no partnership content at all: what the public edition must equal.
        "baseline": kb_build(baseline / "mkdocs.yml", root / "baseline-site", "public"),
    }


def outputs(site: Path) -> dict[str, bytes]:
    """Every file of a build, by its path, gzipped files unpacked."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            found[path.relative_to(site).as_posix()] = data
    return found


def files_containing(site: Path, needle: str) -> list[str]:
    lowered = needle.lower().encode()
    return [
        rel
        for rel, data in outputs(site).items()
        if lowered in rel.lower().encode() or lowered in data.lower()
    ]


@pytest.mark.parametrize("needle", [CANARY, SLUG, TAG, "partner-canary-topic", IMAGE])
def test_partnership_only_content_is_in_no_file_of_the_public_edition(needle: str, sites):
    assert files_containing(sites["public"], needle) == []
    # The scan can see it: the partnership edition has it in pages, search and sitemap.
    found = files_containing(sites["partnership"], needle)
    assert found, needle


def test_the_scan_covers_the_sitemap_search_index_and_gzip(sites):
    found = files_containing(sites["partnership"], SLUG)
    assert "sitemap.xml" in found
    assert "sitemap.xml.gz" in found
    assert "search/search_index.json" in found
    assert f"knowledge-bank/tool/{SLUG}/index.html" in found


def test_the_public_edition_is_exactly_the_site_without_partnership_content(sites):
    """Counts, list pages, tag pages and the home page reveal nothing: every file is the same."""
    public, baseline = outputs(sites["public"]), outputs(sites["baseline"])
    assert sorted(public) == sorted(baseline)
    changed = [rel for rel in public if public[rel] != baseline[rel]]
    assert changed == []


def test_the_partnership_edition_counts_and_lists_the_item(sites):
    partner, public = sites["partnership"], sites["public"]
    assert (partner / f"knowledge-bank/tool/{IMAGE}").is_file()
    assert (partner / "knowledge-bank/tags/partner-canary-topic/index.html").is_file()
    assert not (public / "knowledge-bank/tags/partner-canary-topic").exists()

    def count(site: Path, section: str) -> str:
        for item in article(site, "").select(".kb-sections__item"):
            if item.a.get_text() == section:
                return item.select_one(".kb-count").get_text()
        raise AssertionError(section)

    assert count(public, "System alignment") == "1 item"
    assert count(partner, "System alignment") == "2 items"
    section = article(partner, "plan/system-alignment").get_text()
    assert CANARY in section
    assert CANARY not in article(public, "plan/system-alignment").get_text()


@pytest.mark.parametrize("edition", ["public", "partnership"])
@pytest.mark.parametrize("needle", DRAFT_CANARIES)
def test_drafts_and_embargoed_items_are_in_neither_edition(edition: str, needle: str, sites):
    assert files_containing(sites[edition], needle) == []


def test_an_image_used_only_by_a_draft_waits_for_the_draft(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project)
    draft = project / "knowledge_bank/practice-resource/unfinished-draft.md"
    draft.write_text(draft.read_text() + "\n![A draft chart](draft-chart.png)\n")
    (project / "knowledge_bank/practice-resource/draft-chart.png").write_bytes(PNG)
    used = project / "knowledge_bank/practice-resource/mapping-guide.md"
    used.write_text(used.read_text() + "\n![A mapping sheet](mapping-sheet.png)\n")
    (project / "knowledge_bank/practice-resource/mapping-sheet.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site = kb_build(project / "mkdocs.yml", tmp_path / "site", "partnership")
    assert (site / "knowledge-bank/practice-resource/mapping-sheet.png").is_file()
    assert not (site / "knowledge-bank/practice-resource/draft-chart.png").exists()
