"""`kb check` as people run it: output, exit status, paths, the allow-list and the shipped content."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort
from mkdocs.config import load_config

from conftest import PROJECT, build_site, write

KB = [sys.executable, "-m", "sofs_kb.cli"]

TOOL = """---
title: A tool
summary: A short summary.
type: tool
plan_sections: [learning]
audience: [health]
owner: Superleaders group
published: 2026-03-12
review_by: 2027-03-12
status: published
steps: [Do this.]
---
{body}
"""


def kb(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_clean_content_passes_with_warnings_shown(site_dir: Path):
    result = kb("check", cwd=site_dir)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "knowledge_bank/practice-resource/supervision-prompts.md:10: review/stale: warning: review_by: "
        "was due on 1 June 2026. Practice Leaders network, the owner, should check the item is still right, "
        "then set a new review_by date.",
        "0 errors and 1 warning in 16 files.",
    ]


def test_only_the_paths_given_are_checked(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/phone.md", TOOL.format(body="Ring 07700 900123."))
    write(site_dir / "knowledge_bank/practice-resource/email.md", TOOL.format(body="Mail jo@gmail.com.").replace("type: tool", "type: practice-resource").replace("steps: [Do this.]\n", ""))
    one = kb("check", "knowledge_bank/tool/phone.md", cwd=site_dir)
    assert one.returncode == 1
    assert "knowledge_bank/tool/phone.md:13: personal-data/phone:" in one.stdout
    assert "email.md" not in one.stdout
    assert one.stdout.splitlines()[-1] == "1 error and 0 warnings in 1 file."
    folder = kb("check", "knowledge_bank/practice-resource", cwd=site_dir)
    assert "knowledge_bank/practice-resource/email.md:12: personal-data/email:" in folder.stdout
    assert "supervision-prompts.md:10: review/stale" in folder.stdout
    assert "phone.md" not in folder.stdout


def test_paths_that_do_not_exist_or_hold_no_content(site_dir: Path):
    missing = kb("check", "knowledge_bank/tool/nope.md", cwd=site_dir)
    assert missing.returncode == 1
    assert "knowledge_bank/tool/nope.md: not found." in missing.stderr
    empty = kb("check", "data", cwd=site_dir)
    assert empty.returncode == 1
    assert "No content files in data." in empty.stderr
    assert "Traceback" not in missing.stderr + empty.stderr


def test_github_format_adds_annotations(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/phone.md", TOOL.format(body="Ring 07700 900123."))
    result = kb("check", "--format", "github", cwd=site_dir)
    assert "::error file=knowledge_bank/tool/phone.md,line=13,title=personal-data/phone::body: a phone number (077…)" in result.stdout
    assert "::warning file=knowledge_bank/practice-resource/supervision-prompts.md,line=10,title=review/stale::" in result.stdout


def test_personal_data_is_never_printed_in_full(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/nhs.md", TOOL.format(body="NHS number 943 476 5919 and JG103759B."))
    result = kb("check", "--format", "github", cwd=site_dir)
    assert "943 476 5919" not in result.stdout
    assert "JG103759B" not in result.stdout


# --- the allow-list ----------------------------------------------------------------------------


ALLOWED = """- file: knowledge_bank/tool/office.md
  rule: personal-data/phone
  text: 01603 223344
  reason: The front desk of County Hall, a public number.
  approved_by: Steering group, November 2026
"""


def test_only_an_exact_allow_list_entry_silences_a_finding(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/office.md", TOOL.format(body="Ring the front desk on 01603 223344.\n\nOr 01603 223355."))
    write(site_dir / "knowledge_bank/tool/copy.md", TOOL.format(body="Ring the front desk on 01603 223344."))
    before = kb("check", cwd=site_dir)
    assert before.stdout.count("personal-data/phone") == 3
    write(site_dir / "data/check-allow-list.yml", ALLOWED)
    after = kb("check", cwd=site_dir)
    lines = after.stdout.splitlines()
    # The same number in another file, and another number in the same file, are still errors.
    assert [line.split(": ")[0] for line in lines if "personal-data/phone" in line] == [
        "knowledge_bank/tool/copy.md:13",
        "knowledge_bank/tool/office.md:15",
    ]
    assert lines[-1] == "2 errors and 1 warning in 18 files. 1 finding accepted by the allow-list."
    assert after.returncode == 1


def test_allow_list_entries_that_match_nothing_are_reported(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/office.md", TOOL.format(body="No numbers here now."))
    write(site_dir / "data/check-allow-list.yml", ALLOWED)
    result = kb("check", cwd=site_dir)
    assert result.returncode == 0
    assert (
        "data/check-allow-list.yml:1: allow-list/unused: warning: row 1: matches nothing in "
        "knowledge_bank/tool/office.md for personal-data/phone. Remove the entry if the text has gone."
    ) in result.stdout


def test_a_bad_allow_list_is_reported_row_by_row(site_dir: Path):
    write(
        site_dir / "data/check-allow-list.yml",
        ALLOWED
        + "- file: knowledge_bank/tool/three-houses.md\n  rule: links/broken\n  text: x\n  reason: r\n  approved_by: a\n"
        + "- file: knowledge_bank/tool/three-houses.md\n  rule: personal-data/email\n  text: x\n",
    )
    result = kb("check", cwd=site_dir)
    assert result.returncode == 1
    out = result.stdout
    assert "data/check-allow-list.yml:6: allow-list: row 2: rule: 'links/broken' findings cannot be allow-listed: fix them instead." in out
    assert "data/check-allow-list.yml:11: allow-list: row 3: reason: is required but missing." in out
    assert "data/check-allow-list.yml:11: allow-list: row 3: approved_by: is required but missing." in out


# --- configuration ---------------------------------------------------------------------------------


def test_a_private_watch_list_from_the_environment(site_dir: Path, tmp_path: Path):
    write(site_dir / "knowledge_bank/tool/names.md", TOOL.format(body="Then Fenwright spoke."))
    assert kb("check", cwd=site_dir).returncode == 0
    private = write(tmp_path / "private.txt", "Fenwright\n")
    result = kb("check", cwd=site_dir, env={"KB_WATCH_LIST": str(private)})
    assert result.returncode == 1
    assert "knowledge_bank/tool/names.md:13: personal-data/watch-list: body: a name on the watch list (F…)" in result.stdout
    missing = kb("check", cwd=site_dir, env={"KB_WATCH_LIST": str(tmp_path / "gone.txt")})
    assert missing.returncode == 1
    assert "config: file: the watch list could not be read" in missing.stdout


def test_a_broken_glossary_is_reported(site_dir: Path):
    write(site_dir / "data/glossary.yml", "spell_out:\n  nscp: lower case\nextra: 1\n")
    result = kb("check", cwd=site_dir)
    assert result.returncode == 1
    assert "data/glossary.yml:1: config: spell_out: 'nscp' is not an acronym" in result.stdout
    assert "data/glossary.yml:1: config: extra: is not a field we know." in result.stdout


def test_family_facing_limits_come_from_mkdocs_yml(site_dir: Path):
    sentence = "We will meet with you and the people who care about you to make a plan that keeps the children safe."
    write(site_dir / "knowledge_bank/tool/family.md", TOOL.format(body=sentence).replace("[health]", "[health, families]"))
    assert "plain-english/long-sentence" in kb("check", cwd=site_dir).stdout
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - sofs/checks:\n", "  - sofs/checks:\n      plain_english:\n        family-facing: {long_sentence: 25}\n"))
    assert kb("check", cwd=site_dir).returncode == 0
    config.write_text(config.read_text().replace("family-facing:", "leaflet:"))
    result = kb("check", cwd=site_dir)
    assert result.returncode == 1
    assert "'leaflet' is not a kind of page" in result.stderr


# --- the shipped content ----------------------------------------------------------------------------


def test_the_shipped_content_has_no_errors_and_names_owners_of_stale_items(tmp_path: Path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "knowledge_bank", "newsletters", "data", "mkdocs.yml"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    # The shipped site uses the real date; fix it, so the stale items stay stale and no others join them.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("edition: !ENV [KB_EDITION, public]", 'edition: public\n      today: "2026-11-26"'))
    result = kb("check", cwd=project)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("0 errors and 2 warnings in ")
    stale = [line for line in lines if ": review/stale: warning: " in line]
    assert any(
        line.startswith("knowledge_bank/practice-resource/the-70-20-10-learning-principle.md:")
        and "Workforce development group, the owner" in line
        for line in stale
    ), stale
    assert any(
        line.startswith("knowledge_bank/research-summary/signs-of-safety-original-approach-1999.md:")
        and "Superleaders group, the owner" in line
        for line in stale
    ), stale


# --- the build ----------------------------------------------------------------------------------------


def test_warnings_do_not_fail_a_strict_build_and_serve_never_stops(site_dir: Path, caplog):
    # The test site has a stale item: a strict build passes, and says so at info level.
    caplog.set_level(logging.INFO, logger="mkdocs")
    write(site_dir / "knowledge_bank/tool/phone.md", TOOL.format(body="Ring 07700 900123."))
    config = load_config(str(site_dir / "mkdocs.yml"), strict=True, site_dir=str(site_dir / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
        # A preview's findings follow when its checks finish, as a writer watching the terminal
        # sees them; Ctrl+C (on_shutdown) stops checks still running, so wait for them first.
        config.plugins["sofs/checks"].previewing.result(timeout=300)
        deadline = time.monotonic() + 10  # the findings are logged by the future's callback
        while time.monotonic() < deadline and not any("personal-data/phone" in r.getMessage() for r in caplog.records):
            time.sleep(0.05)
    finally:
        config.plugins.on_shutdown()
    ours = [r for r in caplog.records if r.name == "mkdocs.plugins.sofs_kb"]
    assert any(r.getMessage().startswith("knowledge_bank/tool/phone.md:13: personal-data/phone:") for r in ours)
    assert all(r.levelno == logging.INFO for r in ours)


def test_the_checks_plugin_can_be_switched_off(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/phone.md", TOOL.format(body="Ring 07700 900123."))
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - sofs/checks:\n", "  - sofs/checks:\n      enabled: false\n"))
    assert (build_site(site_dir) / "knowledge-bank/tool/phone/index.html").is_file()
    # kb check still checks: switching the plugin off only skips the build's run.
    assert kb("check", cwd=site_dir).returncode == 1


def test_a_page_with_broken_front_matter_stops_the_build(site_dir: Path, caplog):
    # MkDocs alone would drop the front matter without a word.
    write(site_dir / "content/about.md", "---\ntitle: About: us\n---\n\nAbout the bank.\n")
    caplog.set_level(logging.INFO, logger="mkdocs")
    with pytest.raises(Abort):
        build_site(site_dir)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(m.startswith("content/about.md:2: fields: front matter: line 2 could not be read") for m in errors), errors


def test_links_to_pages_other_features_generate_are_known(site_dir: Path):
    from training_support import add_training

    add_training(site_dir)
    page = site_dir / "content/training/index.md"
    page.write_text(
        page.read_text()
        + "\nSee the [upcoming dates](upcoming.md) and the [search page](../search/index.md).\n"
        + "\nThis [old page](no-such-page.md) has gone.\n"
    )
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - sofs/training\n", "  - sofs/training\n  - sofs/search\n"))
    result = kb("check", cwd=site_dir)
    broken = [line for line in result.stdout.splitlines() if "links/broken" in line]
    assert len(broken) == 1, result.stdout
    assert broken[0].startswith("content/training/index.md:")
    assert "'no-such-page.md' is not a page in the site" in broken[0]


def test_training_data_problems_are_reported_too(site_dir: Path):
    from training_support import add_training

    add_training(site_dir)
    events = next((site_dir / "data/training").glob("*.csv"))
    events.write_text(events.read_text() + "no-such-course,2027-01-05 09:30,2027-01-05 12:00,norwich,Hall,20,0,open,,,\n")
    result = kb("check", cwd=site_dir)
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if ": training: " in line)
    assert line.startswith(f"data/training/{events.name}:")
    assert "no-such-course" in line


def test_a_broken_item_does_not_hide_training_problems(site_dir: Path):
    # Training needs only the vocabulary and the plan, so one bad item must not hide its problems.
    from training_support import add_training

    add_training(site_dir)
    events = next((site_dir / "data/training").glob("*.csv"))
    events.write_text(events.read_text() + "no-such-course,2027-01-05 09:30,2027-01-05 12:00,norwich,Hall,20,0,open,,,\n")
    write(site_dir / "knowledge_bank/tool/broken.md", TOOL.format(body="Steps.").replace("type: tool\n", "type: tool\nowner_email: [\n"))
    result = kb("check", cwd=site_dir)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("knowledge_bank/tool/broken.md:") for line in lines), result.stdout
    assert any(line.startswith(f"data/training/{events.name}:") and "no-such-course" in line for line in lines), result.stdout
