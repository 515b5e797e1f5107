"""Where the content lives and what to build. Plain Python, no MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

Edition = Literal["public", "partnership"]
EDITIONS: tuple[str, ...] = ("public", "partnership")


@dataclass(frozen=True)
class Settings:
    """Paths are absolute. `today` decides which items are past their embargo."""

    project_dir: Path
    docs_dir: Path
    bank_dir: Path
    newsletters_dir: Path
    plan_dir: Path
    vocabulary_file: Path
    edition: Edition = "public"
    today: date = field(default_factory=date.today)

    def rel(self, path: Path) -> str:
        """A path as the writer knows it: relative to the project folder."""
        try:
            return path.relative_to(self.project_dir).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def plan_uri(self) -> str:
        """The plan folder's path inside the docs folder, such as 'plan'."""
        return self.plan_dir.relative_to(self.docs_dir).as_posix()
