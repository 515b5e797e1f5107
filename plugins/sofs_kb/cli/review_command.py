"""`kb review pack`: the pack for a Superleaders or steering group meeting. Imports the core only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..impact.review import GROUPS, render, review_pack
from ..settings import EDITIONS
from .base import CONFIG_OPTION, main
from .report_command import figures_or_fail, impact_project, refuse_personal_data


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.ClickException(f"{option}: '{value}' is not a date. Write it like 2027-01-12.") from None


@main.group()
def review() -> None:
    """Packs for the groups that review the plan every two months."""


@review.command("pack")
@CONFIG_OPTION
@click.option("--group", type=click.Choice(GROUPS), required=True, help="Whose meeting the pack is for.")
@click.option("--date", "day", required=True, help="The meeting's date, like 2027-01-12.")
@click.option("--since", default=None, help="The group's previous meeting. [default: two months before --date]")
@click.option("--format", "output_format", type=click.Choice(["markdown", "html"]), default="markdown", show_default=True,
              help="markdown to paste into the minutes; html for a page to open or print.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of the screen.")
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
@click.option("--edition", type=click.Choice(EDITIONS), default="partnership", show_default=True,
              help="The groups review every item, so partnership-only items are in by default.")
def pack(config_file: Path, group: str, day: str, since: str | None, output_format: str, output: Path | None,
         force: bool, edition: str) -> None:
    """Print the review pack for a meeting.

    Superleaders: items due for review in the next two months and past their review
    date, by owner; items new or changed since the last meeting; the least used
    resources; training feedback. Steering group: progress by plan section, training
    delivery, the newsletter, and measures that are not on track.
    """
    meeting = _day(day, "--date")
    previous = _day(since, "--since")
    assert meeting is not None
    if previous is not None and previous >= meeting:
        raise click.ClickException("--since: must be before --date.")
    if output is not None and output.exists() and not force:
        raise click.ClickException(f"{output}: file: already exists. Choose another name, or add --force to replace it.")
    with impact_project(config_file, edition) as project:
        built = figures_or_fail(lambda: review_pack(project, group, meeting, previous))
        text = render(built, output_format, project.config)
    refuse_personal_data(config_file, project, {str(output or f"{group}-pack.{'md' if output_format == 'markdown' else 'html'}"): text},
                         "The review pack")
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(str(output), err=True)
