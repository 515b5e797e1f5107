"""`kb new`: start a new item or newsletter issue from a template."""

from __future__ import annotations

from pathlib import Path

import click

from ..authoring import NEWSLETTER, TYPES, AuthoringError, new_item, new_newsletter
from ..mkdocs_plugins.project import ProjectError, load_project
from .base import CONFIG_OPTION, main, require_config


@main.command()
@CONFIG_OPTION
@click.argument("type_id", metavar="TYPE", type=click.Choice(TYPES))
@click.argument("title", required=False)
@click.option(
    "--quarter",
    help="Newsletters only: the quarter of the issue, like 2026-Q4. "
    "[default: the quarter after the newest issue, or this quarter]",
)
def new(config_file: Path, type_id: str, title: str | None, quarter: str | None) -> None:
    """Start a new draft item or newsletter issue from a template.

    TYPE is practice-resource, research-summary, practice-example, tool or newsletter.

    \b
    Examples:
      kb new tool "Using the three houses with teenagers"
      kb new newsletter

    The file name comes from the title. An item gets a name no other item uses;
    a newsletter issue is named after its quarter, like newsletters/2026-q4.md,
    because that is how the site finds it. An existing file is never changed.
    Fill in every REPLACE, then run kb check on the file.
    """
    require_config(config_file)
    if quarter and type_id != NEWSLETTER:
        raise click.UsageError("--quarter is only for newsletters.")
    if not title and type_id != NEWSLETTER:
        raise click.UsageError(f'Give a title in quotes, like: kb new {type_id} "Three houses"')
    try:
        project = load_project(config_file)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None
    settings = project.settings
    try:
        if type_id == NEWSLETTER:
            path = new_newsletter(settings, settings.today, title, quarter)
        else:
            path = new_item(settings, type_id, title or "", settings.today)
    except AuthoringError as error:
        raise click.ClickException(str(error)) from None
    rel = settings.rel(path)
    click.echo(f"Created {rel}")
    click.echo("It is a draft. Replace every REPLACE with your own words, then check it with:")
    click.echo(f"    kb check {rel}")
