"""The last gate: personal data that reaches the built site from anywhere stops the build.

The first scan reads the sources; these tests put personal data where it cannot
see it (a setting, a template, a feed's saved copy) and check that the gate on
the output catches it, in `mkdocs build` and in `kb build`, naming the output
file and where the text came from, and that the last good site is kept.
"""

from __future__ import annotations

import gzip
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, switch_off, write
from sofs_kb.checks.allow_list import AllowList
from sofs_kb.checks.privacy.names import WatchList
from sofs_kb.checks.privacy.background import in_background
from sofs_kb.checks.privacy.output import BACKGROUND_FROM, OutputGate, SourceIndex

KB = [sys.executable, "-m", "sofs_kb.cli"]


def describe_site(project: Path, text: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(f"site_description: {text}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")


def test_mkdocs_build_fails_on_personal_data_from_a_setting(site_dir: Path, caplog):
    describe_site(site_dir, "Questions? Ring Kerry on 07700 900123.")
    caplog.set_level(logging.ERROR, logger="mkdocs")
    with pytest.raises(Abort):
        build_site(site_dir)
    logged = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.sofs_kb"]
    # A line every page repeats (the head, the header) is reported once, in the first file that has it.
    home = [m for m in logged if m.startswith("site/") and ".html:" in m]
    assert len(home) == 1, logged
    assert "personal-data/phone: built site: a phone number (077…)" in home[0]
    assert "No content file holds it: look in the templates, mkdocs.yml" in home[0]
    assert "07700 900123" not in "\n".join(logged)


def test_kb_build_keeps_the_last_good_site_when_the_gate_fails(site_dir: Path):
    first = subprocess.run([*KB, "build"], cwd=site_dir, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = (site_dir / "site/index.html").read_text(encoding="utf-8")
    describe_site(site_dir, "Email jo.bloggs@gmail.com with questions.")
    second = subprocess.run([*KB, "build"], cwd=site_dir, capture_output=True, text=True)
    assert second.returncode == 1
    assert ".html:" in second.stderr and "personal-data/email: built site:" in second.stderr
    assert "The site was not changed." in second.stderr
    assert (site_dir / "site/index.html").read_text(encoding="utf-8") == before
    assert "Traceback" not in second.stderr


def test_kb_build_gates_the_output_even_with_the_checks_plugin_off(site_dir: Path):
    switch_off(site_dir, "sofs/checks")
    describe_site(site_dir, "NHS number 943 476 5919.")
    result = subprocess.run([*KB, "build"], cwd=site_dir, capture_output=True, text=True)
    assert result.returncode == 1
    assert "personal-data/nhs-number" in result.stderr


def gate(index: SourceIndex | None = None, allow: AllowList | None = None, names=()) -> OutputGate:
    return OutputGate(index or SourceIndex(), allow or AllowList(), WatchList(names))


def test_every_kind_of_output_file_is_read(tmp_path: Path):
    site = tmp_path / "site"
    write(site / "index.html", "<html><body><p>Nothing here.</p><svg><path d='M0 07700 900123'/></svg></body></html>")
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "pagefind/fragment/en_1.pf_fragment").write_bytes(
        gzip.compress(b'pagefind_dcd{"content":"Her NHS number is 943 476 5919."}')
    )
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset><url><loc>https://x.org/?pc=NR1%203QQ</loc></url></urlset>"))
    # A calendar folds long lines at 75 characters, in the middle of an address.
    write(site / "training/all.ics", "BEGIN:VCALENDAR\r\nDESCRIPTION:Book with jo.bloggs@gma\r\n il.com\r\nEND:VCALENDAR\r\n")
    write(site / "feed.xml", "<feed><entry><summary>Jayden Smith came.</summary></entry></feed>")
    write(site / "downloads/jayden-smith-07700900123.txt", "A note.")
    problems = gate(names=["Jayden Smith"]).scan_folder(site, "site")
    found = {(p.path, p.rule) for p in problems}
    assert found == {
        ("site/pagefind/fragment/en_1.pf_fragment", "personal-data/nhs-number"),
        ("site/sitemap.xml.gz", "personal-data/postcode"),
        ("site/training/all.ics", "personal-data/email"),
        ("site/feed.xml", "personal-data/watch-list"),
        ("site/downloads/jayden-smith-07700900123.txt", "personal-data/phone"),
    }


def test_a_big_sites_fragments_are_read_in_a_second_process_and_nothing_is_lost(tmp_path: Path):
    # From BACKGROUND_FROM fragments on, a forked process reads them beside the pages.
    site = tmp_path / "site"
    fragments = site / "pagefind/fragment"
    fragments.mkdir(parents=True)
    for n in range(BACKGROUND_FROM + 5):
        body = "Her NHS number is 943 476 5919." if n in (3, 250) else f"Page {n} holds nothing."
        (fragments / f"en_{n:04d}.pf_fragment").write_bytes(gzip.compress(f'pagefind_dcd{{"content":"{body}"}}'.encode()))
    write(site / "a/index.html", "<p>Ring 07700 900123.</p>")
    write(site / "zz.txt", "Post to NR1 3QQ.")
    problems = gate().scan_folder(site, "site")
    # Every finding, in the order of the files, as one process gives them.
    assert [(p.path, p.rule) for p in problems] == [
        ("site/a/index.html", "personal-data/phone"),
        ("site/pagefind/fragment/en_0003.pf_fragment", "personal-data/nhs-number"),
        ("site/pagefind/fragment/en_0250.pf_fragment", "personal-data/nhs-number"),
        ("site/zz.txt", "personal-data/postcode"),
    ]


def test_work_in_the_background_runs_in_another_process_and_is_done_here_if_it_fails():
    import os

    assert in_background(lambda: [os.getpid()])() != [os.getpid()]
    parent = os.getpid()

    def fails_in_the_child() -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the second process fails")
        return [parent]

    assert in_background(fails_in_the_child)() == [parent]


def test_an_identifier_passes_only_where_the_allow_list_accepts_it(tmp_path: Path):
    site = tmp_path / "site"
    write(site / "a/index.html", "<p>Ring 01632 960123.</p>")
    index = SourceIndex()
    index.add("personal-data/phone", "01632 960123", "content/a.md")
    allow_file = write(
        tmp_path / "allow.yml",
        "- file: content/a.md\n  rule: personal-data/phone\n  text: (01632) 960123\n"
        "  reason: The office's public number.\n  approved_by: Steering group\n",
    )
    allow, problems = AllowList.read(allow_file, "allow.yml")
    assert problems == []
    assert gate(index, allow).scan_folder(site, "site") == []
    # The same number, also held by a file the entry does not cover, is reported with both sources.
    index.add("personal-data/phone", "01632 960123", "content/b.md")
    [problem] = gate(index, allow).scan_folder(site, "site")
    assert problem.path == "site/a/index.html" and "It came from content/a.md, content/b.md." in problem.reason


def test_the_email_edition_is_gated_before_it_is_written(tmp_path: Path):
    from sofs_kb.checks.output_gate import check_email
    from sofs_kb.checks.options import CheckOptions
    from sofs_kb.settings import Settings

    settings = Settings(tmp_path, tmp_path / "content", tmp_path / "kb", tmp_path / "news", tmp_path / "content/plan", tmp_path / "v.yml")
    problems = check_email(
        {"email/2026-q4/2026-q4.html": "<p>Call 07700 900123</p>", "email/2026-q4/2026-q4.txt": "Nothing."},
        settings,
        CheckOptions(),
    )
    assert [(p.path, p.rule) for p in problems] == [("email/2026-q4/2026-q4.html", "personal-data/phone")]


def test_files_named_after_a_hash_are_not_postcodes(tmp_path: Path):
    # Pagefind and Material name files after a hash of their content: 'ab553fd' is not AB55 3FD.
    site = tmp_path / "site"
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "pagefind/fragment/en_ab553fd.pf_fragment").write_bytes(gzip.compress(b'pagefind_dcd{"content":"Safe."}'))
    write(site / "assets/bundle.ec1a1bbf.min.js", "")
    write(site / "index.html", '<link href="assets/bundle.ec1a1bbf.min.js"><p>Our office is not AB55 3FD.</p>')
    problems = gate().scan_folder(site, "site")
    assert [(p.path, p.rule) for p in problems] == [("site/index.html", "personal-data/postcode")]
