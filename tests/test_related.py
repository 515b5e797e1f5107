"""Related items come from the indexes, weigh shared topics most, and break ties the same way every time."""

from __future__ import annotations

from datetime import date

from sofs_kb.indexes import Index
from sofs_kb.loader import newest_first
from sofs_kb.model.items import Tool
from sofs_kb.related import RelatedFinder


def tool(slug, published, sections, tags, audience=("health",)):
    item = Tool.model_construct(
        title=slug.replace("-", " "),
        type="tool",
        plan_sections=list(sections),
        audience=list(audience),
        tags=list(tags),
        localities=[],
        published=date.fromisoformat(published),
        steps=["a"],
    )
    item.bind(slug=slug, path=f"knowledge_bank/tool/{slug}.md", body="x")
    return item


def finder_for(items):
    items = sorted(items, key=newest_first)
    return RelatedFinder(Index.build(items), items), {i.id: i for i in items}


def test_shared_topics_count_most_and_the_item_itself_is_left_out():
    finder, by_id = finder_for([
        tool("subject", "2026-01-01", ["learning"], ["mapping", "supervision"]),
        tool("two-topics", "2024-01-01", ["leadership"], ["mapping", "supervision"], audience=["police"]),
        tool("one-topic", "2026-06-01", ["leadership"], ["mapping"], audience=["police"]),
        tool("same-section", "2026-06-01", ["learning"], ["other"], audience=["police"]),
        tool("same-audience", "2026-06-01", ["leadership"], ["other"]),
        tool("nothing-shared", "2026-06-01", ["leadership"], ["other"], audience=["police"]),
    ])
    related = [i.id for i in finder.related(by_id["subject"])]
    assert related == ["two-topics", "one-topic", "same-section", "same-audience"]


def test_ties_go_to_the_newest_then_the_title_and_stop_at_five():
    items = [tool("subject", "2026-01-01", ["learning"], ["mapping"])]
    items += [tool(f"peer-{n}", f"2025-0{n}-01", ["learning"], ["mapping"]) for n in range(1, 8)]
    items += [tool("peer-twin", "2025-07-01", ["learning"], ["mapping"])]
    finder, by_id = finder_for(items)
    related = [i.id for i in finder.related(by_id["subject"])]
    assert related == ["peer-7", "peer-twin", "peer-6", "peer-5", "peer-4"]
    assert [i.id for i in finder.related(by_id["subject"])] == related
