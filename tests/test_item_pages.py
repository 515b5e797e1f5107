"""Item pages share one Markdown converter per build, and every page comes out the same."""

from __future__ import annotations

import shutil

from mkdocs.structure.pages import Page

from conftest import FIXTURES, build_site, page, write
from sofs_kb.mkdocs_plugins import item_pages, knowledge_bank
from test_frame_cache import every_file

# Every extension the site turns on, and headings that repeat from item to item: if one
# page's state leaked into the next, its heading ids or footnote-like state would change.
BODY = """
## Before you start {{#{anchor}}}

!!! note "Check first"
    Talk to the family's key worker.

| Step | Who |
|---|---|
| Plan | Worker |

Scale
:   A number from zero to ten.

## Overview

See [the other tool]({other}.md#first-steps) and [this page's overview](#overview).

## Overview

<div class="kb-note">A block written as markup, which the converter keeps aside while it works.</div>

Read [the guide][guide].
"""


def add_items(project) -> None:
    # Only the first defines the link [guide]: the second must not borrow it.
    definition = "\n[guide]: ../practice-resource/mapping-guide.md\n"
    for name, other, anchor, definition in (
        ("alpha-tool", "bravo-tool", "first-steps", definition),
        ("bravo-tool", "alpha-tool", "first-steps", ""),
    ):
        write(
            project / f"knowledge_bank/tool/{name}.md",
            f"""---
title: {name.replace("-", " ").capitalize()}
summary: A tool for trying the Markdown features.
type: tool
plan_sections: [learning]
audience: [health]
owner: Superleaders group
published: 2026-06-01
review_by: 2027-06-01
status: published
steps: [Use it.]
---
{BODY.format(other=other, anchor=anchor)}{definition}""",
        )


def test_shared_converter_gives_exactly_the_pages_mkdocs_would(tmp_path, monkeypatch):
    for name in ("shared", "own"):
        shutil.copytree(FIXTURES / "site", tmp_path / name)
        add_items(tmp_path / name)
    made, rendered = [], []
    real_converter, real_render = knowledge_bank.shared_converter, item_pages.ItemPage.render

    def counting_converter(config):
        made.append(config)
        return real_converter(config)

    def counting_render(self, config, files):
        rendered.append(self.file.src_uri)
        real_render(self, config, files)

    monkeypatch.setattr(knowledge_bank, "shared_converter", counting_converter)
    monkeypatch.setattr(item_pages.ItemPage, "render", counting_render)
    shared = build_site(tmp_path / "shared")
    assert len(made) == 1 and len(rendered) >= 8  # one converter for every item page
    second = page(shared, "knowledge-bank/tool/bravo-tool")
    assert second.find(id="overview_1") is not None and second.find(id="overview_2") is None
    assert "[the guide][guide]" in second.get_text() and "keeps aside" in second.get_text()

    monkeypatch.setattr(item_pages.ItemPage, "render", Page.render)  # MkDocs' own: a converter per page
    own = build_site(tmp_path / "own")
    shared_files, own_files = every_file(shared), every_file(own)
    assert shared_files.keys() == own_files.keys()
    # The compressed sitemap holds the time it was written, so it is left out.
    different = [name for name in shared_files if shared_files[name] != own_files[name] and name != "sitemap.xml.gz"]
    assert different == []
