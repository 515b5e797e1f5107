"""`kb newsletter`: draft an issue, fetch research feeds, make the email edition."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import click

from ..loader import load_bank
from ..mkdocs_plugins.newsletter import NAME, newsletter_settings, option_problems
from ..mkdocs_plugins.project import Project, ProjectError, load_project
from ..mkdocs_plugins.training import training_for_project
from ..newsletter.draft import build_draft, issue_file, published_between, render_draft, save_draft, window_for
from ..newsletter.feeds import entries_for
from ..newsletter.fetch import fetch_feeds
from ..newsletter.settings import MAX_FETCH_SECONDS, NewsletterSettings
from ..newsletter.training import upcoming_training
from ..newsletter.window import quick_window
from ..problems import ContentError, Problem, Severity
from ..quarters import Quarter, QuarterError
from ..view import long_date
from ..training import upcoming_events
from .base import CONFIG_OPTION, fail_on_content, main, require_config


@main.group()
def newsletter() -> None:
    """Draft the quarterly newsletter, fetch research feeds and make the email edition.

    A typical quarter: kb newsletter fetch, then kb newsletter draft 2026-Q4,
    edit newsletters/2026-q4.md in a pull request, publish it, then
    kb newsletter email 2026-q4.
    """


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except QuarterError:
        raise click.ClickException(
            f"quarter: '{text}' is not a quarter. Write the year and the quarter number, "
            "like 2026-Q4 or 2026q4 (quarters are calendar quarters: Q1 is January to March)."
        ) from None


def _open(config_file: Path, edition: str | None = None) -> tuple[Project, NewsletterSettings]:
    require_config(config_file)
    try:
        project = load_project(config_file, edition)
        plugin = project.plugin(NAME)
    except ProjectError as error:
        raise click.ClickException(f"{error} Add it under plugins: in the settings file.") from None
    settings = newsletter_settings(plugin.config, project.config_file.parent, config_file.name)
    problems = option_problems(plugin.config, config_file.name)
    problems += settings.email.problems(Path(project.mkdocs.docs_dir), f"{config_file.name}: plugins: {NAME}: email")
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.ClickException("The sofs/newsletter options need fixing.")
    return project, settings


def _warn(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)


@newsletter.command()
@click.argument("quarter")
@CONFIG_OPTION
@click.option("--force", is_flag=True, help="Replace the issue if it already exists. Edits in it are lost.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Draft as if it were this day (YYYY-MM-DD): items and research published after it are left out, and training starts from it.",
)
def draft(quarter: str, config_file: Path, force: bool, today) -> None:
    """Write a draft issue for QUARTER (like 2026-Q4) into newsletters/.

    The draft lists the knowledge-bank items and research published since the
    previous issue went out (the first issue: in its own quarter), up to today,
    in four sections, and training dates from today to the end of the next
    quarter. If the issue already exists it is never changed: anything new is
    listed, and a fresh draft is written beside it as 2026-q4.new.md (or
    2026-q4.new.2.md, if 2026-q4.new.md has been edited). Use --force to replace it.
    """
    wanted = _quarter(quarter)
    project, settings = _open(config_file)
    bank_settings = project.settings
    if today is not None:
        bank_settings = dataclasses.replace(bank_settings, today=today.date())
    rel_of = bank_settings.rel
    # Read only the item files dated in the window: much quicker on a large bank.
    quick = quick_window(bank_settings.newsletters_dir, wanted, bank_settings.today)
    try:
        bank = load_bank(bank_settings, only=published_between(quick.start, quick.end))
        window = window_for(bank, wanted)
        if not quick.covers(window):  # an issue the quick read could not read moved the window
            bank = load_bank(bank_settings, only=published_between(window.start, window.end))
    except ContentError as error:
        raise fail_on_content(error) from None
    _warn(bank.warnings)
    reading = entries_for(window, settings.feeds, settings.cache_dir, rel_of, settings.entries_per_feed)
    _warn(reading.problems)
    training = upcoming_training(_upcoming_events(project, bank, window.training_start, window.training_end))
    issue = build_draft(bank, settings, window, reading.entries, training)
    target_rel = rel_of(issue_file(bank_settings.newsletters_dir, wanted))
    if issue.is_empty:
        _warn(
            [
                Problem(
                    target_rel,
                    "content",
                    f"nothing new was published from {long_date(window.start)} to {long_date(window.end)}, "
                    "so each section says so. Add items or write the sections by hand before you publish it.",
                    severity=Severity.WARNING,
                )
            ]
        )
    text = render_draft(issue)
    outcome = save_draft(issue, text, bank_settings.newsletters_dir, rel_of, force=force)
    found = _personal_data(project, bank_settings, outcome.written)
    counts = _counts(len(issue.items), len(issue.entries))
    if outcome.action == "created":
        click.echo(f"Wrote {target_rel}: issue {issue.issue}, {counts}. Edit it, then set status: published.")
    elif outcome.action == "replaced":
        click.echo(f"Replaced {target_rel} with a fresh draft: issue {issue.issue}, {counts}.")
    elif outcome.action == "kept":
        click.echo(
            f"{target_rel} already exists, so it was left as it is. Nothing is new since it was drafted: "
            f"it already has every item and research entry for {wanted}."
        )
    else:
        click.echo(f"{target_rel} already exists, so it was left as it is. New since it was drafted:")
        for item in outcome.new_items:
            click.echo(f"  - item: {item.title} ({item.id})")
        for entry in outcome.new_entries:
            click.echo(f"  - research: {entry.title} ({entry.feed.name}, {entry.link})")
        for path in outcome.edited:
            click.echo(f"{rel_of(path)} has been edited since it was drafted, so it was left as it is too.")
        click.echo(
            f"Wrote {rel_of(outcome.written)}, a fresh draft with everything for {wanted}. Copy what you want "
            f"from it into {target_rel}, then delete it. To replace the issue with the fresh draft instead, "
            f"run: kb newsletter draft {wanted} --force"
        )
    if found:
        for problem in found:
            click.echo(problem.located(), err=True)
        raise click.ClickException(
            f"The draft holds personal data (listed above), so do not commit it as it is. Take it out of the draft, "
            f"and out of where it came from: the saved feeds in {rel_of(settings.cache_dir)}/, or the knowledge-bank item on that line."
        )


def _personal_data(project: Project, bank_settings, path: Path | None) -> list[Problem]:
    """The privacy scan over the draft just written: outside feed text reaches the site only
    through a draft, so the editor hears of it now, not when the pull request fails."""
    from ..checks import privacy
    from ..checks.allow_list import AllowList
    from ..checks.documents import read_document
    from ..checks.runner import watch_list_for
    from ..mkdocs_plugins.checks import check_options

    if path is None:
        return []
    options = check_options(project.mkdocs)
    scanner = privacy.Scanner(watch_list_for(bank_settings, options)[0], options.email_allowed)
    document = read_document(path, bank_settings, "newsletter", "")
    found = [problem for problem in privacy.check(document, scanner) if problem.severity is Severity.ERROR]
    allow, _ = AllowList.read(options.allow_list, "")
    kept = allow.apply(found, {document.rel})[0]
    return [problem for problem in kept if problem.rule.startswith(privacy.RULE + "/")]  # not "entry unused"


def _counts(items: int, entries: int) -> str:
    return (
        f"{items} {'item' if items == 1 else 'items'} and "
        f"{entries} research {'entry' if entries == 1 else 'entries'}"
    )


def _seconds(value: float | None) -> float | None:
    # Written so that nan fails too: every comparison with nan is false.
    if value is not None and not 0 < value <= MAX_FETCH_SECONDS:
        raise click.BadParameter(f"must be more than 0 and at most {MAX_FETCH_SECONDS:g} seconds.")
    return value


@newsletter.command()
@CONFIG_OPTION
@click.option(
    "--timeout",
    type=float,
    default=None,
    callback=lambda ctx, param, value: _seconds(value),
    help=f"Seconds to wait for each feed, at most {MAX_FETCH_SECONDS:g}. [default: fetch_timeout in mkdocs.yml]",
)
@click.option("--max-size", type=click.IntRange(min=1), default=None, help="Largest feed to save, in bytes. [default: fetch_max_bytes in mkdocs.yml]")
def fetch(config_file: Path, timeout: float | None, max_size: int | None) -> None:
    """Download each research feed named in mkdocs.yml into the feed cache folder.

    Commit the cache folder afterwards, so drafts are the same on every computer.
    A feed that cannot be downloaded keeps its last saved copy, with a warning.
    """
    project, settings = _open(config_file)
    if not settings.feeds:
        click.echo(f"{config_file.name}: plugins: {NAME}: feeds: none are listed, so there is nothing to fetch.")
        return
    results = fetch_feeds(
        settings.feeds,
        settings.cache_dir,
        timeout=settings.fetch_timeout if timeout is None else timeout,
        max_bytes=settings.fetch_max_bytes if max_size is None else max_size,
    )
    rel_of = project.settings.rel
    for result in results:
        if result.ok:
            click.echo(f"{rel_of(result.path)}: feed '{result.source.name}': {result.message}.")
        else:
            click.echo(f"Warning: {rel_of(result.path)}: feed '{result.source.name}': {result.message}", err=True)
    good = sum(result.ok for result in results)
    click.echo(f"Fetched {good} of {len(results)} feeds.")


def _upcoming_events(project, bank, start: date, end: date):
    """Training events starting from `start` to `end`, cancelled ones too, or None when the site has no training data."""
    try:
        data = training_for_project(project, bank)
    except ContentError as error:
        raise fail_on_content(error) from None
    if data is None or not data.files:
        return None
    return upcoming_events(data, start, end, include_cancelled=True)
