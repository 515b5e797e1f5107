"""The privacy scan through `kb check`: every kind of file and field, drafts included.

Each test writes real files into a copy of the fixture site, runs the real
command, and reads what it prints: `path:line: personal-data/<kind>: ...`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write
from test_check_command import TOOL

KB = [sys.executable, "-m", "sofs_kb.cli"]

NEWSLETTER = """---
title: Winter news
summary: News from the winter.
issue: 3
quarter: 2027-Q1
editors: [Signs of Safety Partnership Steering Group]
owner: Signs of Safety Partnership Steering Group
status: draft
---
## Training and development opportunities

{body}
"""
_LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<rule>[\w/-]+): (?P<rest>.*)$")


def tool(body: str = "Body text.", *, title: str = "A tool", summary: str = "A short summary.", status: str = "published") -> str:
    text = TOOL.replace("title: A tool", f"title: {title}").replace("summary: A short summary.", f"summary: {summary}")
    return text.replace("status: published", f"status: {status}").format(body=body)


def check(project: Path, *paths: str) -> tuple[int, list[tuple[str, int, str, str]]]:
    result = subprocess.run([*KB, "check", *paths], cwd=project, capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    found = []
    for line in result.stdout.splitlines()[:-1]:
        match = _LINE.match(line)
        assert match, line
        found.append((match["path"], int(match["line"]), match["rule"], match["rest"]))
    return result.returncode, found


def privacy(found) -> list[tuple[str, int, str]]:
    return [(path, line, rule) for path, line, rule, _ in found if rule.startswith("personal-data/")]


def test_the_issue_example_is_an_error_with_a_masked_message(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/help.md", tool("Jayden Smith (born 14/03/2015) came to the group."))
    status, found = check(site_dir)
    assert status == 1
    assert privacy(found) == [
        ("knowledge_bank/tool/help.md", 13, "personal-data/name"),
        ("knowledge_bank/tool/help.md", 13, "personal-data/date-of-birth"),
    ]
    message = next(rest for path, _, rule, rest in found if rule == "personal-data/name")
    assert message.startswith("body: a person's name (J… S…).")
    assert "'the child'" in message and "data/check-allow-list.yml" in message  # how to fix it
    assert "Jayden" not in message and "Smith" not in message


@pytest.mark.parametrize(
    "name, text",
    [
        ("draft item", tool("Ring the mother on 07700 900123.", status="draft")),
        ("newsletter draft", NEWSLETTER.format(body="Ring the mother on 07700 900123.")),
        ("new draft beside an issue", NEWSLETTER.format(body="Ring the mother on 07700 900123.")),
    ],
)
def test_drafts_and_new_md_files_are_errors_too(site_dir: Path, name: str, text: str):
    rel = {
        "draft item": "knowledge_bank/tool/draft.md",
        "newsletter draft": "newsletters/2027-q1.md",
        "new draft beside an issue": "newsletters/2026-q3.new.md",
    }[name]
    write(site_dir / rel, text)
    status, found = check(site_dir)
    assert status == 1
    hits = [f for f in found if f[0] == rel and f[2] == "personal-data/phone"]
    assert hits, found
    assert not hits[0][3].startswith("warning:")  # an error, whatever else in drafts is a warning


@pytest.mark.parametrize(
    "where, body, summary, rule, line",
    [
        ("front matter title", "Body.", "A short summary.", "personal-data/name", 2),
        ("summary, an HTML entity", "Body.", "Write to jane.doe&#64;norfolk.gov.uk", "personal-data/email", 3),
        ("summary, YAML escape", "Body.", '"Write to jane.doe\\u0040norfolk.gov.uk"', "personal-data/email", 3),
        ("heading", "## Kerry Jones and the plan", "A short summary.", "personal-data/name", 13),
        ("table", "| Who | Phone |\n|---|---|\n| Mum | 07700 900123 |", "A short summary.", "personal-data/phone", 15),
        ("alt text", "![Kerry Jones at home](photo.png)", "A short summary.", "personal-data/name", 13),
        ("link address", "[records](https://records.example.org/patient/9434765919)", "A short summary.", "personal-data/nhs-number", 13),
        ("query string", "[map](https://maps.example.org/?q=NR1+3QQ)", "A short summary.", "personal-data/postcode", 13),
        ("split by markup", "**Jayden** Smithson came.", "A short summary.", "personal-data/name", 13),
        ("split over a line", "We met Jayden\nSmithson at home.", "A short summary.", "personal-data/name", 13),
        ("soft hyphen", "Jay\u00adden Smith came.", "A short summary.", "personal-data/name", 13),
        ("zero-width space", "Jay\u200bden Smith came.", "A short summary.", "personal-data/name", 13),
        ("HTML comment", "Body.\n<!-- Her NHS number is 943 476 5919. -->", "A short summary.", "personal-data/nhs-number", 14),
        ("spelled-out email", "Write to jane at norfolk dot gov dot uk.", "A short summary.", "personal-data/email", 13),
        ("dotted phone", "Call 07700.900.123 today.", "A short summary.", "personal-data/phone", 13),
        ("postcode with two spaces", "They moved to NR1  2DH.", "A short summary.", "personal-data/postcode", 13),
        ("date of birth in words", "She was born on the 3rd of March.", "A short summary.", "personal-data/date-of-birth", 13),
        ("house and street", "They live at Flat 3, 7 Mill Lane.", "A short summary.", "personal-data/address", 13),
        ("family member", "His mum, Kerry, came to every meeting.", "A short summary.", "personal-data/name", 13),
        ("name and age", "Jayden (aged 7) drew his houses.", "A short summary.", "personal-data/name", 13),
    ],
)
def test_every_position_is_scanned(site_dir: Path, where: str, body: str, summary: str, rule: str, line: int):
    title = "Kerry Jones and the plan" if where == "front matter title" else "A tool"
    write(site_dir / "knowledge_bank/tool/case.md", tool(body, title=title, summary=summary))
    _, found = check(site_dir)
    assert ("knowledge_bank/tool/case.md", line, rule) in privacy(found), (where, found)


def test_near_misses_pass(site_dir: Path):
    body = (
        "Munro (2011) and Turnell and Edwards (1999) describe the approach. ISBN 0141036141.\n\n"
        "About 10 000 staff took part. Y6 2nd half term. The children read Mr Men books.\n\n"
        "The social worker met Mum at County Hall, Martineau Lane, Norwich, on 14/03/2027.\n\n"
        "Will Social Care attend? Grace Road is closed. Hope is part of the plan."
    )
    write(site_dir / "knowledge_bank/tool/fine.md", tool(body))
    _, found = check(site_dir)
    assert privacy(found) == [], found


def test_file_names_are_scanned(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/jayden-smith-plan.md", tool())
    write(site_dir / "knowledge_bank/tool/kerry-jones.pdf", "%PDF-1.4")
    _, found = check(site_dir)
    rules = {(path, rule) for path, _, rule in privacy(found)}
    assert ("knowledge_bank/tool/jayden-smith-plan.md", "personal-data/name") in rules
    assert ("knowledge_bank/tool/kerry-jones.pdf", "personal-data/name") in rules


def test_every_column_of_the_training_spreadsheet(site_dir: Path):
    write(
        site_dir / "data/training/2026-27.csv",
        "course,start,end,locality,venue,places,booked,status,booking,notes\n"
        "foundation,2027-01-19 09:30,2027-01-20 16:30,norwich,County Hall,25,10,open,,\n"
        'foundation,2027-02-19 09:30,2027-02-20 16:30,norwich,"12 Elm Road, NR1 3QQ",25,10,open,jo.bloggs@gmail.com,"Jayden Smith, 07700 900123"\n',
    )
    status, found = check(site_dir)
    assert status == 1
    csv = [(line, rule, rest.split(":")[0] + ":" + rest.split(":")[1]) for path, line, rule, rest in found if path == "data/training/2026-27.csv"]
    assert {(line, rule) for line, rule, _ in csv} == {
        (3, "personal-data/address"),
        (3, "personal-data/postcode"),
        (3, "personal-data/email"),
        (3, "personal-data/name"),
        (3, "personal-data/phone"),
    }
    assert any(where == "row 3: notes" for _, _, where in csv)


def test_other_text_files_beside_pages(site_dir: Path):
    write(site_dir / "content/downloads/letter.html", "<p>Dear Mrs Okafor, ring 07700 900123.</p>")
    _, found = check(site_dir)
    rules = {rule for path, _, rule in privacy(found) if path == "content/downloads/letter.html"}
    assert rules == {"personal-data/name", "personal-data/phone"}


def test_a_school_with_a_child_is_only_a_warning(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/school.md", tool("The boy is in Year 3 at Elm Primary."))
    status, found = check(site_dir)
    school = [rest for path, _, rule, rest in found if rule == "personal-data/school"]
    assert school and school[0].startswith("warning:")
    assert status == 0


ALLOW = """- file: "*"
  rule: personal-data/phone
  text: 01632 960123
  reason: The front desk of the partnership's office, published for everyone.
  approved_by: Steering group, November 2026
- file: knowledge_bank/research-summary/
  rule: personal-data/name
  text: Andrew Turnell
  reason: A public author, cited in research summaries.
  approved_by: Steering group, November 2026
"""


def test_an_allow_list_entry_is_entered_once_and_compared_as_the_rule_reads_it(site_dir: Path):
    write(site_dir / "data/check-allow-list.yml", ALLOW)
    write(site_dir / "knowledge_bank/tool/a.md", tool("Ring the office on 01632 960123."))
    write(site_dir / "knowledge_bank/tool/b.md", tool("Ring the office on (01632) 960 123."))
    write(site_dir / "knowledge_bank/tool/c.md", tool("Andrew Turnell spoke at the event."))
    _, found = check(site_dir)
    assert privacy(found) == [("knowledge_bank/tool/c.md", 13, "personal-data/name")]


def test_people_are_told_what_counts_and_what_to_do(site_dir: Path):
    """CONTRIBUTING.md, every pull request template and `kb new` say it in plain English."""
    from conftest import PROJECT

    guides = [PROJECT / "CONTRIBUTING.md", *sorted((PROJECT / ".github").rglob("*.md"))]
    assert len(guides) >= 4
    result = subprocess.run([*KB, "new", "tool", "Safety circles"], cwd=site_dir, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    starters = [next((site_dir / "knowledge_bank/tool").glob("safety-circles*.md"))]
    for path in guides + starters:
        text = " ".join(path.read_text(encoding="utf-8").split()).lower()
        assert "personal data" in text, path
        assert "before it is merged" in text, path
        assert "history must be rewritten" in text or "rewrites the history" in text, path


def test_a_spreadsheet_the_reader_refuses_is_still_scanned(site_dir: Path):
    write(
        site_dir / "data/training/2026-27.csv",
        "course,start,end,locality,venue,places,booked,status,booking\n"
        'foundation,2027-01-19 09:30,2027-01-20 16:30,norwich,"' + "x" * 200_000 + ' ring 07700 900123",25,10,open,\n',
    )
    _, found = check(site_dir)
    assert ("data/training/2026-27.csv", 2, "personal-data/phone") in privacy(found)
