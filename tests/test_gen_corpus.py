"""The corpus generator makes a valid, repeatable bank that builds."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, build_site

SCRIPT = PROJECT / "scripts" / "gen_corpus.py"


def generate(out: Path, count: int, seed: int = 1) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(out), str(count), "--seed", str(seed)], check=True)


def test_same_seed_same_files(tmp_path: Path):
    generate(tmp_path / "a", 20)
    generate(tmp_path / "b", 20)
    comparison = filecmp.dircmp(tmp_path / "a" / "knowledge_bank", tmp_path / "b" / "knowledge_bank")
    for sub in comparison.subdirs.values():
        assert sub.diff_files == [] and sub.left_only == [] and sub.right_only == []
    assert len(list((tmp_path / "a" / "knowledge_bank").rglob("*.md"))) == 20


def test_generated_bank_builds_strictly_with_every_type(tmp_path: Path):
    generate(tmp_path / "bank", 50)
    site = build_site(tmp_path / "bank")
    for type_id in ("practice-resource", "research-summary", "practice-example", "tool"):
        assert any((site / "knowledge-bank" / type_id).glob("item-*/index.html")), type_id
