"""`kb report`: the impact figures for board reports, as JSON or CSV."""

from __future__ import annotations

from pathlib import Path

import click
from mkdocs.exceptions import PluginError

from ..impact.export import to_csv, to_json
from ..mkdocs_plugins.impact import report_for_project
from ..mkdocs_plugins.project import ProjectError, load_project
from ..problems import ContentError
from ..settings import EDITIONS
from .base import CONFIG_OPTION, fail_on_content, main, require_config


@main.command()
@CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True, help="json keeps the structure; csv is one figure per line, for a spreadsheet.")
@click.option("--plan-year", default=None, help="The plan year, like 2026-27. [default: the one today is in]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to this file instead of the screen.")
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
@click.option("--edition", type=click.Choice(EDITIONS), default=None, help="Which edition's content to count. [default: public]")
def report(config_file: Path, output_format: str, plan_year: str | None, output: Path | None, force: bool, edition: str | None) -> None:
    """The "Measuring impact" figures for a plan year, for board reports.

    They are the same figures the site's "Measuring impact" pages show. The
    JSON shape and the CSV tables are described in docs/impact-report.md.
    """
    require_config(config_file)
    if output is not None and output.exists() and not force:
        raise click.ClickException(f"{output}: file: already exists. Choose another name, or add --force to replace it.")
    try:
        project = load_project(config_file, edition)
        impact = report_for_project(project, plan_year)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None
    except ContentError as error:
        raise fail_on_content(error) from None
    except PluginError as error:
        raise click.ClickException(str(error)) from None
    text = to_json(impact) if output_format == "json" else to_csv(impact)
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output}: plan year {impact.plan_year.label}, as of {impact.as_of.isoformat()}.", err=True)
