"""Thin MkDocs adapters over the core. Swap these to move to another site engine."""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
