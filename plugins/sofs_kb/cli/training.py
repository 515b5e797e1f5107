"""`kb training build` and `kb training report`: check the training data, preview it, report on it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from ..loader import Bank
from ..mkdocs_plugins.project import Project, ProjectError, load_project
from ..mkdocs_plugins.training import PLUGIN, training_for_project
from ..problems import ContentError
from ..spreadsheet import write_csv
from ..training import PlanYear, PlanYearError, TrainingData, track_plan_year
from ..training.preview import write_preview
from .base import CONFIG_OPTION, fail_on_content, main, report, require_config

DEFAULT_OUT = Path("build/training")


@main.group()
def training() -> None:
    """Check the training data, preview the listings and calendars, and report against the plan.

    Courses are pages in content/training/. Dates are in one CSV file per plan
    year in data/training/, such as data/training/2026-27.csv.
    """


@training.command("build")
@CONFIG_OPTION
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for the preview pages and calendar files. It is replaced on each run.",
)
def build(config_file: Path, out: Path) -> None:
    """Check every course and date, then write the listing pages and calendars.

    Uses the same code as the site build, so what you see in the preview is what
    the site will show. Open index.html in the output folder in a web browser.
    Every problem in the data is listed, one per line, as
    'file: row N: column: reason'.
    """
    project, data = _load(config_file)
    _refuse_unsafe_folder(project, out)
    preview = write_preview(data, out)
    click.echo(
        f"Checked {_count(len(data.courses), 'course')} and {_count(len(data.events), 'date')}. "
        f"Wrote {_count(len(preview.pages), 'page')} and {_count(len(preview.calendars), 'calendar')} "
        f"to {out}. Open {out / 'index.html'} to see them."
    )


@training.command("report")
@CONFIG_OPTION
@click.option("--format", "form", type=click.Choice(["csv", "json"]), default="json", show_default=True,
              help="json keeps every figure in one file; csv opens in a spreadsheet.")
@click.option("--plan-year", default=None, help="Such as 2026-27. [default: the plan year that includes today]")
@click.option("--table", type=click.Choice(["courses", "sessions"]), default="courses", show_default=True,
              help="For csv: one row per course, or development sessions by locality and month.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of the screen.")
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
def report_command(config_file: Path, form: str, plan_year: str | None, table: str,
                   output: Path | None, force: bool) -> None:
    """Training delivered, planned and targeted for one plan year, for board reports.

    For each course: dates and places delivered, planned and targeted, attendance
    rate, cancellations and average evaluation; and development sessions held in
    each locality each month, with missing months flagged. The JSON shape is
    described in docs/training-report.md.
    """
    _, data = _load(config_file)
    year = _plan_year(data, plan_year)
    if year not in data.plan_years:
        click.echo(f"There is no events file for plan year {year}, so every figure is zero.", err=True)
    figures = track_plan_year(data, year)
    if form == "json":
        text = json.dumps(figures.to_dict(), indent=2) + "\n"
    else:
        rows = figures.course_rows() if table == "courses" else figures.session_rows()
        text = _csv(rows)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise click.ClickException(f"{output}: file: already exists. Use --force to replace it.")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8", newline="")
    click.echo(f"Wrote the {year} training report to {output}")


def _load(config_file: Path) -> tuple[Project, TrainingData]:
    require_config(config_file)
    try:
        project = load_project(config_file)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None
    try:
        bank: Bank = project.load_bank()
        data = training_for_project(project, bank)
    except ContentError as error:
        raise fail_on_content(error) from None
    if data is None:
        raise click.ClickException(f"{config_file.name}: plugins: '{PLUGIN}' is not switched on.")
    report(data.warnings)
    return project, data


def _plan_year(data: TrainingData, text: str | None) -> PlanYear:
    start_month = data.settings.plan_year_start_month
    if text is None:
        return data.plan_year_of_today()
    try:
        return PlanYear.parse(text, start_month)
    except PlanYearError as error:
        raise click.BadParameter(str(error), param_hint="--plan-year") from None


def _refuse_unsafe_folder(project: Project, out: Path) -> None:
    """The preview folder is emptied on every run, so it must not be, hold or sit inside anyone's work."""
    target = out.resolve()
    settings = project.settings
    written = [settings.docs_dir, settings.bank_dir, settings.newsletters_dir, settings.vocabulary_file.parent]
    unsafe = project.config_file.parent.is_relative_to(target) or any(
        target.is_relative_to(folder) or folder.is_relative_to(target) for folder in written
    )
    if unsafe:
        raise click.ClickException(
            f"{out}: folder: cannot be used, because it is or holds content people write. "
            f"Choose a folder of its own, such as {DEFAULT_OUT}."
        )


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        header = list(rows[0])
        write_csv(buffer, header, ([row.get(name) for name in header] for row in rows))
    return buffer.getvalue()


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
