"""`kb report`: the impact figures for board reports; `kb report board`: the quarterly board report.

These commands import the core only, never MkDocs: mkdocs.yml is read by project_config.py.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from ..impact.board import board_report
from ..impact.downloads import downloads
from ..impact.export import to_json
from ..impact.project import ImpactProject
from ..problems import ContentError
from ..project_config import ConfigFileError, read_site_config
from ..quarters import Quarter, QuarterError
from ..settings import EDITIONS
from .base import CONFIG_OPTION, fail_on_content, main, require_config

BOARD_FOLDER = Path("build/board")


@contextmanager
def impact_project(config_file: Path, edition: str | None) -> Iterator[ImpactProject]:
    """The project, with every problem in it turned into a clean error for the person running the command."""
    require_config(config_file)
    try:
        yield ImpactProject.load(read_site_config(config_file), edition)
    except ConfigFileError as error:
        raise click.ClickException(str(error)) from None
    except ContentError as error:
        raise fail_on_content(error) from None


def figures_or_fail(make):
    """Run `make()`, turning bad measures data or usage files into a clean error."""
    try:
        return make()
    except ConfigFileError as error:
        raise click.ClickException(str(error)) from None
    except ContentError as error:
        raise fail_on_content(error) from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def refuse_personal_data(config_file: Path, project: ImpactProject, files: dict[str, str], what: str) -> None:
    """The built site's last privacy gate, on what a command is about to write or print.

    Notes and sources in data/measures, titles and owners reach these files too; nothing
    is written while the gate finds personal data in them.
    """
    from ..checks.output_gate import check_texts
    from ..mkdocs_plugins.checks import check_options
    from ..mkdocs_plugins.project import ProjectError, load_project

    try:
        options = check_options(load_project(config_file).mkdocs)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None
    problems = check_texts(files, project.bank.settings, options)
    if problems:
        for problem in problems:
            click.echo(problem.located(), err=True)
        raise click.ClickException(f"{what} holds personal data (listed above), so it was not written.")


@main.group(invoke_without_command=True)
@CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="json keeps the structure, for other programs; csv writes one spreadsheet per table into the -o folder.")
@click.option("--plan-year", default=None, help="The plan year, like 2026-27. [default: the one today is in]")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (json) or folder (csv) instead of the screen.")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@click.option("--edition", type=click.Choice(EDITIONS), default=None, help="Which edition's content to count. [default: public]")
@click.pass_context
def report(ctx: click.Context, config_file: Path, output_format: str, plan_year: str | None, output: Path | None,
           force: bool, edition: str | None) -> None:
    """The "Measuring impact" figures for a plan year, for board reports.

    They are the same figures the site's "Measuring impact" pages show. The JSON
    shape and the CSV tables are described in docs/impact-report.md. Run
    'kb report board 2026-Q4' for the printable quarterly report.
    """
    if ctx.invoked_subcommand is not None:
        return
    if output_format == "csv" and output is None:
        raise click.ClickException("--format csv writes one file per table, so it needs a folder: add -o FOLDER.")
    if output is not None and output_format == "json" and output.exists() and not force:
        raise click.ClickException(f"{output}: file: already exists. Choose another name, or add --force to replace it.")
    with impact_project(config_file, edition) as project:
        impact = figures_or_fail(lambda: project.report(project.plan_year(plan_year)))
    if output_format == "json":
        text = to_json(impact)
        refuse_personal_data(config_file, project, {str(output or "report.json"): text}, "The report")
        if output is None:
            click.echo(text, nl=False)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}: plan year {impact.plan_year.label}, as of {impact.as_of.isoformat()}.", err=True)
        return
    files = downloads(impact)
    clashes = [output / item.name for item in files if (output / item.name).exists()]
    if clashes and not force:
        raise click.ClickException(f"{clashes[0]}: file: already exists. Choose another folder, or add --force to replace it.")
    refuse_personal_data(config_file, project, {str(output / item.name): item.text() for item in files}, "The report")
    output.mkdir(parents=True, exist_ok=True)
    for item in files:
        (output / item.name).write_text(item.text(), encoding="utf-8", newline="")
    click.echo(f"Wrote {len(files)} tables to {output}: plan year {impact.plan_year.label}, as of {impact.as_of.isoformat()}.", err=True)


@report.command("board")
@click.argument("quarter")
@CONFIG_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the report. [default: build/board/<quarter>.html]")
@click.option("--force", is_flag=True, help="Replace the -o file if it already exists.")
@click.option("--edition", type=click.Choice(EDITIONS), default=None, help="Which edition's content to count. [default: public]")
def board(quarter: str, config_file: Path, output: Path | None, force: bool, edition: str | None) -> None:
    """Write the quarterly report to the partnership board, as a page to print.

    QUARTER is a calendar quarter, like 2026-Q4. The report covers the plan year
    the quarter is in, as of the quarter's last day (or today, if that is sooner).
    It opens with a one-page summary and prints on A4. It is written under build/,
    never into the published site.
    """
    try:
        chosen = Quarter.parse(quarter)
    except QuarterError as error:
        raise click.ClickException(f"quarter: {error}.") from None
    with impact_project(config_file, edition) as project:
        today = project.bank.settings.today
        if chosen.start > today:
            raise click.ClickException(f"quarter: {chosen} has not started yet, so there is nothing to report.")
        as_of = min(chosen.end, today)
        year = project.plan_year(day=chosen.start)
        impact = figures_or_fail(lambda: project.report(year, as_of=as_of))
        html = board_report(impact, chosen, project.config)
    target = output or project.config.project_dir / BOARD_FOLDER / f"{chosen.slug}.html"
    if output is not None and output.exists() and not force:
        raise click.ClickException(f"{output}: file: already exists. Choose another name, or add --force to replace it.")
    site_dir = project.config.project_dir / "site"
    if target.resolve().is_relative_to(site_dir.resolve()):
        raise click.ClickException(f"{target}: the board report never goes into site/, which is published. Choose another place.")
    refuse_personal_data(config_file, project, {str(target): html}, "The board report")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    click.echo(str(target))
