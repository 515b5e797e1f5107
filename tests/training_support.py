"""Helpers for the training tests: add the training fixture to a site, load it, read feeds with ical.js."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

from conftest import FIXTURES, PROJECT, require_tool
from sofs_kb.loader import load_bank
from sofs_kb.settings import Settings
from sofs_kb.training import TrainingData, TrainingSettings, load_training

TODAY = date(2026, 11, 26)
TRAINING_FIXTURE = FIXTURES / "training"
READ_ICS = PROJECT / "tests/js/read_ics.mjs"

PLUGIN_LINES = "  - sofs/training\n"
NAV_LINES = """  - Training:
      - training/index.md
      - training/upcoming.md
      - training/foundation.md
      - training/locality/index.md
      - training/past-events.md
      - training/calendars.md
      - training/progress/index.md
"""


def add_training(project: Path, plugin_options: str = "") -> Path:
    """Copy the training fixture into a copied site and switch the plugin on."""
    shutil.copytree(TRAINING_FIXTURE / "content", project / "content", dirs_exist_ok=True)
    shutil.copytree(TRAINING_FIXTURE / "data", project / "data", dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = PLUGIN_LINES.rstrip("\n") + (":\n" + plugin_options if plugin_options else "\n")
    text = text.replace("\nnav:\n", "\n" + plugin + "nav:\n", 1)
    config.write_text(text + NAV_LINES, encoding="utf-8")
    return project


def site_settings(project: Path, today: date = TODAY) -> Settings:
    return Settings(
        project_dir=project,
        docs_dir=project / "content",
        bank_dir=project / "knowledge_bank",
        newsletters_dir=project / "newsletters",
        plan_dir=project / "content/plan",
        vocabulary_file=project / "data/vocabularies.yml",
        today=today,
    )


def load(project: Path, today: date = TODAY, **options) -> TrainingData:
    site = site_settings(project, today)
    bank = load_bank(site)
    settings = TrainingSettings.from_site(site, site_url="https://example.org/kb/", **options)
    return load_training(settings, bank.vocabulary, bank.plan)


def with_today(data: TrainingData, today: date) -> TrainingSettings:
    return dataclasses.replace(data.settings, today=today)


def read_with_ical_js(paths: list[Path]) -> dict[str, dict]:
    """Parse .ics files with ical.js under Node, in UTC, keyed by file name relative to nothing."""
    node = shutil.which("node")
    require_tool(node is not None, "Node.js is not installed, so ical.js cannot read the calendars")
    require_tool(
        (PROJECT / "node_modules/ical.js/package.json").is_file(),
        "ical.js is not installed: run 'npm ci' in the project folder (make test does it when npm is there)",
    )
    result = subprocess.run(
        [node, str(READ_ICS), *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
