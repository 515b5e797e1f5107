"""The corpus of bad content: each file's one defect is named, with the right rule and line.

Every file in tests/fixtures/bad-content says what it expects in a comment,
like `# expect: personal-data/nhs-number line 14`, or `expect: none` for a
near miss that must pass. The same findings must stop a real build.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, build_site

CORPUS = FIXTURES / "bad-content"
_EXPECT = re.compile(r"(?:#|<!--)\s*expect:\s*([\w/-]+)(?:\s+line\s+(\d+))?")
_FINDING = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<rule>[\w/-]+): (?P<message>.*)$")


def corpus_files() -> dict[str, tuple[str, int | None]]:
    expected = {}
    for path in sorted(CORPUS.rglob("*.md")):
        if path.name == "README.md":
            continue
        match = _EXPECT.search(path.read_text(encoding="utf-8", errors="replace"))
        assert match, f"{path} has no 'expect:' comment"
        line = int(match.group(2)) if match.group(2) else None
        expected[path.relative_to(CORPUS).as_posix()] = (match.group(1), line)
    return expected


EXPECTED = corpus_files()


def copy_corpus(project: Path, only=lambda rel: True) -> None:
    for path in CORPUS.rglob("*"):
        rel = path.relative_to(CORPUS).as_posix()
        if path.is_file() and path.name != "README.md" and only(rel):
            target = project / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict[str, list[tuple[str, int]]]]:
    project = tmp_path_factory.mktemp("corpus") / "project"
    shutil.copytree(FIXTURES / "site", project)
    copy_corpus(project)
    result = subprocess.run(
        [sys.executable, "-m", "sofs_kb.cli", "check"], cwd=project, capture_output=True, text=True
    )
    findings: dict[str, list[tuple[str, int]]] = {}
    for line in result.stdout.splitlines()[:-1]:
        match = _FINDING.match(line)
        assert match, f"not in the form path:line: rule: message: {line!r}"
        findings.setdefault(match["path"], []).append((match["rule"], int(match["line"])))
    return result, findings


def test_the_corpus_covers_every_rule():
    rules = {rule for rule, _ in EXPECTED.values()}
    for rule in [
        "fields", "placeholder", "links/broken", "links/anchor", "links/https", "links/absolute",
        "links/unpublished", "images/missing", "images/alt-text", "images/external", "review/stale",
        "plain-english/long-sentence", "plain-english/reading-ease", "plain-english/sentence-length",
        "acronyms/unknown", "acronyms/not-spelled-out", "personal-data/nhs-number",
        "personal-data/ni-number", "personal-data/postcode", "personal-data/phone",
        "personal-data/email", "personal-data/date-of-birth", "personal-data/watch-list",
        "personal-data/anonymised", "html/not-allowed", "html/template", "none",
    ]:
        assert rule in rules, rule


@pytest.mark.parametrize("rel", list(EXPECTED))
def test_each_file_gets_exactly_its_one_finding(rel: str, checked):
    _, findings = checked
    rule, line = EXPECTED[rel]
    found = findings.get(rel, [])
    if rule == "none":
        assert found == [], f"{rel} should pass, but got {found}"
        return
    assert [r for r, _ in found] == [rule], f"{rel}: expected only {rule}, got {found}"
    if line is not None:
        assert found[0][1] == line, f"{rel}: {rule} on line {found[0][1]}, expected line {line}"


def test_the_summary_counts_errors_and_warnings_and_the_exit_status_is_1(checked):
    result, findings = checked
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = sum(1 for rule, _ in EXPECTED.values() if rule not in ("none", "review/stale"))
    # The test site's own supervision prompts are past their review date too.
    warnings = sum(1 for rule, _ in EXPECTED.values() if rule == "review/stale") + 1
    # Markdown files, and the picture beside them (the privacy scan reads its name).
    files = len(list((FIXTURES / "site").rglob("*.md"))) + len(EXPECTED) + 1
    assert result.stdout.splitlines()[-1] == f"{errors} errors and {warnings} warnings in {files} files."
    assert set(findings) - set(EXPECTED) == {"knowledge_bank/practice-resource/supervision-prompts.md"}


def test_the_build_stops_on_the_same_findings(tmp_path: Path, caplog):
    # The loader's own errors stop the build before the checks run, so leave those files out.
    loader_rules = ("fields", "personal-data/anonymised")
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project)
    copy_corpus(project, only=lambda rel: not rel.endswith(".md") or EXPECTED[rel][0] not in loader_rules)
    caplog.set_level(logging.INFO, logger="mkdocs")
    with pytest.raises(Abort):
        build_site(project)
    logged = {(r.levelno, r.getMessage()) for r in caplog.records if r.name == "mkdocs.plugins.sofs_kb"}
    errors = [message for level, message in logged if level == logging.ERROR]
    infos = [message for level, message in logged if level == logging.INFO]
    for rel, (rule, line) in EXPECTED.items():
        if rule == "none" or rule in loader_rules:
            continue
        wanted = f"{rel}:{line}: {rule}: " if line else f"{rel}:"
        pool = infos if rule == "review/stale" else errors
        assert any(message.startswith(wanted) for message in pool), (rel, rule)
    assert not any(message.startswith("knowledge_bank/tool/near-misses.md") for _, message in logged)
