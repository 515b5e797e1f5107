"""`kb check --format markdown` and `--summary`: every finding, in words GitHub shows as plain text.

Content is hostile input here: a link target or a file's text ends up in a message, and
the message ends up in a pull request's comment. It must never become a link, an image,
HTML, an @mention or an issue reference there. The rendered checks use Python-Markdown,
an independent Markdown reader; GitHub's own autolinks (mentions, #12, bare addresses)
are checked on the text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown as python_markdown
from bs4 import BeautifulSoup

import github_scripts
from conftest import write
from test_check_command import TOOL as ITEM
from sofs_kb.checks.markdown import report
from sofs_kb.github_markdown import escape
from sofs_kb.problems import Problem, Severity

KB = [sys.executable, "-m", "sofs_kb.cli"]

HOSTILE = [
    "![pixel](https://evil.example/p.png)",
    "[click me](javascript:alert(1))",
    "<img src=x onerror=alert(1)><script>alert(2)</script>",
    "@norfolk-sofs/everyone please look",
    "see #12 and norfolk-sofs/other#3",
    "visit https://evil.example or www.evil.example now",
    "| a | table |\n|---|---|",
    "`code` **bold** _em_ ~~strike~~ \\escape &amp; &#64;entity",
    "line one\n# heading\n- list",
]



def rendered(text: str) -> BeautifulSoup:
    return BeautifulSoup(python_markdown.markdown(text, extensions=["tables"]), "html.parser")


def assert_plain(text: str, own_links: set[str] = frozenset()) -> None:
    soup = rendered(text)
    assert not soup.find_all(["img", "script", "table", "h1", "h2"]), text
    assert {a["href"] for a in soup.find_all("a")} <= set(own_links), text
    # GitHub links these by itself; none may survive from content.
    assert not re.search(r"@[A-Za-z0-9]", text), text
    assert not re.search(r"#\d", text), text
    outside_links = re.sub(r"\(<[^>]*>\)", "", text)
    assert "://" not in outside_links and not re.search(r"\bwww\.", outside_links), text


def test_hostile_words_stay_plain_words():
    for words in HOSTILE:
        safe = escape(words)
        assert "\n" not in safe
        assert_plain(safe)
        # ...and read the same once rendered (apart from the invisible word joiner).
        # (CommonMark, as GitHub reads it, unescapes \~; Python-Markdown leaves the backslash.)
        shown = rendered(safe).get_text().replace("\u2060", "").replace("\\~", "~")
        assert shown == " ".join(words.split()), (words, shown)


def test_a_report_of_hostile_findings_links_only_to_our_own_addresses():
    findings = [
        Problem(f"knowledge_bank/tool/x{n}.md", "body", words, line=n + 1, rule="links/broken")
        for n, words in enumerate(HOSTILE)
    ]
    findings.append(Problem("knowledge_bank/tool/[odd](x).md", "title", "bad", severity=Severity.WARNING))
    source = "https://github.com/o/r/blob/abc/"
    text = report(findings, "9 errors and 1 warning in 10 files.", source_url=source)
    own = {f"{source}CONTRIBUTING.md#fixing-what-the-check-reports"}
    own |= {source + f.path for f in findings[:-1]} | {f"{source}{f.path}#L{f.line}" for f in findings[:-1]}
    assert_plain(text, own)
    # One line per finding, errors before warnings.
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(items) == len(findings)
    assert text.index("#### Errors: fix these") < text.index("#### Warnings: reminders")
    assert "[odd]" not in text  # an odd file name is escaped and not linked


def test_kb_check_writes_the_same_report_as_markdown_and_keeps_its_lines(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/bad.md", ITEM.format(body="See [this](@team/pixel.md) and ![x](https://evil.example/p.png)."))
    summary = site_dir / "summary.md"
    lines = subprocess.run(
        [*KB, "check", "--format", "github", "--summary", str(summary), "--source-url", "https://github.com/o/r/blob/c0ffee"],
        cwd=site_dir, capture_output=True, text=True,
    )
    assert lines.returncode == 1
    assert "knowledge_bank/tool/bad.md:13: links/broken:" in lines.stdout
    assert "::error file=knowledge_bank/tool/bad.md,line=13," in lines.stdout
    as_markdown = subprocess.run(
        [*KB, "check", "--format", "markdown", "--source-url", "https://github.com/o/r/blob/c0ffee/"],
        cwd=site_dir, capture_output=True, text=True,
    )
    assert as_markdown.returncode == 1
    assert as_markdown.stdout == summary.read_text(encoding="utf-8")
    text = as_markdown.stdout
    assert text.startswith("### ❌ Check: 2 errors and 1 warning in 17 files.")
    assert "[Line 13](<https://github.com/o/r/blob/c0ffee/knowledge_bank/tool/bad.md#L13>) · **error** · `links/broken`" in text
    assert "images/external" in text
    assert "knowledge_bank/tool/bad.md:13:" not in text  # the plain lines are not repeated
    assert_plain(text, {a["href"] for a in rendered(text).find_all("a") if a["href"].startswith("https://github.com/o/r/blob/c0ffee/")})


def test_a_clean_bank_reports_no_problems(site_dir: Path):
    (site_dir / "knowledge_bank/practice-resource/supervision-prompts.md").write_text(
        (site_dir / "knowledge_bank/practice-resource/supervision-prompts.md").read_text().replace("review_by: 2026-06-01", "review_by: 2099-06-01")
    )
    result = subprocess.run([*KB, "check", "--format", "markdown"], cwd=site_dir, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("### ✅ Check: No problems found in 16 files.")


# --- the pull request's one comment (.github/scripts/pull_request.py) ----------------------

pull_request = github_scripts.load("pull_request")


def test_a_comment_with_thousands_of_findings_fits_and_says_where_the_rest_are():
    findings = [Problem(f"knowledge_bank/tool/t{n}.md", "body", "x " * 40, line=3) for n in range(3000)]
    text = report(findings, "3000 errors and 0 warnings in 3000 files.", source_url="https://github.com/o/r/blob/abc/")
    assert len(text) > 200_000
    body = pull_request.comment_body(text, "### preview", state="published", run_url="https://github.com/o/r/actions/runs/1")
    assert len(body) <= 65_536
    assert body.startswith(pull_request.MARKER)
    shown = [line for line in body.splitlines() if line.startswith("- [Line")]
    assert 100 < len(shown) < 3000
    assert f"- and {3000 - len(shown)} more findings, too many for one comment." in body
    assert "[The job summary lists them all](<https://github.com/o/r/actions/runs/1>)" in body
    assert "### preview" in body  # the preview part is never cut


def test_the_comment_says_why_there_is_no_preview_and_marks_a_removed_one():
    failed = pull_request.comment_body("### ❌ Check: 1 error", None, state="checks-failed")
    assert "No preview yet: it is made once every check passes." in failed
    missing = pull_request.comment_body(None, None, state="none", run_url="https://x/runs/1")
    assert "The Check did not finish" in missing
    published = pull_request.comment_body("### ✅ Check", "### 🔎 Preview: [open](<https://p/>)", state="published")
    removed = pull_request.without_preview(published, "The preview was removed when this pull request closed.")
    assert "open](<https://p/>)" not in removed and "The preview was removed" in removed
    assert "### ✅ Check" in removed


def test_the_preview_list_keeps_hostile_titles_and_file_names_plain(tmp_path: Path):
    preview, live, project = tmp_path / "preview", tmp_path / "live", tmp_path / "project"
    hostile_title = "![x](https://evil.example/p.png) @team #1 <b>bold</b>"
    write(preview / "knowledge-bank/tool/odd/index.html", f"<title>{hostile_title} - Site</title>")
    write(preview / "index.html", "<title>Home - Site</title>")
    write(live / "index.html", "<title>Home - Site</title>")
    odd = "knowledge_bank/tool/[x](@team).md"
    write(project / odd, "---\nstatus: '![y](https://evil.example/q.png)'\n---\n")
    text = pull_request.pages_report(preview, live, "https://p.example/pr/", "https://p.example/", [odd], project)
    assert_plain(text, {"https://p.example/pr/", "https://p.example/pr/knowledge-bank/tool/odd/"})
    assert "Site" not in text  # the site's name is cut from each title
