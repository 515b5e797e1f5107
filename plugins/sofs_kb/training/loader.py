"""Read the course pages and the events files into checked objects, collecting every problem.

The site build, `kb training build`, `kb training report` and the newsletter
draft all call `load_training` and get the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from ..model import PlanSection, Vocabulary, describe
from ..problems import ContentError, Problem
from ..repository import check_folders, outside_reason
from ..sources import read_source
from .course import Course
from .events import Event, EventFile, check_duplicates, read_event_file
from .plan_year import PlanYear
from .settings import TrainingSettings

MARKDOWN = ".md"
CSV = ".csv"
# Names the generated training pages and folders use, so a course cannot take them.
RESERVED_IDS = frozenset({"index", "upcoming", "past-events", "calendars", "locality", "progress", "calendar"})


@dataclass
class TrainingData:
    """Every course and event, checked, for one day (`settings.today`)."""

    settings: TrainingSettings
    vocabulary: Vocabulary
    plan: list[PlanSection]
    courses: list[Course]
    events: list[Event]
    files: list[EventFile] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._courses = {course.id: course for course in self.courses}

    def course(self, course_id: str) -> Course | None:
        return self._courses.get(course_id)

    def locality_label(self, term: str | None) -> str:
        return self.vocabulary.locality_label(term) if term else "All localities"

    @property
    def localities(self) -> dict[str, str]:
        return self.vocabulary.localities

    def plan_year_of_today(self) -> PlanYear:
        return PlanYear.of(self.settings.today, self.settings.plan_year_start_month)

    @property
    def plan_years(self) -> list[PlanYear]:
        """Every plan year with an events file, and the current one, in order."""
        years = {event_file.plan_year for event_file in self.files}
        years.add(self.plan_year_of_today())
        return sorted(years)


def load_training(
    settings: TrainingSettings, vocabulary: Vocabulary, plan: list[PlanSection]
) -> TrainingData:
    """Load and check all training content. Raises ContentError listing every error found."""
    problems: list[Problem] = []
    context = {
        "audiences": vocabulary.audiences,
        "plan_sections": {section.id: section.title for section in plan},
    }
    broken: set[str] = set()
    courses = _load_courses(settings, context, problems, broken)
    # Rows for a course whose page has problems are not reported again as 'not a course'.
    by_id: dict[str, Course | None] = {course_id: None for course_id in broken}
    by_id.update({course.id: course for course in courses})
    files = _load_event_files(settings, by_id, vocabulary.localities, problems)
    check_duplicates(files, problems)

    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise ContentError(errors)
    events = sorted(
        (event for event_file in files for event in event_file.events),
        key=lambda event: (event.start, event.course.order, event.course.title, event.locality or ""),
    )
    return TrainingData(
        settings=settings,
        vocabulary=vocabulary,
        plan=plan,
        courses=courses,
        events=events,
        files=files,
        warnings=[problem for problem in problems if not problem.is_error],
    )


def _load_courses(
    settings: TrainingSettings, context: dict, problems: list[Problem], broken: set[str]
) -> list[Course]:
    folder = settings.courses_dir
    if not folder.is_dir():
        problems.append(Problem(settings.rel(folder), "folder", "is missing. It holds one page per course."))
        return []
    courses: list[Course] = []
    for path in sorted(folder.glob(f"*{MARKDOWN}")):
        if path.name == "index.md" or _ignored(path.name):
            continue
        rel = settings.rel(path)
        source, read_problems = read_source(path, rel)
        problems += read_problems
        if source is None:
            broken.add(path.name[: -len(MARKDOWN)])
            continue
        try:
            course = Course.model_validate(source.meta, context=context)
        except ValidationError as error:
            for name, reason in describe(error, Course):
                top = name.split(".")[0].split(" ")[0]
                problems.append(Problem(rel, name, reason, line=source.line_of(top)))
            broken.add(path.name[: -len(MARKDOWN)])
            continue
        expected = path.name[: -len(MARKDOWN)]
        if expected in RESERVED_IDS:
            problems.append(
                Problem(
                    rel,
                    "file name",
                    f"'{expected}' is the address of a page the site makes. Choose another file name and id.",
                )
            )
            broken.add(expected)
            continue
        if course.id != expected:
            problems.append(
                Problem(
                    rel,
                    "id",
                    f"'{course.id}' must match the file name, {path.name}. "
                    f"Use id: {expected}, or rename the file to {course.id}.md.",
                    line=source.line_of("id"),
                )
            )
            broken.add(expected)
            continue
        course.bind(src_uri=path.relative_to(settings.docs_dir).as_posix(), path=rel)
        courses.append(course)
    if not courses and not problems:
        problems.append(Problem(settings.rel(folder), "folder", "has no course pages."))
    return sorted(courses, key=lambda course: (course.order, course.title))


def _load_event_files(
    settings: TrainingSettings,
    courses: dict[str, Course | None],
    localities: dict[str, str],
    problems: list[Problem],
) -> list[EventFile]:
    folder = settings.events_dir
    if not folder.is_relative_to(settings.project_dir / "data"):
        # Folders under data/ are checked with the rest of the content (see load_bank).
        problems += check_folders([folder], settings.project_dir, settings.rel)
    if not folder.is_dir() or outside_reason(folder, settings.project_dir):
        return []  # no events yet: the pages say so
    files: list[EventFile] = []
    for path in sorted(folder.iterdir()):
        if _ignored(path.name) or not path.is_file() or outside_reason(path, settings.project_dir):
            continue
        rel = settings.rel(path)
        if path.suffix.lower() != CSV:
            problems.append(
                Problem(rel, "file", f"is not a CSV file. {settings.rel(folder)}/ holds one CSV file per plan year.")
            )
            continue
        event_file = read_event_file(
            path,
            rel,
            courses,
            localities,
            settings.plan_year_start_month,
            settings.today,
            problems,
        )
        if event_file is not None:
            files.append(event_file)
    return files


def _ignored(name: str) -> bool:
    return name.startswith((".", "_", "~$")) or name.lower() in {"readme.md", "readme.txt"}
