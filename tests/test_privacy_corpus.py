"""The privacy scan measured on its labelled corpus, and on the content the site ships with.

scripts/privacy_corpus.py does the measuring; docs/privacy-corpus.md has its last report.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT

spec = importlib.util.spec_from_file_location("privacy_corpus", PROJECT / "scripts/privacy_corpus.py")
corpus = importlib.util.module_from_spec(spec)
sys.modules["privacy_corpus"] = corpus  # dataclasses look their module up there
spec.loader.exec_module(corpus)


@pytest.fixture(scope="module")
def measured():
    return corpus.run()


def test_the_corpus_is_big_enough_and_covers_every_kind_in_every_position():
    cases, snippets = corpus.cases()
    assert snippets >= 300
    positions = set(corpus.POSITIONS)
    for kind in (*corpus.IDENTIFIERS, "name", "address", "school"):
        covered = {case.position for case in cases if kind in case.expect}
        assert positions <= covered, (kind, positions - covered)
    negatives = {case.group for case in cases if not case.expect}
    assert {"citation", "role", "place", "course", "date", "number", "false_friend"} <= negatives


def test_recall_and_precision_meet_the_targets(measured):
    figures = corpus.figures(measured)
    report = corpus.report(measured, misses=True)
    for name, target in corpus.TARGETS.items():
        assert figures[name] >= target, f"{name} is {figures[name]:.1%}, below {target:.0%}\n{report}"


def test_the_report_in_docs_is_the_current_one(measured):
    # Regenerate with: .venv/bin/python scripts/privacy_corpus.py --write-docs
    text = (PROJECT / "docs/privacy-corpus.md").read_text(encoding="utf-8")
    assert corpus.report(measured) in text


def test_the_shipped_content_has_no_personal_data_apart_from_reasoned_entries():
    result = subprocess.run([sys.executable, "-m", "sofs_kb.cli", "check"], cwd=PROJECT, capture_output=True, text=True)
    assert "personal-data/" not in result.stdout, result.stdout
    assert "allow-list/unused" not in result.stdout
    entries = yaml.safe_load((PROJECT / "data/check-allow-list.yml").read_text(encoding="utf-8"))
    for entry in entries:
        if entry["rule"].startswith("personal-data/"):
            assert len(entry["reason"].split()) >= 6 and entry["approved_by"].strip(), entry
