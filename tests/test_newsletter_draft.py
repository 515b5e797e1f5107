"""`kb newsletter draft`, run as an editor runs it, on a copy of the fixture site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, article, build_site, copy_shipped, switch_off, write
from sofs_kb.loader import load_bank
from sofs_kb.newsletter.draft import build_draft, published_in, render_draft, window_for
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
    assert "<!--\nEditor's checklist." in text and "kb newsletter email 2026-q4 --preview\n-->" in text
    # The checklist says which dates the draft looked at: since issue 1 went out, to the draft date.
    assert (
        "Items and research: published from 25 September 2026, when issue 1 went out, leaving out what "
        "issue 1 already lists, to 26 November 2026.\n   Training: dates from 26 November 2026 to 31 March 2027."
    ) in text
    good = section(text, "Good examples of Signs of Safety practice")
    assert "- **[A guide to three-column mapping](../knowledge-bank/practice-resource/mapping-guide.md)**: " in good
    assert "There is nothing new for this section yet." in section(text, "Multi-agency practice achievements")
    research = section(text, "Useful research and development tools")
    assert "There are no new research summaries or tools yet." in research
    assert (
        "- **[Voice of the child in assessments](https://research.example.org/voice-of-the-child)** "
        "(Practice research, 7 October 2026): How children's words change plans." in research
    )
    assert "Summer reading list" not in text  # July: before issue 1 went out
    training = section(text, "Training and development opportunities")
    assert (
        "There is no training data yet, so there are no dates here. "
        "Add the dates from 26 November 2026 to 31 March 2027, and how to book." in training
    )


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
    # The first issue covers its own quarter, and there is nothing in 2026-Q2.
    (project / "newsletters/2026-q3.md").unlink()
    result = run("newsletter", "draft", "2026-Q2", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (
        "Warning: newsletters/2026-q2.md: content: nothing new was published from 1 April 2026 to 30 June 2026, "
        "so each section says so." in result.stderr
    )
    text = (project / "newsletters/2026-q2.md").read_text()
    assert "from 1 April 2026, the start of the quarter, as this is the first issue, to 30 June 2026." in text
    assert headings(text) == HEADINGS
    assert text.count("There is nothing new for this section yet.") == 2
    assert "There are no new research summaries or tools yet." in text
    assert "There is no new research from other organisations yet." in text
    assert front_matter(project / "newsletters/2026-q2.md")["featured"] == []


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
    assert "newsletters/2026-q4.md: front matter: line 2 could not be read" in result.stderr
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
    draft = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), window_for(bank, Quarter(2026, 3)), [], None)
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
    draft = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), window_for(bank, Quarter(2026, 4)), [], events)
    text = section(render_draft(draft), "Training and development opportunities")
    assert "### Coming up from 26 November 2026 to 31 March 2027\n\n#### January 2027\n\n- **[Foundation" in text
    assert "\n\n#### February 2027\n\n- **[Family Networking" in text
    assert "- **[Foundation training](https://example.org/book/1)**: Tuesday 12 January 2027, 9:30am, Breckland. 12 places left." in text
    assert "- **[Family Networking training](../training/family-networking.md)**: Wednesday 3 February 2027, 1pm, Online. Fully booked." in text
    assert "Tuesday 9 March 2027, 10am, Norwich. Cancelled." in text
    assert "Wednesday 10 March 2027, 2:15pm, North Norfolk. 1 place left." in text
    assert "No training data" not in text
    empty = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), window_for(bank, Quarter(2026, 4)), [], [])
    assert "No training dates are planned from 26 November 2026 to 31 March 2027 yet." in render_draft(empty)


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
    draft = build_draft(bank, NewsletterSettings("mkdocs.yml", site_dir / "data/feeds"), window_for(bank, Quarter(2026, 4)), entries, None)
    placed = {section.topic.id: [entry.title for entry in section.entries] for section in draft.sections}
    assert placed["training"] == ["Online course on safety planning"]
    assert placed["research-and-tools"] == ["A study"]
    text = render_draft(draft)
    training = section(text, "Training and development opportunities")
    assert training.lstrip("\n").startswith(
        "- **[Online course on safety planning](https://courses.example.org/1)** (Partner courses, 9 October 2026): "
        "Free for partner staff.\n\nThere is no training data yet"
    )
    assert "- **[A study](https://journal.example.org/2)** (Journal, 10 October 2026)\n" in text


def test_the_draft_lists_events_from_the_training_data(project: Path):
    from training_support import add_training

    add_training(project)
    result = run("newsletter", "draft", "2026-Q4", "--today", "2026-11-26", cwd=project)
    assert result.returncode == 0, result.stderr
    text = section((project / "newsletters/2026-q4.md").read_text(), "Training and development opportunities")
    # Every date from the draft date to the end of the next quarter, by month; cancelled ones marked.
    assert "### Coming up from 26 November 2026 to 31 March 2027" in text
    assert re.findall(r"^#### (.+)$", text, re.MULTILINE) == ["December 2026", "January 2027", "March 2027"]
    lines = [line for line in text.splitlines() if line.startswith("- **[")]
    assert lines == [
        "- **[Development sessions](../training/development-sessions.md)**: Tuesday 8 December 2026, 1:30pm, Norwich. Cancelled.",
        "- **[Development sessions](../training/development-sessions.md)**: Tuesday 15 December 2026, 1:30pm, Online. Fully booked.",
        "- **[Briefings](../training/briefings.md)**: Wednesday 13 January 2027, 10am, Online. 27 places left.",
        "- **[Foundation training](../training/foundation.md)**: Tuesday 23 March 2027, 9:30am, Breckland. Fully booked.",
        "- **[Foundation training](../training/foundation.md)**: Tuesday 30 March 2027, 9:30am, South Norfolk. 38 places left.",
    ]
    assert "No training data" not in text
    # Drafted later, the list starts later: the dates before the draft date are gone.
    later = run("newsletter", "draft", "2026-Q4", "--today", "2027-01-14", "--force", cwd=project)
    assert later.returncode == 0, later.stderr
    text = section((project / "newsletters/2026-q4.md").read_text(), "Training and development opportunities")
    assert "### Coming up from 14 January 2027 to 31 March 2027" in text
    assert "December 2026" not in text and "13 January 2027" not in text and "30 March 2027" in text


# --- the window: nothing falls between two issues --------------------------------------------


def add_item(project: Path, slug: str, published: str, title: str | None = None) -> None:
    guide = (project / "knowledge_bank/practice-resource/mapping-guide.md").read_text()
    write(
        project / f"knowledge_bank/practice-resource/{slug}.md",
        guide.replace("published: 2026-10-05", f"published: {published}").replace(
            "A guide to three-column mapping", title or slug.replace("-", " ").capitalize()
        ),
    )


def publish_q4(project: Path, published: str, featured: str) -> None:
    q3 = (project / "newsletters/2026-q3.md").read_text()
    write(
        project / "newsletters/2026-q4.md",
        q3.replace("2026-Q3", "2026-Q4")
        .replace("issue: 1", "issue: 2")
        .replace("published: 2026-09-25", f"published: {published}")
        .replace("featured: [network-meeting, munro-review]", f"featured: [{featured}]")
        .replace("summer", "autumn"),
    )


def test_items_published_after_the_previous_issue_went_out_are_in_the_next_draft(project: Path):
    """The editor's case: items published after the Q4 issue went out (30 November) reach the Q1 draft."""
    publish_q4(project, "2026-11-30", "mapping-guide, listed-on-the-day")
    add_item(project, "listed-on-the-day", "2026-11-30")
    add_item(project, "same-day", "2026-11-30")
    add_item(project, "december-guide", "2026-12-05")
    add_item(project, "january-guide", "2027-01-03")
    add_item(project, "after-the-draft-date", "2027-01-06")
    add_item(project, "before-q4-went-out", "2026-11-29")
    result = run("newsletter", "draft", "2027-Q1", "--today", "2027-01-05", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "newsletters/2027-q1.md"
    assert front_matter(path)["featured"] == ["same-day", "december-guide", "january-guide"]
    assert front_matter(path)["issue"] == 3
    text = path.read_text()
    assert (
        "Items and research: published from 30 November 2026, when issue 2 went out, leaving out what issue 2 "
        "already lists, to 5 January 2027.\n   Training: dates from 5 January 2027 to 30 June 2027." in text
    )
    # The result is the same as reading every item file (the quick filter only skips what it must).
    from sofs_kb.mkdocs_plugins.project import load_project

    loaded = load_project(project / "mkdocs.yml")
    from dataclasses import replace
    from datetime import date

    bank = load_bank(replace(loaded.settings, today=date(2027, 1, 5)))
    full = build_draft(bank, NewsletterSettings("mkdocs.yml", project / "data/feeds"), window_for(bank, Quarter(2027, 1)), [], None)
    assert full.featured == ["same-day", "december-guide", "january-guide"]


def test_a_draft_issue_is_not_the_previous_issue(project: Path):
    publish_q4(project, "2026-11-30", "mapping-guide")
    q4 = project / "newsletters/2026-q4.md"
    q4.write_text(q4.read_text().replace("status: published", "status: draft").replace("published: 2026-11-30\n", ""))
    add_item(project, "december-guide", "2026-12-05")
    result = run("newsletter", "draft", "2027-Q1", "--today", "2027-01-05", cwd=project)
    assert result.returncode == 0, result.stderr
    # Issue 1 is the last one that went out, so everything since 25 September is offered.
    assert front_matter(project / "newsletters/2027-q1.md")["featured"] == ["mapping-guide", "december-guide"]


def test_a_fresh_draft_passes_the_content_checks(tmp_path: Path):
    """Text the draft builder writes meets the plain-English rules as they are, with the shipped content."""
    target = tmp_path / "project"
    copy_shipped(target)
    for quarter, today in (("2027-Q1", "2027-01-05"), ("2026-Q4", "2026-12-20"), ("2027-Q2", "2027-04-02")):
        for path in (target / "newsletters").glob("*.new*.md"):
            path.unlink()
        (target / "newsletters/2026-q4.md").rename(target / "2026-q4.md.kept")
        drafted = run("newsletter", "draft", quarter, "--today", today, cwd=target)
        (target / "2026-q4.md.kept").rename(target / "newsletters/2026-q4.md")
        assert drafted.returncode == 0, drafted.stderr
        checked = run("check", "newsletters/", cwd=target)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "0 errors" in checked.stdout or "No problems" in checked.stdout, checked.stdout
        for path in (target / "newsletters").iterdir():
            if path.name not in ("2026-q3.md", "2026-q4.md"):
                path.unlink()


def test_an_issue_under_another_spelling_is_found(project: Path):
    (project / "newsletters/2026-q3.md").rename(project / "newsletters/2026Q3.md")
    result = run("newsletter", "draft", "2026-Q3", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "newsletters/2026Q3.md already exists, so it was left as it is" in result.stdout
    assert not (project / "newsletters/2026-q3.md").exists()


# --- no edit is lost ------------------------------------------------------------------------


def test_an_edited_new_md_is_never_rewritten(project: Path):
    """`draft` never rewrites a .new.md someone edited: the fresh draft goes to .new.2.md."""
    run("newsletter", "draft", "2026-Q3", cwd=project)
    beside = project / "newsletters/2026-q3.new.md"
    first = beside.read_text()
    assert first.splitlines()[-1].startswith("<!-- kb newsletter draft wrote this file (check ")
    # Unedited, it is simply refreshed: the same content gives the same bytes.
    again = run("newsletter", "draft", "2026-Q3", cwd=project)
    assert again.returncode == 0 and "Wrote newsletters/2026-q3.new.md" in again.stdout
    assert beside.read_text() == first

    edited = first.replace("Welcome to our", "My own welcome, not to lose. Welcome to our")
    beside.write_text(edited)
    third = run("newsletter", "draft", "2026-Q3", cwd=project)
    assert third.returncode == 0, third.stderr
    assert beside.read_text() == edited
    assert "newsletters/2026-q3.new.md has been edited since it was drafted, so it was left as it is too." in third.stdout
    assert "Wrote newsletters/2026-q3.new.2.md" in third.stdout
    assert (project / "newsletters/2026-q3.new.2.md").read_text() == first

    # An edit that only removes the check line, or changes one character, counts as an edit too.
    (project / "newsletters/2026-q3.new.2.md").write_text(first.rsplit("<!--", 1)[0])
    fourth = run("newsletter", "draft", "2026-Q3", cwd=project)
    assert "Wrote newsletters/2026-q3.new.3.md" in fourth.stdout
    assert beside.read_text() == edited
    # None of them is ever published, and none stops the build.
    build_site(project)


def test_a_partnership_only_issue_does_not_start_the_public_window(project: Path):
    """The quick read of the issues cannot tell editions apart; the draft checks it against the loaded bank."""
    publish_q4(project, "2026-11-30", "mapping-guide")
    q4 = project / "newsletters/2026-q4.md"
    q4.write_text(q4.read_text().replace("status: published", "status: published\nvisibility: partnership"))
    add_item(project, "october-guide", "2026-10-20")
    result = run("newsletter", "draft", "2027-Q1", "--today", "2027-01-05", cwd=project)
    assert result.returncode == 0, result.stderr
    # Issue 1 is the last public issue, so items since 25 September are offered.
    assert front_matter(project / "newsletters/2027-q1.md")["featured"] == ["mapping-guide", "october-guide"]


@pytest.mark.parametrize(
    "where, rule",
    [
        ("description", "personal-data/nhs-number"),
        ("description", "personal-data/phone"),
        ("title", "personal-data/email"),
    ],
)
def test_personal_data_from_a_feed_is_named_when_the_draft_is_written(project: Path, where: str, rule: str):
    """Feed text reaches the site only through a draft. Once a draft held an NHS number from a
    feed and the command said nothing: the editor found out only when the pull request failed."""
    value = {
        "personal-data/nhs-number": "NHS number 943 476 5919",
        "personal-data/phone": "call 07700 900123",
        "personal-data/email": "jane.smith@gmail.com",
    }[rule]
    feed = project / "data/feeds/practice-research.xml"
    text = feed.read_text()
    if where == "title":
        text = text.replace("<title>Voice of the child in assessments</title>", f"<title>Voice of the child, ask {value}</title>")
    else:
        text = text.replace("How children's words change plans.", f"How children's words change plans: {value}.")
    feed.write_text(text)
    result = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert result.returncode == 1
    assert re.search(rf"^newsletters/2026-q4\.md:\d+: {rule}: ", result.stderr, re.MULTILINE), result.stderr
    assert "data/feeds/" in result.stderr  # says where it came from
    assert "Traceback" not in result.stderr
    # The draft is written all the same, so the editor can see the lines named; kb check agrees.
    checked = run("check", "newsletters/2026-q4.md", cwd=project)
    assert checked.returncode == 1 and rule in checked.stdout


def test_a_public_mailbox_the_allow_list_accepts_does_not_stop_the_draft(project: Path):
    """The draft uses kb check's allow-list: an accepted mailbox passes, and an entry that matches
    nothing in the draft is not the draft's business (kb check warns about it)."""
    write(
        project / "data/check-allow-list.yml",
        "- file: \"*\"\n  rule: personal-data/email\n  text: research-team@gmail.com\n"
        "  reason: The research team's shared mailbox.\n  approved_by: Steering group, November 2026\n"
        "- file: \"*\"\n  rule: personal-data/email\n  text: nobody-uses-this@gmail.com\n"
        "  reason: An old mailbox.\n  approved_by: Steering group, November 2026\n",
    )
    feed = project / "data/feeds/practice-research.xml"
    feed.write_text(feed.read_text().replace("How children's words change plans.", "Ask research-team@gmail.com."))
    result = run("newsletter", "draft", "2026-Q4", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "allow-list" not in result.stderr and "personal" not in result.stderr
    assert "research-team@gmail.com" in (project / "newsletters/2026-q4.md").read_text()
