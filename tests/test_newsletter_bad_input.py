"""Mistakes in newsletter issues and settings: each gets a clear `file: field: reason`, and nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write

KB = [sys.executable, "-m", "sofs_kb.cli"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def add_issue(project: Path, quarter: str, number: int, *, status: str = "published", published: str = "2026-11-20",
              featured: str = "mapping-guide", name: str | None = None) -> Path:
    q3 = (project / "newsletters/2026-q3.md").read_text()
    text = (
        q3.replace("2026-Q3", quarter)
        .replace("issue: 1", f"issue: {number}")
        .replace("status: published", f"status: {status}")
        .replace("published: 2026-09-25", f"published: {published}")
        .replace("featured: [network-meeting, munro-review]", f"featured: [{featured}]")
    )
    return write(project / "newsletters" / (name or f"{quarter.lower()}.md"), text)


def check_and_build(project: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    checked = run("check", "newsletters/", cwd=project)
    built = run("build", cwd=project)
    for result in (checked, built):
        assert "Traceback" not in result.stderr
    return checked, built


@pytest.mark.parametrize(
    "number, reason",
    [
        (1, "issue: 1 is already the number of newsletters/2026-q3.md. Use 2."),
        (3, "issue: 3 skips a number: the issue before it, newsletters/2026-q3.md, is issue 1. Use 2."),
    ],
)
def test_an_issue_number_that_repeats_or_skips_is_named(site_dir: Path, number: int, reason: str):
    add_issue(site_dir, "2026-Q4", number)
    checked, built = check_and_build(site_dir)
    assert checked.returncode == 1 and built.returncode == 1
    assert f"newsletters/2026-q4.md:5: fields: {reason}" in checked.stdout
    assert f"newsletters/2026-q4.md: {reason}" in built.stderr
    assert not (site_dir / "site").exists()  # nothing half-built


def test_an_issue_number_lower_than_the_one_before_is_named(site_dir: Path):
    add_issue(site_dir, "2026-Q4", 2)
    add_issue(site_dir, "2027-Q1", 1, published="2027-01-02")
    (site_dir / "mkdocs.yml").write_text((site_dir / "mkdocs.yml").read_text().replace('today: "2026-11-26"', 'today: "2027-01-05"'))
    built = run("build", cwd=site_dir)
    assert built.returncode == 1
    assert (
        "newsletters/2027-q1.md: issue: 1 is lower than the issue before it, newsletters/2026-q4.md, "
        "which is issue 2. Use 3." in built.stderr
    )


def test_a_second_issue_for_a_quarter_is_named(site_dir: Path):
    add_issue(site_dir, "2026-Q3", 2, name="2026Q3.md")
    checked, built = check_and_build(site_dir)
    assert built.returncode == 1
    assert "newsletters/2026Q3.md: quarter: 2026-Q3 already has an issue: newsletters/2026-q3.md." in built.stderr
    # Drafting the quarter again touches neither file.
    before = {path.name: path.read_bytes() for path in (site_dir / "newsletters").iterdir()}
    drafted = run("newsletter", "draft", "2026-Q3", cwd=site_dir)
    assert drafted.returncode == 1
    assert "newsletters/2026Q3.md: quarter: 2026-Q3 already has an issue: newsletters/2026-q3.md." in drafted.stderr
    assert {path.name: path.read_bytes() for path in (site_dir / "newsletters").iterdir()} == before


@pytest.mark.parametrize(
    "featured, reason",
    [
        ("no-such-item", "'no-such-item' is not an item in the knowledge bank. Use the item's file name without .md."),
        (
            "unfinished-draft",
            "'unfinished-draft' is a draft (knowledge_bank/practice-resource/unfinished-draft.md), so the issue "
            "cannot feature it. Publish the item first, or take it out of featured.",
        ),
        (
            "future-guide",
            "'future-guide' is not published until 2027-01-15, so readers of the issue could not open it. "
            "Take it out of featured, or publish the issue later.",
        ),
    ],
)
def test_a_featured_id_that_is_missing_or_unpublished_is_named(site_dir: Path, featured: str, reason: str):
    add_issue(site_dir, "2026-Q4", 2, featured=featured)
    checked, built = check_and_build(site_dir)
    assert built.returncode == 1
    assert f"newsletters/2026-q4.md: featured: {reason}" in built.stderr
    assert f"newsletters/2026-q4.md:1: fields: featured: {reason}" in checked.stdout


def test_a_published_issue_dated_in_the_future_is_named(site_dir: Path):
    # The fixture site's today is 26 November 2026.
    add_issue(site_dir, "2026-Q4", 2, published="2026-12-20")
    checked, built = check_and_build(site_dir)
    assert built.returncode == 1
    reason = (
        "published: 2026-12-20 is in the future (today is 2026-11-26). Set the day the issue goes out, "
        "on or before today, or keep status: draft until then."
    )
    assert f"newsletters/2026-q4.md: {reason}" in built.stderr
    assert f"newsletters/2026-q4.md:9: fields: {reason}" in checked.stdout
    # As a draft, the same date is fine: it is when the editor plans to send it.
    add_issue(site_dir, "2026-Q4", 2, published="2026-12-20", status="draft")
    assert run("build", cwd=site_dir).returncode == 0


def test_a_draft_with_a_wrong_number_never_stops_the_build(site_dir: Path):
    """A draft's number gives a warning, and never makes a published issue around it fail."""
    add_issue(site_dir, "2026-Q2", 3, status="draft", published="2026-06-20")  # before issue 1, numbered 3
    add_issue(site_dir, "2026-Q4", 3, status="draft")  # after issue 1, skipping 2
    checked, built = check_and_build(site_dir)
    assert built.returncode == 0, built.stderr
    assert checked.returncode == 0, checked.stdout
    assert (
        "newsletters/2026-q4.md:5: fields: warning: issue: 3 skips a number: the issue before it, "
        "newsletters/2026-q3.md, is issue 1. Use 2." in checked.stdout
    )
    assert not any(line.startswith("newsletters/2026-q3.md") for line in checked.stdout.splitlines())


def test_kb_new_newsletter_never_makes_a_second_issue_for_a_quarter(site_dir: Path):
    (site_dir / "newsletters/2026-q3.md").rename(site_dir / "newsletters/2026Q3.md")
    result = run("new", "newsletter", "--quarter", "2026-Q3", cwd=site_dir)
    assert result.returncode == 1
    assert "newsletters/2026Q3.md already exists. Edit that file, or choose another quarter with --quarter." in result.stderr
    assert sorted(path.name for path in (site_dir / "newsletters").iterdir()) == ["2026Q3.md"]
    # An issue for an earlier quarter takes the number after the issues before it, not after the newest.
    created = run("new", "newsletter", "--quarter", "2026-Q1", cwd=site_dir)
    assert created.returncode == 0, created.stderr
    assert "issue: 1\n" in (site_dir / "newsletters/2026-q1.md").read_text()


def test_a_published_date_before_the_issue_before_it_is_named(site_dir: Path):
    """Issue 2 cannot go out before issue 1 did: the next draft starts from the day the last issue
    went out, so a date that goes back would make a draft pick up items twice."""
    add_issue(site_dir, "2026-Q4", 2, published="2026-09-01")  # issue 1 went out on 25 September
    checked, built = check_and_build(site_dir)
    reason = (
        "published: 2026-09-01 is before 2026-09-25, when the issue before it (newsletters/2026-q3.md) "
        "went out. Set the day this issue goes out."
    )
    assert built.returncode == 1 and checked.returncode == 1
    assert f"newsletters/2026-q4.md: {reason}" in built.stderr
    assert f"newsletters/2026-q4.md:9: fields: {reason}" in checked.stdout
    assert not (site_dir / "site").exists()
    # A draft's planned date is only a warning.
    add_issue(site_dir, "2026-Q4", 2, published="2026-09-01", status="draft")
    built = run("build", cwd=site_dir)
    assert built.returncode == 0 and reason in built.stderr


def test_a_featured_id_listed_twice_is_named(site_dir: Path):
    add_issue(site_dir, "2026-Q4", 2, featured="mapping-guide, mapping-guide")
    checked, built = check_and_build(site_dir)
    reason = "featured: 'mapping-guide' is listed twice. List each item once."
    assert built.returncode == 1
    assert f"newsletters/2026-q4.md: {reason}" in built.stderr
    assert f"newsletters/2026-q4.md:1: fields: {reason}" in checked.stdout


@pytest.mark.parametrize("where", ["old/2026-q4.md", "2026/q4/2026-q4.md"])
def test_an_issue_in_a_folder_inside_newsletters_is_named_not_skipped(site_dir: Path, where: str):
    """The loader reads only the files directly in newsletters/: one in a folder below was skipped
    without a word, like an upper-case .MD file."""
    add_issue(site_dir, "2026-Q4", 2, name=where)
    checked, built = check_and_build(site_dir)
    reason = (
        f"newsletters/{where}: file name: is in a folder inside newsletters/, so it is never read or published. "
        "Move it into newsletters/ itself, or delete it."
    )
    assert built.returncode == 1 and checked.returncode == 1
    assert reason in built.stderr
    assert reason.replace("file name:", "fields: file name:", 1).replace(".md:", ".md:1:", 1) in checked.stdout


@pytest.mark.parametrize("value", ["true", "false", "yes"])
def test_an_issue_number_that_is_true_or_false_is_named(site_dir: Path, value: str):
    """`issue: true` was read as issue 1, and the message said 1 was lower than the issue before."""
    path = add_issue(site_dir, "2026-Q4", 2)
    path.write_text(path.read_text().replace("issue: 2", f"issue: {value}"))
    checked, built = check_and_build(site_dir)
    reason = f"issue: '{'false' if value == 'false' else 'true'}' is not a whole number."
    assert built.returncode == 1
    assert f"newsletters/2026-q4.md: {reason}" in built.stderr
