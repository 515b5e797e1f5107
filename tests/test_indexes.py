"""Indexes over a handful of items, without a build."""

from __future__ import annotations

from datetime import date

from sofs_kb.indexes import Index
from sofs_kb.loader import newest_first
from sofs_kb.model.items import PracticeExample, Tool
from sofs_kb.quarters import Quarter


def tool(slug: str, published: str, sections: list[str], tags: list[str], audience=("health",)) -> Tool:
    item = Tool.model_construct(
        title=slug.title(),
        type="tool",
        plan_sections=sections,
        audience=list(audience),
        tags=tags,
        localities=[],
        published=date.fromisoformat(published),
        steps=["a"],
    )
    item.bind(slug=slug, path=f"knowledge_bank/tool/{slug}.md", body="x")
    return item


def test_index_groups_in_newest_first_order():
    items = sorted(
        [
            tool("old", "2025-01-01", ["learning"], ["safety planning"]),
            tool("new", "2026-05-01", ["learning", "leadership"], ["safety-planning"]),
            tool("mid", "2025-11-01", ["leadership"], ["supervision", "safety planning"], audience=("police",)),
        ],
        key=newest_first,
    )
    index = Index.build(items)
    assert [i.id for i in index.by_section["learning"]] == ["new", "old"]
    assert [i.id for i in index.by_section["leadership"]] == ["new", "mid"]
    assert [i.id for i in index.by_audience["police"]] == ["mid"]
    # Spellings that make the same address share one topic, labelled as most items spell it.
    assert [i.id for i in index.by_tag["safety-planning"]] == ["new", "mid", "old"]
    assert index.by_quarter[Quarter(2026, 2)][0].id == "new"
    assert index.tags_by_name() == [
        ("safety-planning", "safety planning", 3),
        ("supervision", "supervision", 1),
    ]


def test_newest_first_breaks_ties_by_title():
    a = tool("b-item", "2026-01-01", ["learning"], [])
    b = tool("a-item", "2026-01-01", ["learning"], [])
    assert [i.id for i in sorted([a, b], key=newest_first)] == ["a-item", "b-item"]


def test_practice_example_locality_is_indexed():
    example = PracticeExample.model_construct(
        title="Story", type="practice-example", plan_sections=["learning"], audience=["health"],
        tags=[], localities=[], locality="norwich", published=date(2026, 1, 1),
    )
    example.bind(slug="story", path="x", body="y")
    index = Index.build([example])
    assert [i.id for i in index.by_locality["norwich"]] == ["story"]
    assert index.by_type_within([example]) == [("practice-example", [example])]
