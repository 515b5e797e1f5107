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


def test_it_never_replaces_a_folder_it_did_not_make(tmp_path: Path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "draft.md").write_text("My own work.\n")
    result = subprocess.run([sys.executable, str(SCRIPT), str(precious), "5"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "not empty" in result.stderr and "--force" in result.stderr and "Traceback" not in result.stderr
    assert (precious / "draft.md").read_text() == "My own work.\n"

    project = subprocess.run([sys.executable, str(SCRIPT), str(PROJECT), "5", "--force"], capture_output=True, text=True)
    assert project.returncode == 1 and "the project itself" in project.stderr
    assert (PROJECT / "mkdocs.yml").is_file()

    # Its own output may be replaced, and --force replaces anything else.
    generate(tmp_path / "bank", 5)
    generate(tmp_path / "bank", 6)
    assert len(list((tmp_path / "bank" / "knowledge_bank").rglob("*.md"))) == 6
    subprocess.run([sys.executable, str(SCRIPT), str(precious), "5", "--force"], check=True, capture_output=True)
    assert not (precious / "draft.md").exists()
