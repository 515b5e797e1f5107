"""Drafts never break the site for everyone else; published, the same findings are errors.

An item or issue with `status: draft`, and a fresh draft beside an issue
(`2026-q4.new.md`), give warnings in `kb check` and `kb build`. Personal data
is the exception: it stops the build even in a draft.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import write

KB = [sys.executable, "-m", "sofs_kb.cli"]
_FINDING = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<rule>[\w/-]+): (?P<warning>warning: )?")

HARD_WORDS = "\n".join(
    [
        "Organisational accountability necessitates comprehensive documentation.",
        "Interdisciplinary collaboration facilitates proportionate intervention.",
        "Practitioners demonstrate professional curiosity consistently.",
        "Supervisory conversations prioritise reflective consideration.",
        "Multidisciplinary communication encourages collaborative evaluation.",
        "Individualised assessments incorporate developmental considerations.",
        "Organisational infrastructure influences operational effectiveness.",
        "Evaluative methodologies illuminate organisational performance.",
        "Practitioners articulate safeguarding responsibilities explicitly.",
        "Comprehensive chronologies illuminate cumulative vulnerability.",
        "Authoritative leadership cultivates organisational resilience.",
        "Developmental considerations inform individualised intervention.",
        "Collaborative relationships necessitate transparency.",
        "Supervisory arrangements demonstrate accountability.",
        "Contemporaneous recording facilitates retrospective analysis.",
    ]
)

DRAFT_TOOL = f"""---
title: Half written tool
summary: A short summary.
type: tool
plan_sections: [learning, REPLACE]
audience: [health, nobody]
owner: Superleaders group
published: 2026-11-01
review_by: 2027-11-01
status: draft
steps: [Do this.]
---
See [the missing page](no-such-page.md) and ask the XYZQ team.

{HARD_WORDS}
{HARD_WORDS}
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def findings(output: str, path: str) -> dict[str, bool]:
    """{rule: is_warning} for one file's findings in kb check's output."""
    found = {}
    for line in output.splitlines():
        match = _FINDING.match(line)
        if match and match["path"] == path:
            found[match["rule"]] = bool(match["warning"])
    return found


def test_a_half_written_draft_item_warns_and_the_site_still_builds(site_dir: Path):
    rel = "knowledge_bank/tool/half-written.md"
    write(site_dir / rel, DRAFT_TOOL)
    checked = run("check", cwd=site_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    draft = findings(checked.stdout, rel)
    assert {"fields", "placeholder", "links/broken", "acronyms/unknown", "plain-english/reading-ease"} <= set(draft)
    assert all(draft.values()), draft  # every one a warning
    built = run("build", cwd=site_dir)
    assert built.returncode == 0, built.stderr
    assert (site_dir / "site/index.html").exists()
    assert not (site_dir / "site/knowledge-bank/tool/half-written").exists()

    # Published, the same findings are errors, and the build stops.
    path = site_dir / rel
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    checked = run("check", cwd=site_dir)
    assert checked.returncode == 1
    published = findings(checked.stdout, rel)
    assert set(published) == set(draft)
    assert not any(published.values()), published  # every one an error now
    assert run("build", cwd=site_dir).returncode == 1


def test_a_new_md_beside_an_issue_never_stops_the_build(site_dir: Path):
    issue = (site_dir / "newsletters/2026-q3.md").read_text()
    rel = "newsletters/2026-q3.new.md"
    write(site_dir / rel, issue + "\nA broken [link](nowhere.md) and the XYZQ team.\n\n" + HARD_WORDS * 2 + "\n")
    write(site_dir / "newsletters/2026-q3.new.2.md", issue + "\n" + HARD_WORDS + "\n")
    checked = run("check", cwd=site_dir)
    assert checked.returncode == 0, checked.stdout
    beside = findings(checked.stdout, rel)
    assert {"links/broken", "acronyms/unknown", "plain-english/reading-ease"} <= set(beside)
    assert all(beside.values())
    assert all(findings(checked.stdout, "newsletters/2026-q3.new.2.md").values())
    assert run("build", cwd=site_dir).returncode == 0
    assert not list((site_dir / "site").rglob("*.new*"))


def test_personal_data_in_a_draft_still_stops_the_build(site_dir: Path):
    for rel in ("knowledge_bank/tool/half-written.md", "newsletters/2026-q3.new.md"):
        text = DRAFT_TOOL if rel.startswith("knowledge") else (site_dir / "newsletters/2026-q3.md").read_text()
        write(site_dir / rel, text + "\nHer number is 943 476 5919.\n")
        checked = run("check", cwd=site_dir)
        assert checked.returncode == 1
        assert findings(checked.stdout, rel)["personal-data/nhs-number"] is False  # an error
        built = run("build", cwd=site_dir)
        assert built.returncode == 1
        assert f"{rel}:" in built.stderr and "personal-data/nhs-number" in built.stderr
        (site_dir / rel).unlink()


def test_a_draft_issue_with_a_bad_featured_id_or_number_warns(site_dir: Path):
    q3 = (site_dir / "newsletters/2026-q3.md").read_text()
    draft = (
        q3.replace("2026-Q3", "2026-Q4")
        .replace("issue: 1", "issue: 3")
        .replace("status: published", "status: draft")
        .replace("published: 2026-09-25\n", "")
        .replace("featured: [network-meeting, munro-review]", "featured: [no-such-item, unfinished-draft]")
    )
    write(site_dir / "newsletters/2026-q4.md", draft)
    checked = run("check", cwd=site_dir)
    assert checked.returncode == 0, checked.stdout
    assert "newsletters/2026-q4.md:1: fields: warning: featured: 'no-such-item' is not an item" in checked.stdout
    assert "warning: featured: 'unfinished-draft' is a draft (knowledge_bank/practice-resource/unfinished-draft.md)" in checked.stdout
    assert "fields: warning: issue: 3 skips a number: the issue before it, newsletters/2026-q3.md, is issue 1. Use 2." in checked.stdout
    assert run("build", cwd=site_dir).returncode == 0
