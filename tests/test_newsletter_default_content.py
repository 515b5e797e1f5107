"""The newsletter issues the site ships with: published, plain, private and made with the workflow."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import article, build_site, copy_shipped
from sofs_kb.mkdocs_plugins.newsletter import NAME, newsletter_settings
from sofs_kb.mkdocs_plugins.project import load_project
from sofs_kb.newsletter.draft import window_for
from sofs_kb.newsletter.feeds import entries_for
from sofs_kb.quarters import Quarter

KB = [sys.executable, "-m", "sofs_kb.cli"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the real project content (not the code)."""
    target = tmp_path_factory.mktemp("newsletters") / "project"
    copy_shipped(target)
    return target


@pytest.fixture(scope="module")
def bank(project: Path):
    return load_project(project / "mkdocs.yml").load_bank()


def prose(issue) -> str:
    """The issue's words, without link targets."""
    return re.sub(r"\]\([^)]*\)", "]", issue.body)


def test_at_least_two_issues_are_published(bank):
    assert len(bank.newsletters) >= 2
    assert [issue.issue for issue in bank.newsletters] == sorted(
        (issue.issue for issue in bank.newsletters), reverse=True
    )
    for issue in bank.newsletters:
        assert issue.status == "published" and issue.published <= bank.settings.today


def test_featured_items_exist_and_were_published_in_the_issue_quarter(bank):
    for issue in bank.newsletters:
        assert issue.featured, issue.path
        for item_id in issue.featured:
            item = bank.item(item_id)
            assert item is not None, (issue.path, item_id)
            assert issue.quarter.contains(item.published), (issue.path, item_id)
            assert f"{item.type}/{item.slug}.md" in issue.body, (issue.path, item_id)


def test_issues_are_edited_into_plain_english(bank):
    for issue in bank.newsletters:
        text = prose(issue)
        assert "<!--" not in text, f"{issue.path}: the editor's checklist is still there"
        assert "No training data is available yet" not in text
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip() and not s.startswith("#")]
        lengths = [len(sentence.split()) for sentence in sentences]
        assert max(lengths) <= 30, issue.path
        assert sum(lengths) / len(lengths) < 20, issue.path
        # Every acronym is spelled out, in brackets after the words, the first time it is used.
        for acronym in dict.fromkeys(re.findall(r"\b[A-Z]{2,}\b", text)):
            first = text.index(acronym)
            assert text[first - 1 : first + len(acronym) + 1] == f"({acronym})", (issue.path, acronym)


def test_issues_hold_no_personal_contact_details(bank):
    for issue in bank.newsletters:
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", issue.body):
            assert address.endswith("@norfolk.gov.uk"), (issue.path, address)
        assert not re.search(r"\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b", issue.body), issue.path  # phone numbers


def test_drafting_a_shipped_issue_again_changes_nothing(project: Path):
    before = {path.name: path.read_bytes() for path in (project / "newsletters").iterdir()}
    for quarter in ("2026-Q3", "2026-Q4"):
        result = subprocess.run([*KB, "newsletter", "draft", quarter], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "Nothing is new since it was drafted" in result.stdout
        assert result.stderr == ""  # the saved feeds are all readable
    assert {path.name: path.read_bytes() for path in (project / "newsletters").iterdir()} == before


def test_the_saved_feeds_give_research_for_each_shipped_issue(bank, project: Path):
    loaded = load_project(project / "mkdocs.yml")
    settings = newsletter_settings(loaded.plugin(NAME).config, project, "mkdocs.yml")
    for issue in bank.newsletters:
        window = window_for(bank, issue.quarter)
        reading = entries_for(window, settings.feeds, settings.cache_dir, str, settings.entries_per_feed)
        assert reading.problems == []
        assert reading.entries, issue.path
        for entry in reading.entries:
            assert entry.link in issue.body, (issue.path, entry.link)


def test_archive_lists_the_issues_newest_first(project: Path):
    site = build_site(project)
    archive = article(site, "newsletters")
    titles = [a.get_text(strip=True) for a in archive.select("a.kb-card__title")]
    assert titles[:2] == ["Signs of Safety news: autumn 2026", "Signs of Safety news: summer 2026"]
    assert archive.find("h2", id="year-2026") is not None
    assert Quarter(2026, 4).slug in archive.select_one("a.kb-card__title")["href"]
