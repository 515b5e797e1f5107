"""Where the training content and data live, and the choices that shape the listings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..settings import Settings


@dataclass(frozen=True)
class TrainingSettings:
    """Paths are absolute. `today` decides which events are upcoming and which are past."""

    project_dir: Path
    docs_dir: Path
    courses_dir: Path
    events_dir: Path
    today: date = field(default_factory=date.today)
    plan_year_start_month: int = 4
    uid_domain: str = "norfolk-sofs-kb"
    site_name: str = "Norfolk Signs of Safety Knowledge Bank"
    site_url: str = ""

    @classmethod
    def from_site(
        cls,
        site: Settings,
        *,
        courses_dir: str = "training",
        events_dir: str = "data/training",
        **options,
    ) -> TrainingSettings:
        """Training settings beside the knowledge bank's: courses under the docs folder,
        events under the project folder."""
        return cls(
            project_dir=site.project_dir,
            docs_dir=site.docs_dir,
            courses_dir=site.docs_dir / courses_dir,
            events_dir=site.project_dir / events_dir,
            today=site.today,
            **options,
        )

    def rel(self, path: Path) -> str:
        """A path as the coordinator knows it: relative to the project folder."""
        try:
            return path.relative_to(self.project_dir).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def courses_uri(self) -> str:
        """The courses folder inside the docs folder, such as 'training'."""
        return self.courses_dir.relative_to(self.docs_dir).as_posix()
