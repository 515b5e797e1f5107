"""`kb newsletter`: draft an issue, fetch research feeds, make the email edition."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import click

from ..loader import load_bank
from ..mkdocs_plugins.newsletter import NAME, newsletter_settings, option_problems
from ..mkdocs_plugins.project import Project, ProjectError, load_project
from ..mkdocs_plugins.training import training_for_project
from ..newsletter.draft import build_draft, published_in, render_draft, save_draft
from ..newsletter.feeds import entries_for
from ..newsletter.fetch import fetch_feeds
from ..newsletter.settings import NewsletterSettings
from ..newsletter.training import upcoming_training
from ..problems import ContentError, Problem, Severity
from ..quarters import Quarter, QuarterError
from ..settings import EDITIONS
from ..training import upcoming_events
from .base import CONFIG_OPTION, fail_on_content, main, report, require_config


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
    problems = option_problems(plugin.config, config_file.name)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.ClickException("The sofs/newsletter options need fixing.")
    return project, newsletter_settings(plugin.config, project.config_file.parent, config_file.name)


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
    help="Draft as if it were this day (YYYY-MM-DD): items published after it are left out.",
)
def draft(quarter: str, config_file: Path, force: bool, today) -> None:
    """Write a draft issue for QUARTER (like 2026-Q4) into newsletters/.

    The draft lists the knowledge-bank items published in the quarter, in four
    sections, with research from the saved feeds and upcoming training. If the
    issue already exists it is never changed: anything new is listed, and a fresh
    draft is written beside it as 2026-q4.new.md. Use --force to replace it.
    """
    wanted = _quarter(quarter)
    project, settings = _open(config_file)
    bank_settings = project.settings
    if today is not None:
        bank_settings = dataclasses.replace(bank_settings, today=today.date())
    rel_of = bank_settings.rel
    try:
        bank = load_bank(bank_settings, only=published_in(wanted))
    except ContentError as error:
        raise fail_on_content(error) from None
    _warn(bank.warnings)

    reading = entries_for(wanted, settings.feeds, settings.cache_dir, rel_of, settings.entries_per_feed)
    _warn(reading.problems)
    training = upcoming_training(_upcoming_events(project, bank, wanted.next()))
    issue = build_draft(bank, settings, wanted, reading.entries, training)
    target_rel = rel_of(bank_settings.newsletters_dir / f"{wanted.slug}.md")
    if issue.is_empty:
        _warn(
            [
                Problem(
                    target_rel,
                    "content",
                    f"nothing was published in {wanted.label}, so each section says so. "
                    "Add items or write the sections by hand before you publish it.",
                    severity=Severity.WARNING,
                )
            ]
        )
    text = render_draft(issue)
    outcome = save_draft(issue, text, bank_settings.newsletters_dir, rel_of, force=force)
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
        click.echo(
            f"Wrote {rel_of(outcome.written)}, a fresh draft with everything for {wanted}. Copy what you want "
            f"from it into {target_rel}, then delete it. To replace the issue with the fresh draft instead, "
            f"run: kb newsletter draft {wanted} --force"
        )


def _counts(items: int, entries: int) -> str:
    return (
        f"{items} {'item' if items == 1 else 'items'} and "
        f"{entries} research {'entry' if entries == 1 else 'entries'}"
    )


@newsletter.command()
@CONFIG_OPTION
@click.option("--timeout", type=float, default=None, help="Seconds to wait for each feed. [default: fetch_timeout in mkdocs.yml]")
@click.option("--max-size", type=int, default=None, help="Largest feed to save, in bytes. [default: fetch_max_bytes in mkdocs.yml]")
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
        timeout=timeout or settings.fetch_timeout,
        max_bytes=max_size or settings.fetch_max_bytes,
    )
    rel_of = project.settings.rel
    for result in results:
        if result.ok:
            click.echo(f"{rel_of(result.path)}: feed '{result.source.name}': {result.message}.")
        else:
            click.echo(f"Warning: {rel_of(result.path)}: feed '{result.source.name}': {result.message}", err=True)
    good = sum(result.ok for result in results)
    click.echo(f"Fetched {good} of {len(results)} feeds.")


@newsletter.command()
@click.argument("quarter")
@CONFIG_OPTION
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the edition. [default: email/ beside mkdocs.yml, set by email: output_dir]",
)
@click.option("--send", is_flag=True, help="Also send it by email, through the SMTP server given below.")
@click.option("--smtp-host", default=None, help="The mail server. [default: email: smtp_host in mkdocs.yml]")
@click.option("--smtp-port", type=int, default=None, help="The mail server's port. [default: email: smtp_port, or 587]")
@click.option("--smtp-user", default=None, help="The mail server login, if it needs one. The password is read from the KB_SMTP_PASSWORD environment variable (or the one named by email: password_variable).")
@click.option("--starttls/--no-starttls", default=None, help="Encrypt the connection with STARTTLS before logging in. [default: on]")
@click.option("--from", "sender", default=None, help="The From address. [default: email: sender in mkdocs.yml]")
@click.option("--to", "recipients", multiple=True, help="Who to send it to; give --to once per address. [default: email: to in mkdocs.yml]")
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="public (the default) leaves out partnership-only items; partnership, for partner staff only, includes them.",
)
def email(
    quarter: str,
    config_file: Path,
    output_dir: Path | None,
    send: bool,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_user: str | None,
    starttls: bool | None,
    sender: str | None,
    recipients: tuple[str, ...],
    edition: str | None,
) -> None:
    """Make the email edition of the published issue for QUARTER (like 2026-q4).

    Writes three files beside the built site, in email/2026-q4/: an HTML email
    that Outlook can show, a plain-text version, and a .eml file to open in
    Outlook and send. With --send it also sends the email through an SMTP server.
    The password is only ever read from an environment variable, never a flag.
    """
    from ..newsletter.email_edition import build_message, render_email, write_edition
    from ..newsletter.mailer import SendFailed
    from ..newsletter.mailer import send as send_email

    wanted = _quarter(quarter)
    project, settings = _open(config_file, edition)
    options = settings.email
    config_name = config_file.name
    where = f"{config_name}: plugins: {NAME}: email"
    sender = sender or options.sender
    recipients = recipients or options.to
    smtp_host = smtp_host or options.smtp_host
    smtp_user = smtp_user or options.username
    password = None
    if send:
        missing = []
        if not smtp_host:
            missing.append(f"{where}: smtp_host: is not set. Give the mail server with --smtp-host, or set smtp_host under the email options of {NAME} in {config_name}.")
        if not sender:
            missing.append(f"{where}: sender: is not set. Give the From address with --from, or set sender under the email options of {NAME} in {config_name}.")
        if not recipients:
            missing.append(f"{where}: to: is not set. Give each address with --to, or list them under to: in the email options of {NAME} in {config_name}.")
        if smtp_user:
            password = os.environ.get(options.password_variable)
            if not password:
                missing.append(
                    f"{options.password_variable}: environment variable: is not set. Put the mail server "
                    f"password for {smtp_user} in it; it is never taken from a flag or a file."
                )
        if missing:
            for line in missing:
                click.echo(line, err=True)
            raise click.ClickException("The email was not sent, and no files were written.")

    site_url = project.mkdocs.site_url
    if not site_url:
        raise click.ClickException(
            f"{config_name}: site_url: is not set. The email links back to the website, so it needs the "
            "site's full address, like https://example.org/."
        )
    try:
        bank = load_bank(project.settings, only=lambda path: False)
    except ContentError as error:
        raise fail_on_content(error) from None
    _warn(bank.warnings)
    issue = _published_issue(bank, wanted, project)
    edition, problems = render_email(
        issue,
        bank,
        site_url=site_url,
        site_name=project.mkdocs.site_name,
        directory_urls=project.mkdocs.use_directory_urls,
    )
    if edition is None:
        report(problems)
        raise click.ClickException("The email edition was not made. Fix the issue and try again.")
    folder = (output_dir or options.output_dir) / wanted.slug
    rel_of = project.settings.rel
    _privacy_gate(project, edition, rel_of(folder.resolve()), wanted.slug)
    message = build_message(edition, sender=sender, to=tuple(recipients), draft=True)
    for path in write_edition(edition, message, folder, wanted.slug):
        click.echo(f"Wrote {rel_of(path.resolve())}")
    if not send:
        return
    port = smtp_port or options.smtp_port
    use_tls = options.starttls if starttls is None else starttls
    try:
        accepted = send_email(
            build_message(edition, sender=sender, to=tuple(recipients), draft=False),
            host=smtp_host,
            port=port,
            starttls=use_tls,
            username=smtp_user,
            password=password,
        )
    except SendFailed as error:
        raise click.ClickException(f"The email was not sent: {error}") from None
    click.echo(f"Sent '{edition.subject}' to {', '.join(accepted)} through {smtp_host}:{port}.")


def _privacy_gate(project: Project, edition, folder: str, slug: str) -> None:
    """The email edition passes the same last gate as the built site, before anything is written or sent."""
    from ..checks.output_gate import check_email
    from ..mkdocs_plugins.checks import check_options

    parts = {f"{folder}/{slug}.html": edition.html, f"{folder}/{slug}.txt": edition.text, f"{folder}/subject.txt": edition.subject}
    problems = check_email(parts, project.settings, check_options(project.mkdocs))
    if problems:
        for problem in problems:
            click.echo(problem.located(), err=True)
        raise click.ClickException("The email edition holds personal data, so it was not written or sent.")


def _published_issue(bank, quarter: Quarter, project: Project):
    for issue in bank.newsletters:
        if issue.quarter == quarter:
            return issue
    rel = project.settings.rel(project.settings.newsletters_dir / f"{quarter.slug}.md")
    waiting = [
        entry
        for entry in bank.unpublished
        if getattr(entry, "quarter", None) == quarter
    ]
    if waiting:
        issue = waiting[0]
        if issue.status == "draft":
            raise click.ClickException(
                f"{rel}: status: the issue is still a draft. The email links to the issue on the website, "
                "so publish it first: set status: published and a published date."
            )
        raise click.ClickException(
            f"{rel}: published: the issue is held back until {issue.published}. "
            "Make the email edition on or after that day, when it is on the website."
        )
    if (project.settings.newsletters_dir / f"{quarter.slug}.md").exists():
        raise click.ClickException(
            f"{rel}: visibility: the issue is not in the {project.settings.edition} edition of the site."
        )
    raise click.ClickException(
        f"{rel}: file: there is no issue for {quarter}. Draft one with: kb newsletter draft {quarter}"
    )


def _upcoming_events(project, bank, quarter: Quarter):
    """Training events starting in a quarter, or None when the site has no training data."""
    try:
        data = training_for_project(project, bank)
    except ContentError as error:
        raise fail_on_content(error) from None
    if data is None or not data.files:
        return None
    return upcoming_events(data, quarter.start, quarter.end)
