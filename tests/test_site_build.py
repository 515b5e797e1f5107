"""Build the fixture site for real and check what people would see."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import article, build_site, page


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    import shutil

    from conftest import FIXTURES

    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(FIXTURES / "site", project)
    return build_site(project)


def links(node) -> list[str]:
    return [a.get_text(" ", strip=True) for a in node.select("li.kb-card a.kb-card__title")]


def test_items_have_stable_addresses(built: Path):
    for path in [
        "knowledge-bank/tool/three-houses",
        "knowledge-bank/tool/scaling-questions",
        "knowledge-bank/practice-resource/mapping-guide",
        "knowledge-bank/research-summary/munro-review",
        "knowledge-bank/practice-example/network-meeting",
        "newsletters/2026-q3",
    ]:
        assert (built / path / "index.html").is_file(), path


def test_section_page_counts_its_items_by_type_and_lists_them_newest_first(built: Path):
    body = article(built, "plan/risk-sensible-practice")
    assert "4 items" in body.select_one(".kb-total").get_text()
    counts = [li.get_text(strip=True) for li in body.select(".kb-type-counts li")]
    assert counts == ["1 practice resource", "1 practice example", "2 tools"]
    # This site has no search page (no sofs/search), so nothing links to one.
    assert body.select(".kb-type-counts a") == [] and "search/" not in str(body)
    cards = body.select(".kb-cards .kb-card__title")
    dates = [card.find_parent("li").select_one("time")["datetime"] for card in cards]
    assert len(cards) == 4 and dates == sorted(dates, reverse=True)
    # Scaling questions (August 2026) comes before Three houses (March 2026).
    titles = [card.get_text() for card in cards]
    assert titles.index("Scaling questions") < titles.index("Three houses")


def test_section_page_shows_evidence_measures_from_front_matter(built: Path):
    body = article(built, "plan/learning")
    measures = [li.get_text(strip=True) for li in body.select(".kb-measures li")]
    assert measures == ["First measure for learning", "Second measure for learning"]
    assert body.find(id="measure-learning-measure-one") is not None


def test_type_page_lists_every_item_of_the_type(built: Path):
    body = article(built, "knowledge-bank/practice-resource")
    assert links(body) == ["A guide to three-column mapping", "Supervision prompts"]


def test_audience_locality_and_tag_pages(built: Path):
    assert links(article(built, "knowledge-bank/audience/health")) == [
        "A guide to three-column mapping",
        "Scaling questions",
    ]
    assert links(article(built, "knowledge-bank/locality/great-yarmouth")) == [
        "A family network meeting that changed the plan"
    ]
    # 'Voice of the child' and 'voice of the child' are one topic.
    assert links(article(built, "knowledge-bank/tags/voice-of-the-child")) == [
        "A guide to three-column mapping",
        "Three houses",
    ]
    tag_index = article(built, "knowledge-bank/tags").get_text(" ", strip=True)
    assert "voice of the child (2 items)" in tag_index


def test_drafts_and_embargoed_items_are_nowhere(built: Path):
    assert not (built / "knowledge-bank/practice-resource/unfinished-draft").exists()
    assert not (built / "knowledge-bank/practice-resource/future-guide").exists()
    for file in built.rglob("*"):
        if file.is_file() and file.suffix in {".html", ".xml", ".json", ".txt"}:
            text = file.read_text(encoding="utf-8", errors="replace")
            assert "DRAFT-CANARY" not in text, file
            assert "EMBARGO-CANARY" not in text, file


def test_metadata_panel(built: Path):
    panel = article(built, "knowledge-bank/tool/three-houses").select_one("aside.kb-meta")
    rows = {
        div.dt.get_text(strip=True): div.dd for div in panel.select("dl > div")
    }
    assert rows["Type"].get_text(strip=True) == "Tool"
    assert rows["Type"].a["href"] == "../"
    sections = rows["Plan sections"].find_all("a")
    assert [a.get_text() for a in sections] == ["Risk-sensible, collaborative practice", "Learning"]
    assert sections[0]["href"] == "../../../plan/risk-sensible-practice/"
    assert [a.get_text() for a in rows["For"].find_all("a")] == ["Children's social care", "Education"]
    assert rows["Owner"].get_text(strip=True) == "Superleaders group"
    assert rows["Published"].time["datetime"] == "2026-03-12"
    assert rows["Published"].get_text(strip=True) == "12 March 2026"
    assert rows["Review by"].get_text(strip=True) == "12 March 2027"


def test_type_specific_fields_are_shown(built: Path):
    tool = article(built, "knowledge-bank/tool/three-houses")
    steps = [li.get_text() for li in tool.find(id="how-to-use-it").find_next("ol").find_all("li")]
    assert steps == [
        "Draw three houses on a large sheet of paper.",
        "Ask the child what happens in each house.",
    ]
    research = article(built, "knowledge-bank/research-summary/munro-review")
    assert "Rules and targets had squeezed out time with children." in research.get_text()
    assert research.select_one(".kb-source a")["href"].startswith("https://www.gov.uk/")
    example = article(built, "knowledge-bank/practice-example/network-meeting")
    assert "Great Yarmouth" in example.select_one("aside.kb-meta").get_text()


def test_links_between_items_resolve(built: Path):
    body = article(built, "knowledge-bank/tool/three-houses")
    link = body.find("a", string="mapping guide")
    assert link["href"] == "../../practice-resource/mapping-guide/"


def test_home_page_shows_sections_with_counts_and_newest_items(built: Path):
    body = article(built, "")
    sections = body.select(".kb-sections__item")
    assert [s.a.get_text() for s in sections] == [
        "Leadership",
        "Risk-sensible, collaborative practice",
        "Learning",
        "System alignment",
        "Measuring impact",
    ]
    counts = [s.select_one(".kb-count").get_text() for s in sections]
    assert counts == ["2 items", "4 items", "2 items", "1 item", "1 item"]
    newest = links(body.find(id="newest").find_next("ul"))
    assert newest[0] == "A guide to three-column mapping"
    assert len(newest) == 5


def test_items_are_not_in_the_navigation(built: Path):
    nav = page(built, "").select_one("nav.md-nav--primary")
    nav_text = nav.get_text(" ", strip=True)
    assert "Three houses" not in nav_text
    assert "Practice resources" in nav_text or "practice resource" in nav_text.lower()
    # Pages stay small because the nav does not grow with the bank.
    size = (built / "knowledge-bank/tool/three-houses/index.html").stat().st_size
    assert size < 60_000


def test_newsletter_issue_and_archive(built: Path):
    issue = article(built, "newsletters/2026-q3")
    assert issue.h1.get_text() == "Signs of Safety news: summer 2026"
    assert "July to September 2026" in issue.get_text()
    # The issue's own text links to what it features; no second list repeats them.
    assert issue.find(id="featured") is None
    assert issue.find("a", string="network meeting")["href"] == "../../knowledge-bank/practice-example/network-meeting/"
    archive = article(built, "newsletters")
    assert archive.find("h2", id="year-2026") is not None


def test_no_page_loads_anything_from_another_host(built: Path):
    for html in built.rglob("*.html"):
        doc = page(html.parent, "") if html.name == "index.html" else None
        if doc is None:
            continue
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in doc.find_all(tag):
                url = node.get(attr) or ""
                if tag == "link" and "stylesheet" not in (node.get("rel") or []) and "preconnect" not in (node.get("rel") or []):
                    continue
                assert not url.startswith(("http://", "https://", "//")), f"{html}: {url}"


def test_item_pages_list_related_items(built: Path):
    body = article(built, "knowledge-bank/tool/three-houses")
    related = body.select_one("section.kb-related")
    assert related.h2.get_text() == "Related items"
    # Shared topic and section first; then newer before older at the same score.
    assert links(related) == [
        "A guide to three-column mapping",
        "A family network meeting that changed the plan",
        "The Munro review of child protection",
        "Scaling questions",
        "Supervision prompts",
    ]


def test_long_lists_go_on_over_pages_of_at_most_50_and_every_item_is_reachable(site_dir: Path):
    from datetime import date, timedelta

    from conftest import write

    for number in range(1, 121):
        day = date(2025, 1, 1) + timedelta(days=number)
        write(
            site_dir / "knowledge_bank" / "tool" / f"generated-{number:03}.md",
            f"---\ntitle: Generated tool {number:03}\nsummary: A tool made for this test.\ntype: tool\n"
            f"plan_sections: [learning]\naudience: [health]\ntags: [generated]\nowner: Test team\n"
            f"published: {day.isoformat()}\nreview_by: 2027-12-01\nstatus: published\nsteps:\n  - Use it.\n---\nText.\n",
        )
    site = build_site(site_dir)
    for first, kind, term in [
        ("plan/learning", "section", "learning"),
        ("knowledge-bank/tool", "type", "tool"),
        ("knowledge-bank/audience/health", "audience", "health"),
        ("knowledge-bank/tags/generated", "tag", "generated"),
    ]:
        body = article(site, first)
        pages = [first] + [link["href"] for link in body.select(".kb-pages a")[1:]]
        assert body.select_one(".kb-pages a")["aria-current"] == "page"
        seen = links(body)
        assert len(seen) == 50, first
        for number in range(2, len(pages) + 1):
            later = article(site, f"knowledge-bank/more/{kind}/{term}/{number}")
            shown = links(later)
            assert 0 < len(shown) <= 50
            seen += shown
            assert later.select_one(f".kb-pages a[aria-current=page]").get_text() == f"Page {number}"
        # Every item is on exactly one page of the list, newest first throughout.
        generated = [title for title in seen if title.startswith("Generated tool")]
        assert generated == [f"Generated tool {n:03}" for n in range(120, 0, -1)], first
        assert len(seen) == len(set(seen))
