"""`kb newsletter`: draft an issue, fetch research feeds, make the email edition."""

from __future__ import annotations

import dataclasses
import os
import secrets
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo
from pathlib import Path

import click

from ..loader import load_bank
from ..mkdocs_plugins.newsletter import NAME, newsletter_settings, option_problems
from ..mkdocs_plugins.project import Project, ProjectError, load_project
from ..mkdocs_plugins.training import training_for_project
from ..newsletter.addresses import address_problem, has_control_characters, plain, shown
from ..newsletter.draft import build_draft, issue_file, published_between, render_draft, save_draft, window_for
from ..newsletter.email_edition import build_message, message_id, write_edition
from ..newsletter.feeds import entries_for
from ..newsletter.fetch import fetch_feeds
from ..newsletter.settings import NewsletterSettings
from ..newsletter.training import upcoming_training
from ..newsletter.window import earliest_start
from ..problems import ContentError, Problem, Severity
from ..quarters import Quarter, QuarterError
from ..settings import EDITIONS
from ..view import long_date
from ..training import upcoming_events
from .base import CONFIG_OPTION, fail_on_content, main, report, require_config

LONDON = ZoneInfo("Europe/London")


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
    # Read only the item files dated from the window's start: much quicker on a large bank.
    start = earliest_start(bank_settings.newsletters_dir, wanted, bank_settings.today)
    try:
        bank = load_bank(bank_settings, only=published_between(start, bank_settings.today))
    except ContentError as error:
        raise fail_on_content(error) from None
    _warn(bank.warnings)

    window = window_for(bank, wanted)
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
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="public (the default) leaves out partnership-only items; partnership, for partner staff only, includes them.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Make the edition as if it were this day (YYYY-MM-DD), for an issue published on it.",
)
@click.option("--preview", is_flag=True, help="Make a preview of an issue not yet published, marked as a preview. It is never sent.")
@click.option("--send", is_flag=True, help="Also send it by email, through the SMTP server given below. It asks first.")
@click.option("--yes", is_flag=True, help="With --send: send without asking.")
@click.option("--smtp-host", default=None, help="The mail server. [default: email: smtp_host in mkdocs.yml]")
@click.option("--smtp-port", type=int, default=None, help="The mail server's port. [default: email: smtp_port, or 587]")
@click.option("--smtp-user", default=None, help="The mail server login, if it needs one. The password is read from the KB_SMTP_PASSWORD environment variable (or the one named by email: password_variable).")
@click.option("--starttls/--no-starttls", default=None, help="Encrypt the connection with STARTTLS before logging in. [default: on]")
@click.option("--from", "sender", default=None, help="The From address. [default: email: sender in mkdocs.yml]")
@click.option("--to", "recipients", multiple=True, help="Who to send it to, instead of the edition's mailing list; give --to once per address.")
def email(
    quarter: str,
    config_file: Path,
    output_dir: Path | None,
    edition: str | None,
    today,
    preview: bool,
    send: bool,
    yes: bool,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_user: str | None,
    starttls: bool | None,
    sender: str | None,
    recipients: tuple[str, ...],
) -> None:
    """Make the email edition of the published issue for QUARTER (like 2026-q4).

    Writes three files beside the built site, in email/2026-q4/public/ (or
    partnership/): an HTML email that reads well on a phone and in Outlook, a
    plain-text version, and a .eml file to open in Outlook and send. --preview
    does the same for an issue not yet published, marked as a preview. With
    --send it also sends the email, after saying which edition goes to whom.
    The password is only ever read from an environment variable, never a flag.
    """
    from ..newsletter.email_edition import render_email

    wanted = _quarter(quarter)
    project, settings = _open(config_file, edition)
    edition = project.settings.edition
    if today is not None:
        project.settings = dataclasses.replace(project.settings, today=today.date())
    options = settings.email
    where = f"{config_file.name}: plugins: {NAME}: email"
    if preview and send:
        raise click.ClickException("--preview: a preview is never sent. Publish the issue, then send it without --preview.")
    bad = [f"--from: {reason}" for reason in [address_problem(sender, named=True)] if sender is not None and reason]
    bad += [f"--to: {reason}" for value in recipients if (reason := address_problem(value))]
    for name, value in (("--smtp-host", smtp_host), ("--smtp-user", smtp_user)):
        if value is not None and has_control_characters(value):
            bad.append(f"{name}: {shown(value)} has a line break or another control character in it.")
    if bad:
        for line in bad:
            click.echo(line, err=True)
        raise click.ClickException("Nothing was sent, and no files were written.")
    sender = sender or options.sender
    listed = options.list_for(edition)
    to = _unique(recipients) if recipients else ((listed,) if listed else ())
    _never_to_the_public_list(edition, to, options, where)

    password = None
    if send:
        smtp_host = smtp_host or options.smtp_host
        smtp_user = smtp_user or options.username
        missing = []
        if not smtp_host:
            missing.append(f"{where}: smtp_host: is not set. Give the mail server with --smtp-host, or set smtp_host under the email options of {NAME} in {config_file.name}.")
        if not sender:
            missing.append(f"{where}: sender: is not set. Give the From address with --from, or set sender under the email options of {NAME} in {config_file.name}.")
        if not to:
            field = "partnership_list_address" if edition == "partnership" else "list_address"
            missing.append(f"{where}: {field}: is not set. Give each address with --to, or set {field} under the email options of {NAME} in {config_file.name}.")
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
            f"{config_file.name}: site_url: is not set. The email links back to the website, so it needs the "
            "site's full address, like https://example.org/."
        )
    try:
        bank = load_bank(project.settings, only=lambda path: False)
    except ContentError as error:
        raise fail_on_content(error) from None
    _warn(bank.warnings)
    issue = _issue_for_email(bank, wanted, project, preview)
    made, problems = render_email(
        issue,
        bank,
        site_url=site_url,
        site_name=project.mkdocs.site_name,
        edition=edition,
        preview=preview,
        directory_urls=project.mkdocs.use_directory_urls,
        header_image=_header_image(options, site_url, project.mkdocs.use_directory_urls),
    )
    if made is None:
        report(problems)
        raise click.ClickException("The email edition was not made. Fix the issue and try again.")
    domain = urlsplit(site_url).hostname or "localhost"
    stamp = datetime.combine(project.settings.today, time(9, 0), tzinfo=LONDON)
    message = build_message(
        made,
        sender=sender,
        to=() if preview else to,  # a preview names nobody, so it cannot go to a list by mistake
        reply_to=options.reply_to,
        date=stamp,
        message_id=message_id(made, domain),
        draft=True,
    )
    rel_of = project.settings.rel
    for path in write_edition(made, message, output_dir or options.output_dir):
        click.echo(f"Wrote {rel_of(path.resolve())}")
    if not to and not preview:
        click.echo(f"Warning: {where}: {'partnership_list_address' if edition == 'partnership' else 'list_address'}: is not set, so the .eml has no To address.", err=True)
    if send:
        _send(made, issue, edition, sender, to, options, smtp_host, smtp_port, starttls, smtp_user, password, domain, yes)


def _send(made, issue, edition, sender, to, options, host, port, starttls, user, password, domain, yes) -> None:
    from ..newsletter.mailer import SendFailed
    from ..newsletter.mailer import send as send_email

    click.echo(f"About to send the {edition} edition of issue {issue.issue} ({issue.quarter}): '{made.subject}'")
    click.echo(f"  From: {sender}")
    click.echo(f"  To: {', '.join(to)}")
    if not yes:
        try:
            go = click.confirm("Send it now?", default=False)
        except click.Abort:
            go = False
        if not go:
            raise click.ClickException("The email was not sent. To send without being asked, add --yes.")
    message = build_message(
        made,
        sender=sender,
        to=to,
        reply_to=options.reply_to,
        date=datetime.now(UTC),
        message_id=message_id(made, domain, secrets.token_hex(6)),
        draft=False,
    )
    port = port or options.smtp_port
    use_tls = options.starttls if starttls is None else starttls
    try:
        delivery = send_email(message, list(to), host=host, port=port, starttls=use_tls, username=user, password=password)
    except SendFailed as error:
        raise click.ClickException(f"The email was not sent: {error}") from None
    if delivery.accepted:
        click.echo(f"Sent '{made.subject}' to {', '.join(delivery.accepted)} through {host}:{port}.")
    if delivery.refused:
        for address, said in delivery.refused.items():
            click.echo(f"--to: {address}: the mail server at {host}:{port} refused it ({said}).", err=True)
        raise click.ClickException(
            f"The email was sent to {len(delivery.accepted)} of {len(to)} addresses; the server refused "
            f"{len(delivery.refused)}. Check them, then send to those alone with --to."
        )


def _unique(addresses: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for address in addresses:
        seen.setdefault(plain(address), address.strip())
    return tuple(seen.values())


def _never_to_the_public_list(edition: str, to: tuple[str, ...], options, where: str) -> None:
    """Partnership-only items must never reach the public list, whoever types the address."""
    if edition != "partnership" or not options.list_address:
        return
    public = plain(options.list_address)
    if any(plain(address) == public for address in to):
        raise click.ClickException(
            f"--to: {options.list_address} is the public list ({where}: list_address). The partnership "
            "edition has items only partner agencies may see, so it is never sent to the public list."
        )


def _header_image(options, site_url: str, directory_urls: bool):
    from ..newsletter.email_edition import HeaderImage
    from ..newsletter.links import absolute

    if not options.header_image:
        return None
    return HeaderImage(absolute(site_url, options.header_image, directory_urls), options.header_image_alt or "")


def _issue_for_email(bank, quarter: Quarter, project: Project, preview: bool):
    """The published issue for the quarter; with --preview, one that is not published yet will do."""
    for issue in bank.newsletters:
        if issue.quarter == quarter:
            return issue
    rel = project.settings.rel(issue_file(project.settings.newsletters_dir, quarter))
    waiting = [entry for entry in bank.unpublished if getattr(entry, "quarter", None) == quarter]
    if waiting:
        issue = waiting[0]
        if preview:
            return issue
        if issue.status == "draft":
            raise click.ClickException(
                f"{rel}: status: the issue is still a draft. The email links to the issue on the website, "
                f"so publish it first: set status: published and a published date. To check it before then: "
                f"kb newsletter email {quarter.slug} --preview"
            )
        raise click.ClickException(
            f"{rel}: published: the issue goes out on {long_date(issue.published)}. Make the email edition on or "
            f"after that day, or give that day with --today {issue.published}. To check it before then, add --preview."
        )
    if issue_file(project.settings.newsletters_dir, quarter).exists():
        raise click.ClickException(
            f"{rel}: visibility: the issue is not in the {project.settings.edition} edition of the site."
        )
    raise click.ClickException(
        f"{rel}: file: there is no issue for {quarter}. Draft one with: kb newsletter draft {quarter}"
    )


def _upcoming_events(project, bank, start: date, end: date):
    """Training events starting from `start` to `end`, cancelled ones too, or None when the site has no training data."""
    try:
        data = training_for_project(project, bank)
    except ContentError as error:
        raise fail_on_content(error) from None
    if data is None or not data.files:
        return None
    return upcoming_events(data, start, end, include_cancelled=True)
