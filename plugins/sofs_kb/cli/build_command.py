"""`kb build`: check all content and build the site."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import BuildFailed, build_site, show_mkdocs_messages
from ..settings import EDITIONS
from .base import CONFIG_OPTION, main, require_config


@main.command()
@CONFIG_OPTION
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to put the built site. [default: site/ beside mkdocs.yml]",
)
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="public (the default) leaves out partnership-only items; partnership includes them.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show every step of the build.")
def build(config_file: Path, site_dir: Path | None, edition: str | None, verbose: bool) -> None:
    """Check all content and build the site, as `make site` does.

    The build stops on any problem in the content and lists every one. The
    previous site is kept until a new build has fully succeeded.
    """
    require_config(config_file)
    show_mkdocs_messages(verbose)
    try:
        target = build_site(config_file, site_dir, edition)
    except BuildFailed as error:
        raise click.ClickException(f"{error} The site was not changed.") from None
    click.echo(f"Built the site in {target}")
