"""The kb command, run as people run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

KB = [sys.executable, "-m", "sofs_kb.cli"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def test_help_lists_the_commands(tmp_path: Path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "build" in result.stdout
    assert "Check all content and build the site" in result.stdout


def test_build_needs_a_settings_file(tmp_path: Path):
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml: file: not found. Run kb from the project folder." in result.stderr
    assert "Traceback" not in result.stderr


def test_build_into_a_chosen_folder_and_edition(site_dir: Path):
    partnership_item = site_dir / "knowledge_bank/tool/scaling-questions.md"
    partnership_item.write_text(
        partnership_item.read_text().replace("status: published", "status: published\nvisibility: partnership")
    )
    public = run("build", "--site-dir", "out-public", cwd=site_dir)
    assert public.returncode == 0, public.stderr
    partnership = run("build", "--edition", "partnership", "--site-dir", "out-partner", cwd=site_dir)
    assert partnership.returncode == 0, partnership.stderr
    assert not (site_dir / "out-public/knowledge-bank/tool/scaling-questions").exists()
    assert (site_dir / "out-partner/knowledge-bank/tool/scaling-questions/index.html").is_file()
