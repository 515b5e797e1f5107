"""`kb report board` (the quarterly report to the partnership board) and `kb review pack`.

The fixture site is as of 26 November 2026. Its training data has two Foundation dates held
in October 2026 (45 people, score 4.4; 30 people, score 4.0). A git history is made here with
dated commits, so "changed since the last meeting" is real.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import write
from training_support import add_training

KB = [sys.executable, "-m", "sofs_kb.cli"]


def kb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def git(project: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture
def project(site_dir: Path) -> Path:
    add_training(site_dir)
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "\nnav:\n",
        "\n  - sofs/impact:\n      training_measures:\n        evaluations: learning-measure-one\nnav:\n", 1))
    three = site_dir / "knowledge_bank/tool/three-houses.md"
    three.write_text(three.read_text().replace("review_by: 2027-03-12", "review_by: 2027-01-10"))
    write(site_dir / "data/measures/figures.csv", "measure,period,value,source,note\n"
          "risk-sensible-practice-measure-one,2024-25,10,Audit team,\n"
          "risk-sensible-practice-measure-one,2025-26,8,Audit team,\n")
    return site_dir


def test_the_board_report_is_a_printable_page_under_build(project: Path):
    result = kb("report", "board", "2026-Q3", cwd=project)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == project / "build/board/2026-q3.html" and path.is_file()
    assert not (project / "site").exists()
    html = path.read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.title.get_text() == "Signs of Safety: report to the partnership board, July to September 2026 (2026-Q3)"
    sections = page.select("main > section")
    assert "board-summary" in sections[0]["class"]  # the one-page summary comes first
    summary = sections[0].get_text(" ", strip=True)
    assert "as of 30 September 2026" in summary
    assert "Of the plan's 10 measures" in summary
    attention = sections[0].find(id="attention").find_next_sibling().get_text(" ", strip=True)
    assert attention == ("First measure for risk-sensible-practice (not on track): The figure fell from 10 to 8 "
                         "between plan year 2024-25 and plan year 2025-26; higher is better.")
    # The A4 print stylesheet: the summary alone on the first page, each part on a new page.
    assert "@page { size: A4;" in html and ".board-summary { break-after: page; }" in html
    titles = [section.h1.get_text() for section in sections[1:]]
    assert titles == ["The plan's measures", "Training delivered against the targets", "Newsletters",
                      "Resource use", "Content past its review date, by owner"]
    training = sections[2].get_text(" ", strip=True)
    # As of 30 September only the April development session had been held; October's dates were to come.
    assert "1 held so far" in training and "18 people attended the dates held" in training and "Places offered" in training
    stale = sections[5]
    assert stale.h2.get_text() == "Practice Leaders network (1)"
    assert stale.a["href"] == "https://example.org/kb/knowledge-bank/practice-resource/supervision-prompts/"
    # Everything is inside the one file: no scripts, nothing fetched from anywhere.
    assert not page.find("script") and not page.find("link") and not page.find("img")
    # It is read by board members, so it asks nobody to run a command.
    assert not re.search(r"\bkb [a-z]+", page.get_text(" ")), re.search(r".{60}\bkb [a-z]+.{20}", page.get_text(" "))
    assert page.find("svg", class_="kb-chart__svg") is not None


def test_the_board_report_refuses_bad_quarters_and_the_published_folder(project: Path):
    future = kb("report", "board", "2027-Q2", cwd=project)
    assert future.returncode == 1 and "2027-Q2 has not started yet" in future.stderr
    bad = kb("report", "board", "Q4", cwd=project)
    assert bad.returncode == 1 and "is not a quarter" in bad.stderr and "Traceback" not in bad.stderr
    into_site = kb("report", "board", "2026-Q4", "-o", "site/board.html", cwd=project)
    assert into_site.returncode == 1 and "never goes into site/" in into_site.stderr
    assert not (project / "site/board.html").exists()
    write(project / "mine.html", "keep me")
    kept = kb("report", "board", "2026-Q4", "-o", "mine.html", cwd=project)
    assert kept.returncode == 1 and (project / "mine.html").read_text() == "keep me"


@pytest.fixture
def history(project: Path) -> Path:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start", day="2026-08-01")
    scaling = project / "knowledge_bank/tool/scaling-questions.md"
    scaling.write_text(scaling.read_text() + "\nA new paragraph.\n")
    git(project, "commit", "-q", "-am", "edit scaling questions", day="2026-10-15")
    munro = project / "knowledge_bank/research-summary/munro-review.md"
    munro.write_text(munro.read_text() + "\nAn edit after the meeting.\n")
    git(project, "commit", "-q", "-am", "edit after the meeting", day="2026-11-25")
    return project


def test_the_superleaders_pack(history: Path):
    result = kb("review", "pack", "--group", "superleaders", "--date", "2026-11-20", cwd=history)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Superleaders group: review pack for 20 November 2026\n")
    assert "Since the last meeting on 20 September 2026." in text
    due = text.split("## Due for review by 20 January 2027")[1].split("## Past their review date")[0]
    assert "### Superleaders group" in due and "[Three houses](https://example.org/kb/knowledge-bank/tool/three-houses/): review by 10 January 2027" in due
    overdue = text.split("## Past their review date")[1].split("## New and changed")[0]
    assert "### Practice Leaders network" in overdue and "Supervision prompts" in overdue and "1 June 2026" in overdue
    changes = text.split("## New and changed since 20 September 2026")[1].split("## Least used")[0]
    assert "- New: [A guide to three-column mapping]" in changes  # published 5 October 2026
    assert "- Changed: [Scaling questions]" in changes  # committed 15 October 2026
    assert "Munro" not in changes  # changed after the meeting date
    feedback = text.split("## Training feedback since 20 September 2026")[1]
    assert "| 20 October 2026 | Foundation training | County Hall, Norwich | 45 | 4.4 |" in feedback
    assert "Average evaluation: 4.2 out of 5, weighted by attendance." in feedback
    assert "No page views have been imported yet" in text


def test_the_previous_meeting_can_be_given(history: Path):
    text = kb("review", "pack", "--group", "superleaders", "--date", "2026-11-20", "--since", "2026-10-20",
              cwd=history).stdout
    changes = text.split("## New and changed since 20 October 2026")[1].split("## Least used")[0]
    assert "three-column mapping" not in changes and "Scaling questions" not in changes
    assert "| 27 October 2026 |" in text and "| 20 October 2026 |" not in text


def test_the_steering_group_pack(history: Path):
    result = kb("review", "pack", "--group", "steering", "--date", "2026-11-20", cwd=history)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "## Implementation progress by plan section" in text
    assert re.search(r"\| Risk-sensible, collaborative practice \| 4 \| 1 \| 2 measures: 1 not on track and 1 with no data yet\. \|", text)
    assert "## Training delivery, plan year 2026-27" in text and "93 people attended" in text
    assert "- July to September 2026: issue 1, Signs of Safety news: summer 2026" in text
    assert "- October to December 2026: due this quarter" in text
    not_on_track = text.split("## Measures that are not on track")[1]
    assert "**First measure for risk-sensible-practice** (not on track): The figure fell from 10 to 8" in not_on_track


def test_titles_cannot_add_links_or_html_to_a_pack(history: Path):
    three = history / "knowledge_bank/tool/three-houses.md"
    three.write_text(three.read_text().replace("title: Three houses", 'title: "Three houses](https://evil.example) <script>alert(1)</script> *loud*"'))
    text = kb("review", "pack", "--group", "superleaders", "--date", "2026-11-20", cwd=history).stdout
    assert not re.search(r"(?<!\\)\]\(https://evil", text) and "<script>" not in text and "\\*loud\\*" in text
    page = kb("review", "pack", "--group", "superleaders", "--date", "2026-11-20", "--format", "html", cwd=history).stdout
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find("script") and not soup.find("a", href="https://evil.example")
    assert soup.title.get_text() == "Superleaders group: review pack for 20 November 2026"


def test_review_pack_refuses_bad_dates(project: Path):
    bad = kb("review", "pack", "--group", "steering", "--date", "12/01/2027", cwd=project)
    assert bad.returncode == 1 and "--date: '12/01/2027' is not a date. Write it like 2027-01-12." in bad.stderr
    backwards = kb("review", "pack", "--group", "steering", "--date", "2026-11-20", "--since", "2026-12-01", cwd=project)
    assert backwards.returncode == 1 and "--since: must be before --date." in backwards.stderr


def test_personal_data_in_the_figures_or_titles_stops_every_report_before_it_is_written(project: Path):
    figures = project / "data/measures/figures.csv"
    figures.write_text(figures.read_text() + 'risk-sensible-practice-measure-one,2023-24,9,Audit team,'
                       '"Ask Jo, on 07700 900123"\n')
    checked = kb("check", cwd=project)
    assert checked.returncode == 1
    assert re.search(r"data/measures/figures\.csv:\d+: personal-data/phone:", checked.stdout), checked.stdout
    board = kb("report", "board", "2026-Q4", cwd=project)
    assert board.returncode == 1 and "Traceback" not in board.stderr
    assert "build/board/2026-q4.html:" in board.stderr and "personal-data/phone" in board.stderr
    assert "The board report holds personal data" in board.stderr and "900123" not in board.stderr
    assert not (project / "build/board/2026-q4.html").exists()
    tables = kb("report", "--format", "csv", "-o", "tables", cwd=project)
    assert tables.returncode == 1 and "tables/measure-figures.csv:" in tables.stderr
    assert not (project / "tables").exists()
    printed = kb("report", cwd=project)
    assert printed.returncode == 1 and "900123" not in printed.stdout
    # An item's title reaches the Superleaders' pack; the steering group's pack holds neither.
    three = project / "knowledge_bank/tool/three-houses.md"
    three.write_text(re.sub(r"(?m)^title: .*$", 'title: "Three houses: ask Jo on 07700 900123"', three.read_text(), count=1))
    for form in ("markdown", "html"):
        pack = kb("review", "pack", "--group", "superleaders", "--date", "2027-01-12", "--format", form, "-o", "pack.out",
                  cwd=project)
        assert pack.returncode == 1 and "The review pack holds personal data" in pack.stderr, pack.stderr
        assert not (project / "pack.out").exists()
    steering = kb("review", "pack", "--group", "steering", "--date", "2027-01-12", cwd=project)
    assert steering.returncode == 0 and "Implementation progress" in steering.stdout, steering.stderr
