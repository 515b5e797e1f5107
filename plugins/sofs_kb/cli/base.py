"""The `kb` command group and the helpers every command shares."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import ContentError, Problem

CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The site's MkDocs settings file.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the Norfolk Signs of Safety Knowledge Bank.

    Run a command with --help to see its options, for example: kb build --help
    """


def require_config(config_file: Path) -> None:
    if not config_file.is_file():
        raise click.ClickException(f"{config_file}: file: not found. Run kb from the project folder.")


def report(problems: list[Problem]) -> None:
    """Print problems one per line, errors and warnings alike, to standard error."""
    for problem in problems:
        click.echo(str(problem), err=True)


def fail_on_content(error: ContentError) -> click.ClickException:
    """Show every content problem, then a one-line summary as the command's error."""
    report(error.problems)
    return click.ClickException(str(error))
