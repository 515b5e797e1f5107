"""`kb new`: new files in the right place, never overwriting, rejected by kb check until filled in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site, write
from sofs_kb.sources import read_source

KB = [sys.executable, "-m", "sofs_kb.cli"]
ITEM_TYPES = ["practice-resource", "research-summary", "practice-example", "tool"]


def kb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def created(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return re.search(r"^Created (\S+)$", result.stdout, re.MULTILINE).group(1)


@pytest.mark.parametrize("type_id", ITEM_TYPES)
def test_new_item_has_every_field_and_checks_reject_the_placeholders(type_id: str, site_dir: Path):
    rel = created(kb("new", type_id, "Using scaling questions: with teenagers", cwd=site_dir))
    assert rel == f"knowledge_bank/{type_id}/using-scaling-questions-with-teenagers.md"
    source, problems = read_source(site_dir / rel, rel)
    assert problems == []
    meta = source.meta
    assert meta["title"] == "Using scaling questions: with teenagers"
    assert meta["type"] == type_id
    assert meta["status"] == "draft"
    assert meta["published"] == "2026-11-26"  # the site's `today`
    assert meta["review_by"] == "2027-11-26"
    for name in ("summary", "plan_sections", "audience", "owner"):
        assert name in meta, name

    # While it is a draft, the placeholders are warnings: a half-written draft never stops the site.
    # (A practice example's `anonymised: false` is a privacy finding, an error even in a draft.)
    check = kb("check", rel, cwd=site_dir)
    assert check.returncode == (1 if type_id == "practice-example" else 0), check.stdout
    lines = check.stdout.splitlines()
    for name in ("summary", "plan_sections", "audience", "owner"):
        assert any(f": placeholder: warning: {name}: still has the placeholder REPLACE" in line for line in lines), name
    # Published, the same placeholders are errors.
    path = site_dir / rel
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    check = kb("check", rel, cwd=site_dir)
    assert check.returncode == 1
    lines = check.stdout.splitlines()
    for name in ("summary", "plan_sections", "audience", "owner"):
        assert any(f": placeholder: {name}: still has the placeholder REPLACE" in line for line in lines), name
    assert any(": placeholder: body:" in line for line in lines)
    # One message per placeholder: the schema's complaint about 'REPLACE' is not repeated.
    assert not any(": fields: plan_sections:" in line for line in lines), lines


def test_a_new_practice_example_must_be_anonymised_on_purpose(site_dir: Path):
    rel = created(kb("new", "practice-example", "A network meeting", cwd=site_dir))
    text = (site_dir / rel).read_text()
    assert "anonymised: false" in text
    assert "remove anything that could identify the family" in text
    check = kb("check", rel, cwd=site_dir)
    assert re.search(r":\d+: personal-data/anonymised: anonymised: must be true", check.stdout), check.stdout


def test_a_filled_in_item_passes_the_checks_and_builds(site_dir: Path):
    rel = created(kb("new", "tool", "Safety circles", cwd=site_dir))
    path = site_dir / rel
    text = path.read_text()
    text = text.replace("summary: REPLACE with one or two sentences about what this is and who it helps.",
                        "summary: A drawing tool that shows who helps keep a child safe.")
    text = text.replace("plan_sections: [REPLACE]", "plan_sections: [learning]")
    text = text.replace("audience: [REPLACE]", "audience: [social-care]")
    text = text.replace("owner: REPLACE with the group that looks after this", "owner: Superleaders group")
    text = text.replace("status: draft", "status: published")
    text = text.replace("REPLACE with the first step.", "Draw three circles.")
    text = text.replace("REPLACE with the next step.", "Ask who goes in each circle.")
    text = re.sub(r"REPLACE: [^\n]*", "Ask the child to name the people who help them.", text)
    path.write_text(text)
    check = kb("check", rel, cwd=site_dir)
    assert check.returncode == 0, check.stdout
    site = build_site(site_dir)
    assert (site / "knowledge-bank/tool/safety-circles/index.html").is_file()


def test_never_overwrites_and_keeps_file_names_unique_across_types(site_dir: Path):
    existing = site_dir / "knowledge_bank/tool/three-houses.md"
    before = existing.read_text()
    # 'three-houses' is taken by a tool, so a practice resource with that title gets another name.
    rel = created(kb("new", "practice-resource", "Three houses", cwd=site_dir))
    assert rel == "knowledge_bank/practice-resource/three-houses-2.md"
    assert created(kb("new", "tool", "Three houses", cwd=site_dir)) == "knowledge_bank/tool/three-houses-3.md"
    assert existing.read_text() == before
    # Names the site uses for its own pages are never given to an item.
    assert created(kb("new", "tool", "Tags", cwd=site_dir)) == "knowledge_bank/tool/tags-2.md"


def test_long_titles_make_short_file_names(site_dir: Path):
    title = "How a health visitor and a school nurse used scaling questions with a young mother and her baby"
    rel = created(kb("new", "practice-example", title, cwd=site_dir))
    name = Path(rel).name.removesuffix(".md")
    assert len(name) <= 60 and not name.endswith("-")
    assert read_source(site_dir / rel, rel)[0].meta["title"] == title


def test_new_newsletter_takes_the_next_quarter_and_issue_number(site_dir: Path):
    # The fixture has issue 1 for 2026-Q3; the site's today is 26 November 2026 (Q4).
    rel = created(kb("new", "newsletter", cwd=site_dir))
    assert rel == "newsletters/2026-q4.md"
    meta = read_source(site_dir / rel, rel)[0].meta
    assert meta["quarter"] == "2026-Q4"
    assert meta["issue"] == 2
    assert meta["title"] == "Signs of Safety news: autumn 2026"
    assert meta["editors"] == ["Signs of Safety Partnership Steering Group"]
    assert meta["status"] == "draft"
    # The next one follows on, and a chosen quarter can be given.
    assert created(kb("new", "newsletter", "Winter news", cwd=site_dir)) == "newsletters/2027-q1.md"
    assert created(kb("new", "newsletter", "--quarter", "2027-Q3", cwd=site_dir)) == "newsletters/2027-q3.md"
    check = kb("check", rel, cwd=site_dir)
    assert check.returncode == 0  # a draft's problems are warnings
    assert "newsletters/2026-q4.md:8: placeholder: warning: summary:" in check.stdout


def test_new_newsletter_refuses_to_overwrite_an_issue(site_dir: Path):
    path = site_dir / "newsletters/2026-q3.md"
    before = path.read_text()
    result = kb("new", "newsletter", "--quarter", "2026-Q3", cwd=site_dir)
    assert result.returncode == 1
    assert "newsletters/2026-q3.md already exists. Edit that file, or choose another quarter" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "leaflet", "A leaflet"], "Invalid value for 'TYPE'"),
        (["new", "tool"], 'Give a title in quotes, like: kb new tool "Three houses"'),
        (["new", "tool", "!!!"], "The title needs some letters or numbers"),
        (["new", "tool", "x" * 151], "The title is 151 characters long. Keep it to 150 or fewer."),
        (["new", "tool", "A tool", "--quarter", "2026-Q4"], "--quarter is only for newsletters."),
        (["new", "newsletter", "--quarter", "autumn"], "--quarter: 'autumn' is not a quarter"),
    ],
)
def test_mistakes_get_a_plain_message(args: list[str], message: str, site_dir: Path):
    result = kb(*args, cwd=site_dir)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_new_files_keep_working_when_the_vocabulary_is_broken(site_dir: Path):
    write(site_dir / "data/vocabularies.yml", "audiences: [unclosed\n")
    rel = created(kb("new", "tool", "Still works", cwd=site_dir))
    assert "plan_sections: [REPLACE]" in (site_dir / rel).read_text()
