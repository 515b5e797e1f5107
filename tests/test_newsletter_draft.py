"""`kb newsletter draft`, run as an editor runs it, on a copy of the fixture site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, article, build_site, switch_off, write
from sofs_kb.loader import load_bank
from sofs_kb.newsletter.draft import build_draft, published_in, render_draft
from sofs_kb.newsletter.settings import NewsletterSettings
from sofs_kb.newsletter.training import TrainingEvent
from sofs_kb.quarters import Quarter
from sofs_kb.settings import Settings
from sofs_kb.sources import read_source

KB = [sys.executable, "-m", "sofs_kb.cli"]
HEADINGS = [
    "Multi-agency practice achievements",
    "Good examples of Signs of Safety practice",
    "Useful research and development tools",
    "Research from other organisations",
    "Training and development opportunities",
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(site_dir: Path) -> Path:
    """The fixture site with its research feed saved, as after `kb newsletter fetch`."""
    cache = site_dir / "data/feeds"
    cache.mkdir(parents=True)
    shutil.copy(FIXTURES / "feeds/rss20.xml", cache / "practice-research.xml")
    return site_dir


def front_matter(path: Path) -> dict:
    source, problems = read_source(path, path.name)
    assert not problems, problems
    return source.meta


def headings(text: str) -> list[str]:
    return re.findall(r"^#{2,3} (.+)$", text, re.MULTILINE)


def section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_draft_writes_the_issue_from_templates(project: Path):
    result = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "newsletters/2026-q4.md"
    assert "Wrote newsletters/2026-q4.md: issue 2, 1 item and 2 research entries." in result.stdout
    meta = front_matter(path)
    assert meta == {
        "title": "Signs of Safety news: autumn 2026",
        "summary": "1 new item from the knowledge bank, research from other organisations and training news for autumn 2026.",
        "type": "newsletter",
        "issue": 2,
        "quarter": "2026-Q4",
        "editors": ["Signs of Safety Partnership Steering Group"],
        "owner": "Signs of Safety Partnership Steering Group",
        "status": "draft",
        "featured": ["mapping-guide"],
    }
    text = path.read_text()
    assert headings(text) == HEADINGS
    assert "<!--\nEditor's checklist." in text and "kb newsletter email 2026-q4\n-->" in text
    good = section(text, "Good examples of Signs of Safety practice")
    assert "- **[A guide to three-column mapping](../knowledge-bank/practice-resource/mapping-guide.md)**: " in good
    assert "No new items for this section were published in October to December 2026." in section(
        text, "Multi-agency practice achievements"
    )
    research = section(text, "Useful research and development tools")
    assert "No new research summaries or tools were published in October to December 2026." in research
    assert (
        "- **[Voice of the child in assessments](https://research.example.org/voice-of-the-child)** "
        "(Practice research, 7 October 2026): How children's words change plans." in research
    )
    assert "Summer reading list" not in text  # July: outside the quarter
    training = section(text, "Training and development opportunities")
    assert "No training data is available yet, so there are no dates here." in training
    assert "January to March 2027" in training


def test_feed_text_cannot_inject_markdown_or_html(project: Path):
    run("newsletter", "draft", "2026-Q4", cwd=project)
    path = project / "newsletters/2026-q4.md"
    text = path.read_text()
    assert "**[Scaling questions \\[click\\](javascript:alert(1))](https://research.example.org/scaling)**" in text
    assert "<script" not in text and "onclick" not in text and "<iframe" not in text
    # Published and built, the page shows the words but runs nothing.
    text = text.replace("status: draft", "status: published\npublished: 2026-11-20")
    path.write_text(text)
    # An unedited draft is not plain enough to pass the content checks; this test is about safety.
    body = article(build_site(switch_off(project, "sofs/checks")), "newsletters/2026-q4")
    assert body.find("script") is None and body.find("iframe") is None
    assert not [a for a in body.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    assert "Scaling questions [click](javascript:alert(1))" in body.get_text()


@pytest.mark.parametrize("spelling", ["2026q4", "2026Q4", "2026-q4", " 2026-Q4 "])
def test_quarter_spellings(project: Path, spelling: str):
    result = run("newsletter", "draft", spelling, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "newsletters/2026-q4.md").is_file()


def test_two_runs_give_byte_identical_files(project: Path):
    run("newsletter", "draft", "2026-Q4", cwd=project)
    first = (project / "newsletters/2026-q4.md").read_bytes()
    result = run("newsletter", "draft", "2026-Q4", "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Replaced newsletters/2026-q4.md with a fresh draft" in result.stdout
    assert (project / "newsletters/2026-q4.md").read_bytes() == first


def test_an_existing_issue_is_never_overwritten(project: Path):
    run("newsletter", "draft", "2026-Q4", cwd=project)
    path = project / "newsletters/2026-q4.md"
    edited = path.read_text().replace("Welcome to the autumn 2026 issue", "Our editor wrote this welcome")
    path.write_text(edited)

    again = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert again.returncode == 0
    assert path.read_text() == edited
    assert "Nothing is new since it was drafted" in again.stdout
    assert not (project / "newsletters/2026-q4.new.md").exists()

    # A new item and a new research entry appear.
    item = (project / "knowledge_bank/practice-resource/mapping-guide.md").read_text()
    write(
        project / "knowledge_bank/tool/family-map.md",
        item.replace("type: practice-resource", "type: tool\nsteps: [Draw the map]")
        .replace("published: 2026-10-05", "published: 2026-11-02")
        .replace("A guide to three-column mapping", "Family map"),
    )
    (project / "data/feeds/practice-research.xml").write_text(
        (FIXTURES / "feeds/rss20.xml").read_text().replace("voice-of-the-child", "voice-of-the-child-2")
    )
    newer = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert newer.returncode == 0, newer.stderr
    assert path.read_text() == edited
    assert "newsletters/2026-q4.md already exists, so it was left as it is. New since it was drafted:" in newer.stdout
    assert "  - item: Family map (family-map)" in newer.stdout
    assert (
        "  - research: Voice of the child in assessments (Practice research, "
        "https://research.example.org/voice-of-the-child-2)" in newer.stdout
    )
    assert "Wrote newsletters/2026-q4.new.md" in newer.stdout and "--force" in newer.stdout
    beside = (project / "newsletters/2026-q4.new.md").read_text()
    assert "../knowledge-bank/tool/family-map.md" in beside
    # The .new.md file is never published, so the site still builds with the edited issue.
    # (The checks would rightly object to the unedited draft text; they are not under test here.)
    build_site(switch_off(project, "sofs/checks"))

    forced = run("newsletter", "draft", "2026-Q4", "--force", cwd=project)
    assert forced.returncode == 0
    assert "Our editor wrote this welcome" not in path.read_text()
    assert "family-map" in front_matter(path)["featured"]


def test_an_existing_issue_keeps_its_number(project: Path):
    result = run("newsletter", "draft", "2026-Q3", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "newsletters/2026-q3.md already exists" in result.stdout
    new = front_matter(project / "newsletters/2026-q3.new.md")
    assert new["issue"] == 1
    assert new["featured"] == ["network-meeting", "munro-review", "scaling-questions"]
    # The issue already features the other two.
    assert [line for line in result.stdout.splitlines() if line.startswith("  - ")] == [
        "  - item: Scaling questions (scaling-questions)",
        "  - research: Summer reading list (Practice research, https://research.example.org/summer-reading)",
    ]


def test_a_quarter_with_no_content_says_so_in_each_section(project: Path):
    result = run("newsletter", "draft", "2027-Q2", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (
        "Warning: newsletters/2027-q2.md: content: nothing was published in April to June 2027, "
        "so each section says so." in result.stderr
    )
    text = (project / "newsletters/2027-q2.md").read_text()
    assert headings(text) == HEADINGS
    assert text.count("No new items for this section were published in April to June 2027.") == 2
    assert "No new research summaries or tools were published in April to June 2027." in text
    assert "No research from other organisations was found for April to June 2027." in text
    assert front_matter(project / "newsletters/2027-q2.md")["featured"] == []


@pytest.mark.parametrize("bad", ["2026-Q5", "autumn", "26q4", "2026-Q"])
def test_a_malformed_quarter_is_refused(project: Path, bad: str):
    result = run("newsletter", "draft", bad, cwd=project)
    assert result.returncode == 1
    assert f"quarter: '{bad}' is not a quarter. Write the year and the quarter number, like 2026-Q4" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "newsletters").iterdir()) == ["2026-q3.md"]


def test_an_issue_featuring_a_missing_item_is_named(project: Path):
    issue = project / "newsletters/2026-q3.md"
    issue.write_text(issue.read_text().replace("featured: [network-meeting, munro-review]", "featured: [network-meeting, no-such-item]"))
    result = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert result.returncode == 1
    assert (
        "newsletters/2026-q3.md: featured: 'no-such-item' is not an item in the knowledge bank. "
        "Use the item's file name without .md." in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (project / "newsletters/2026-q4.md").exists()


def test_an_issue_with_invalid_front_matter_is_named(project: Path):
    write(project / "newsletters/2026-q4.md", "---\ntitle: Autumn: news\nissue: two\n---\nText\n")
    result = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert result.returncode == 1
    assert "newsletters/2026-q4.md: front matter: line 2 is not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    write(project / "newsletters/2026-q4.md", "---\ntitle: Autumn news\ntype: newsletter\nissue: two\n---\nText\n")
    result = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert result.returncode == 1
    assert "newsletters/2026-q4.md: issue: 'two' is not a whole number." in result.stderr
    assert "newsletters/2026-q4.md: quarter: is required but missing. Add it to the front matter." in result.stderr


def test_today_decides_which_items_are_in(project: Path):
    result = run("newsletter", "draft", "2026-Q4", "--today", "2026-10-01", cwd=project)
    assert result.returncode == 0, result.stderr
    assert front_matter(project / "newsletters/2026-q4.md")["featured"] == []


# --- the core, without the command ---------------------------------------------------------


def fixture_settings(project: Path) -> Settings:
    from datetime import date

    return Settings(
        project_dir=project,
        docs_dir=project / "content",
        bank_dir=project / "knowledge_bank",
        newsletters_dir=project / "newsletters",
        plan_dir=project / "content/plan",
        vocabulary_file=project / "data/vocabularies.yml",
        today=date(2026, 11, 26),
    )


def test_items_are_sorted_into_sections_by_type_and_tags(site_dir: Path):
    tool = site_dir / "knowledge_bank/tool/scaling-questions.md"
    tool.write_text(tool.read_text().replace("tags: [scaling]", "tags: [scaling, training]"))
    bank = load_bank(fixture_settings(site_dir))
    draft = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), Quarter(2026, 3), [], None)
    placed = {section.topic.id: [item.id for item in section.items] for section in draft.sections}
    assert placed == {
        "achievements": ["network-meeting"],  # a practice example tagged family network
        "good-practice": [],
        "research-and-tools": ["munro-review"],
        "training": ["scaling-questions"],  # the training tag wins over the tool type
    }
    assert draft.featured == ["network-meeting", "munro-review", "scaling-questions"]


def test_training_events_are_listed_when_there_is_training_data(site_dir: Path):
    bank = load_bank(fixture_settings(site_dir))
    events = [
        TrainingEvent("Foundation training", datetime(2027, 1, 12, 9, 30), "Breckland", 12, "https://example.org/book/1"),
        TrainingEvent("Family Networking training", datetime(2027, 2, 3, 13, 0), "Online", 0, "training/family-networking.md", "full"),
        TrainingEvent("Practice Leaders training", datetime(2027, 3, 9, 10, 0), "Norwich", 1, "https://example.org/book/3", "cancelled"),
        TrainingEvent("Briefing", datetime(2027, 3, 10, 14, 15), "North Norfolk", 1, "https://example.org/book/4"),
    ]
    draft = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), Quarter(2026, 4), [], events)
    text = section(render_draft(draft), "Training and development opportunities")
    assert "### Coming up in January to March 2027" in text
    assert "- **[Foundation training](https://example.org/book/1)**: Tuesday 12 January 2027, 9:30am, Breckland. 12 places left." in text
    assert "- **[Family Networking training](../training/family-networking.md)**: Wednesday 3 February 2027, 1pm, Online. Fully booked." in text
    assert "Tuesday 9 March 2027, 10am, Norwich. Cancelled." in text
    assert "Wednesday 10 March 2027, 2:15pm, North Norfolk. 1 place left." in text
    assert "No training data" not in text
    empty = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), Quarter(2026, 4), [], [])
    assert "No training sessions are planned for January to March 2027 yet." in render_draft(empty)


def test_the_quarter_filter_skips_files_dated_outside_it(tmp_path: Path):
    keep = published_in(Quarter(2026, 4))
    cases = {
        "inside.md": "---\ntitle: x\npublished: 2026-11-02\n---\n",
        "quoted.md": "---\npublished: '2026-10-01'  # comment\n---\n",
        "outside.md": "---\npublished: 2026-09-30\n---\n",
        "no-date.md": "---\ntitle: x\n---\n",
        "odd-date.md": "---\npublished: 2026-02-30\n---\n",
        "body-date.md": "---\npublished: 2025-01-01\n---\npublished: 2026-11-01\n",
    }
    kept = {name for name, text in cases.items() if keep(write(tmp_path / name, text))}
    assert kept == {"inside.md", "quoted.md", "no-date.md", "odd-date.md"}


def test_a_feed_tagged_for_a_section_goes_in_that_section(site_dir: Path):
    from datetime import date

    from sofs_kb.newsletter.feeds import FeedEntry
    from sofs_kb.newsletter.settings import FeedSource

    bank = load_bank(fixture_settings(site_dir))
    courses = FeedSource("Partner courses", "https://courses.example.org/feed", ("Training",))
    research = FeedSource("Journal", "https://journal.example.org/feed")
    entries = [
        FeedEntry(courses, "Online course on safety planning", "https://courses.example.org/1", date(2026, 10, 9), "Free for partner staff.", ""),
        FeedEntry(research, "A study", "https://journal.example.org/2", date(2026, 10, 10), "", ""),
    ]
    draft = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), Quarter(2026, 4), entries, None)
    placed = {section.topic.id: [entry.title for entry in section.entries] for section in draft.sections}
    assert placed["training"] == ["Online course on safety planning"]
    assert placed["research-and-tools"] == ["A study"]
    text = render_draft(draft)
    training = section(text, "Training and development opportunities")
    assert training.lstrip("\n").startswith(
        "- **[Online course on safety planning](https://courses.example.org/1)** (Partner courses, 9 October 2026): "
        "Free for partner staff.\n\nNo training data is available yet"
    )
    assert "- **[A study](https://journal.example.org/2)** (Journal, 10 October 2026)\n" in text


def test_the_draft_lists_events_from_the_training_data(project: Path):
    from training_support import add_training

    add_training(project)
    result = run("newsletter", "draft", "2026-Q4", "--today", "2026-11-26", cwd=project)
    assert result.returncode == 0, result.stderr
    text = section((project / "newsletters/2026-q4.md").read_text(), "Training and development opportunities")
    assert "### Coming up in January to March 2027" in text
    lines = [line for line in text.splitlines() if line.startswith("- **[")]
    assert len(lines) == 3
    assert lines[0] == "- **[Briefings](../training/briefings.md)**: Wednesday 13 January 2027, 10am, Online. 27 places left."
    assert "Tuesday 23 March 2027, 9:30am, Breckland. Fully booked." in lines[1]
    assert "Tuesday 30 March 2027, 9:30am, South Norfolk. 38 places left." in lines[2]
    assert "No training data" not in text
