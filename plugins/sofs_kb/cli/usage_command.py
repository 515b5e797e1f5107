"""`kb usage import`: monthly page views from web server logs and analytics exports.

Imports the core only, never MkDocs.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..formatting import count, number
from ..impact.addresses import site_addresses
from ..impact.pages import IMPACT_PAGES
from ..impact.project import impact_options, training_for
from ..impact.usage import DROPPED, Site, import_files
from ..loader import load_bank
from ..problems import ContentError
from ..project_config import ConfigFileError, read_site_config
from ..training.pages import training_pages
from ..training.view import TrainingView
from .base import CONFIG_OPTION, fail_on_content, main, require_config


@main.group()
def usage() -> None:
    """Count how much each page is used, from the web server's own logs: no cookies, no trackers."""


@usage.command("import")
@CONFIG_OPTION
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_command(config_file: Path, files: tuple[Path, ...]) -> None:
    """Add the page views in FILES to data/usage, one CSV file per month.

    FILES are access logs in the combined log format (nginx, Apache) or the W3C
    extended format (IIS), plain or compressed (gzip, bzip2, xz), or page-view CSV
    exports from GoatCounter or Plausible (Plausible's zip file too). Only a count per page and month is kept: never a
    visitor's address, browser or time. Importing a file twice adds nothing.
    Bad lines are counted and listed by line number; they do not stop the import.
    """
    require_config(config_file)
    try:
        config = read_site_config(config_file)
        # Both editions' pages count: the partnership edition may be served from the same logs.
        bank = load_bank(config.settings("partnership"))
        options = impact_options(config, bank)
        training = training_for(config, bank)
    except ConfigFileError as error:
        raise click.ClickException(str(error)) from None
    except ContentError as error:
        raise fail_on_content(error) from None
    extra = list(IMPACT_PAGES)
    if training is not None:
        extra += [plan.src_uri for plan in training_pages(TrainingView(training))]
    site = Site(site_addresses(bank, extra, config.use_directory_urls), config.site_url)
    missing = [path for path in files if not path.is_file()]
    for path in missing:
        click.echo(f"{path}: file: not found.", err=True)
    readable = [path for path in files if path.is_file()]
    folder = config.project_dir / options.usage_dir
    results = import_files(readable, folder, site)
    for result in results:
        if result.failed:
            click.echo(f"{result.name}: nothing added: {result.skipped}.", err=True)
        else:
            click.echo(_summary(result))
    added = sum(result.views for result in results if not result.skipped)
    click.echo(f"Added {count(added, 'page view')} to {options.usage_dir}.")
    if missing or any(result.failed for result in results):
        raise SystemExit(1)


def _summary(result) -> str:
    path = result.name
    if result.skipped:
        return f"{path}: nothing added: {result.skipped}."
    months = sorted({month for month, _ in result.counts})
    lines = [
        f"{path} ({result.format}): {count(result.lines, 'line')}; "
        f"{count(result.views, 'page view')} kept" + (f", in {', '.join(months)}" if months else "") + "."
    ]
    if result.note:
        lines.append(f"  Note: {result.note}.")
    left_out = [f"{number(result.dropped[key])} {DROPPED[key]}" for key in DROPPED if result.dropped.get(key)]
    if left_out:
        lines.append("  Left out: " + "; ".join(left_out) + ".")
    if result.bad:
        lines.append(f"  {count(result.bad, 'line')} could not be read" + (", for example:" if result.bad_lines else "."))
        for number_, reason in result.bad_lines:
            lines.append(f"  {path}:{number_}: {reason}")
        if result.bad > len(result.bad_lines):
            lines.append(f"  ... and {number(result.bad - len(result.bad_lines))} more.")
    return "\n".join(lines)
