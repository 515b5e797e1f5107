"""The `kb` command: build the site and look after its content.

Every command reports problems in plain English and exits with status 1,
never with a Python traceback, when the content needs fixing.
"""

from __future__ import annotations

from pathlib import Path

import click

from .build import BuildFailed, build_site, show_mkdocs_messages
from .settings import EDITIONS

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
    if not config_file.is_file():
        raise click.ClickException(f"{config_file}: file: not found. Run kb from the project folder.")
    show_mkdocs_messages(verbose)
    try:
        target = build_site(config_file, site_dir, edition)
    except BuildFailed as error:
        raise click.ClickException(f"{error} The site was not changed.") from None
    click.echo(f"Built the site in {target}")


if __name__ == "__main__":
    main()
