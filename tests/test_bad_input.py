"""Each kind of bad content fails the build, naming the file, the field and the reason."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, write

GOOD_TOOL = """---
title: A good tool
summary: A short summary.
type: tool
plan_sections: [learning]
audience: [health]
tags: [scaling]
owner: Superleaders group
published: 2026-03-12
review_by: 2027-03-12
status: published
steps: [Do this.]
---
Body text.
"""


def bad_tool(**changes: str | None) -> str:
    """GOOD_TOOL with some front matter lines replaced (value) or removed (None)."""
    lines = GOOD_TOOL.splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in changes:
            if changes[key] is not None:
                out.append(f"{key}: {changes[key]}")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def failing_build(project: Path, caplog) -> list[str]:
    caplog.set_level(logging.INFO, logger="mkdocs")
    with pytest.raises(Abort):
        build_site(project)
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


CASES = {
    "malformed YAML": (
        bad_tool(title="Three houses: a tool: for children"),
        "knowledge_bank/tool/bad.md: front matter: line 2 could not be read",
    ),
    "missing field": (
        bad_tool(owner=None),
        "knowledge_bank/tool/bad.md: owner: is required but missing",
    ),
    "wrong type": (
        bad_tool(plan_sections="{learning: yes}"),
        "knowledge_bank/tool/bad.md: plan_sections: must be a list",
    ),
    "wrong value": (
        bad_tool(status="live"),
        "knowledge_bank/tool/bad.md: status: 'live' is not allowed. Use 'draft' or 'published'.",
    ),
    "unknown plan section": (
        bad_tool(plan_sections="[leading]"),
        "knowledge_bank/tool/bad.md: plan_sections: 'leading' is not a plan section. "
        "Choose from: leadership, risk-sensible-practice, learning, system-alignment, measuring-impact.",
    ),
    "unknown audience": (
        bad_tool(audience="[health, fire service]"),
        "knowledge_bank/tool/bad.md: audience: 'fire service' is not an audience.",
    ),
    "impossible date": (
        bad_tool(published="2026-02-30"),
        "knowledge_bank/tool/bad.md: published: '2026-02-30' is not a real date.",
    ),
    "date in the wrong form": (
        bad_tool(review_by="next year"),
        "knowledge_bank/tool/bad.md: review_by: 'next year' is not a date. Write dates as YYYY-MM-DD",
    ),
    "unknown field": (
        bad_tool(tags="[scaling]\nplan_section: [learning]"),
        "knowledge_bank/tool/bad.md: plan_section: is not a field we know. Did you mean 'plan_sections'?",
    ),
    "summary too long": (
        bad_tool(summary="x" * 301),
        "knowledge_bank/tool/bad.md: summary: is 301 characters long. Keep it to 300 characters or fewer.",
    ),
    "type does not match folder": (
        bad_tool(type="practice-resource"),
        "knowledge_bank/tool/bad.md: type: 'practice-resource' is not the type for this folder.",
    ),
    "missing tool steps": (
        bad_tool(steps=None),
        "knowledge_bank/tool/bad.md: steps: is required but missing",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_front_matter_fails_the_build(case: str, site_dir: Path, caplog):
    text, expected = CASES[case]
    write(site_dir / "knowledge_bank/tool/bad.md", text)
    errors = failing_build(site_dir, caplog)
    assert any(expected in message for message in errors), errors


def test_two_items_with_the_same_address(site_dir: Path, caplog):
    write(site_dir / "knowledge_bank/tool/Three Houses.md", GOOD_TOOL)
    errors = failing_build(site_dir, caplog)
    assert any(
        "knowledge_bank/tool/three-houses.md: file name: gives the same web address as "
        "knowledge_bank/tool/Three Houses.md" in message
        or "knowledge_bank/tool/Three Houses.md: file name: gives the same web address as "
        "knowledge_bank/tool/three-houses.md" in message
        for message in errors
    ), errors


def test_the_same_slug_in_two_types(site_dir: Path, caplog):
    write(site_dir / "knowledge_bank/practice-resource/three-houses.md", bad_tool(type="practice-resource", steps=None))
    errors = failing_build(site_dir, caplog)
    assert any(
        "knowledge_bank/tool/three-houses.md: file name: 'three-houses' is already used by "
        "knowledge_bank/practice-resource/three-houses.md" in message
        for message in errors
    ), errors


def test_a_file_that_is_not_utf8(site_dir: Path, caplog):
    (site_dir / "knowledge_bank/tool/bad.md").write_bytes(
        GOOD_TOOL.replace("A short summary.", "Caf\xe9 summary.").encode("latin-1")
    )
    errors = failing_build(site_dir, caplog)
    assert any(
        "knowledge_bank/tool/bad.md: encoding: the file is not UTF-8 text" in message for message in errors
    ), errors


def test_a_newsletter_featuring_a_missing_item(site_dir: Path, caplog):
    path = site_dir / "newsletters/2026-q3.md"
    path.write_text(path.read_text().replace("featured: [network-meeting", "featured: [no-such-item"))
    errors = failing_build(site_dir, caplog)
    assert any(
        "newsletters/2026-q3.md: featured: 'no-such-item' is not an item in the knowledge bank" in m
        for m in errors
    ), errors


def test_every_problem_is_reported_in_one_run(site_dir: Path, caplog):
    write(site_dir / "knowledge_bank/tool/one.md", bad_tool(owner=None, published="2026-13-01"))
    write(site_dir / "knowledge_bank/tool/two.md", bad_tool(audience="[aliens]"))
    write(site_dir / "knowledge_bank/tool/three.md", "---\ntitle: [unclosed\n---\nBody\n")
    errors = failing_build(site_dir, caplog)
    joined = "\n".join(errors)
    assert "knowledge_bank/tool/one.md: owner: is required but missing" in joined
    assert "knowledge_bank/tool/one.md: published: '2026-13-01' is not a real date" in joined
    assert "knowledge_bank/tool/two.md: audience: 'aliens' is not an audience" in joined
    assert "knowledge_bank/tool/three.md: front matter:" in joined
    assert "4 problems in the content" in joined


def test_kb_build_reports_without_a_traceback_and_keeps_the_old_site(site_dir: Path):
    kb = [sys.executable, "-m", "sofs_kb.cli"]
    first = subprocess.run([*kb, "build"], cwd=site_dir, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    marker = site_dir / "site/index.html"
    before = marker.read_text()

    write(site_dir / "knowledge_bank/tool/bad.md", bad_tool(plan_sections="[leading]"))
    second = subprocess.run([*kb, "build"], cwd=site_dir, capture_output=True, text=True)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr + second.stdout
    assert "knowledge_bank/tool/bad.md: plan_sections: 'leading' is not a plan section" in second.stderr
    assert "The site was not changed." in second.stderr
    assert marker.read_text() == before
    leftovers = [p.name for p in site_dir.iterdir() if p.name.startswith(".site.building")]
    assert leftovers == []
