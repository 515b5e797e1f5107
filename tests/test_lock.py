"""The lock file, requirements.txt, must match pyproject.toml (scripts/check_lock.py).

`make` runs the same check after installing, so a stale lock stops `make test` and
`make site` with the fix to make; these tests show it notices each way the two can
disagree, on changed copies of the real files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT

SCRIPT = PROJECT / "scripts" / "check_lock.py"


def run_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(project)], capture_output=True, text=True)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "requirements.txt"):
        shutil.copy2(PROJECT / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_project_lock_matches_pyproject():
    result = run_check(PROJECT)
    assert result.returncode == 0, result.stderr


def test_every_pin_has_hashes_and_the_header_says_how_it_was_made():
    text = (PROJECT / "requirements.txt").read_text(encoding="utf-8")
    assert "#    pip-compile " in text and "--generate-hashes" in text
    pins = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
    assert len(pins) > 30
    blocks = text.split("\n")
    for index, line in enumerate(blocks):
        if line in pins:
            assert "--hash=sha256:" in blocks[index + 1], f"{line} has no hash"
    # The build tools are locked too, so the editable install needs nothing unlocked.
    assert any(line.startswith("setuptools==") for line in pins)
    assert any(line.startswith("wheel==") for line in pins)


def test_a_new_dependency_missing_from_the_lock_is_named(copy: Path):
    edit(copy / "pyproject.toml", '"click>=8.1",', '"click>=8.1",\n    "requests-toolbelt>=1.0",')
    result = run_check(copy)
    assert result.returncode == 1
    assert "requests-toolbelt>=1.0, but requirements.txt does not pin requests-toolbelt" in result.stderr
    assert "Run `make lock`" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_new_test_tool_missing_from_the_lock_is_named(copy: Path):
    edit(copy / "pyproject.toml", '"pytest>=8",', '"pytest>=8",\n    "hypothesis>=6",')
    result = run_check(copy)
    assert result.returncode == 1
    assert "optional-dependencies test) asks for hypothesis>=6" in result.stderr


def test_a_range_the_pin_no_longer_meets_is_named(copy: Path):
    edit(copy / "pyproject.toml", '"jinja2>=3.1",', '"jinja2>=99",')
    result = run_check(copy)
    assert result.returncode == 1
    pinned = next(line for line in (copy / "requirements.txt").read_text().splitlines() if line.startswith("jinja2=="))
    assert f"asks for jinja2>=99, but requirements.txt pins {pinned.split()[0]}" in result.stderr


def test_a_dependency_removed_from_pyproject_leaves_stale_pins(copy: Path):
    edit(copy / "pyproject.toml", '    "aiosmtpd>=1.4",\n', "")
    result = run_check(copy)
    assert result.returncode == 1
    assert "pins aiosmtpd==" in result.stderr and "nothing in pyproject.toml needs it now" in result.stderr
    # ...and what only it needed (atpublic comes with aiosmtpd).
    assert "pins atpublic==" in result.stderr


def test_a_pin_without_a_hash_is_named(copy: Path):
    lock = copy / "requirements.txt"
    lines = lock.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("click=="))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].lstrip().startswith("--hash"))
    lines[start : end] = [lines[start].rstrip(" \\")]
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_check(copy)
    assert result.returncode == 1
    assert "has no hash in requirements.txt" in result.stderr


def test_make_installs_only_from_the_lock_and_checks_it():
    """The install recipe itself, as make would run it (-n prints without running)."""
    result = subprocess.run(
        ["make", "-n", "-B", "-C", str(PROJECT), ".venv/.installed"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    recipe = result.stdout
    assert "pip install --quiet --require-hashes --no-deps -r requirements.txt" in recipe
    assert "--no-deps --no-build-isolation -e ." in recipe
    assert "scripts/check_lock.py" in recipe
    assert "'.[test]'" not in recipe  # nothing installed from pyproject's ranges
