"""`kb newsletter email`: make the email edition of an issue, and send it if asked."""

from __future__ import annotations

import dataclasses
import os
import secrets
from datetime import UTC, datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click

from ..loader import load_bank
from ..newsletter import delivery
from ..newsletter.draft import issue_file
from ..newsletter.email_edition import EmailEdition, build_message, message_id, render_email, write_edition
from ..newsletter.settings import EmailSettings
from ..problems import ContentError
from ..settings import EDITIONS
from .base import CONFIG_OPTION, fail_on_content, report
from .newsletter import NAME, _open, _quarter, _warn, newsletter

LONDON = ZoneInfo("Europe/London")


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
@click.option("--smtp-port", type=click.IntRange(1, 65535), default=None, help="The mail server's port. [default: email: smtp_port, or 587]")
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
    wanted = _quarter(quarter)
    project, settings = _open(config_file, edition)
    edition = project.settings.edition
    if today is not None:
        project.settings = dataclasses.replace(project.settings, today=today.date())
    options = settings.email
    where = f"{config_file.name}: plugins: {NAME}: email"
    if preview and send:
        raise click.ClickException("--preview: a preview is never sent. Publish the issue, then send it without --preview.")
    _stop_on(delivery.flag_problems(sender, recipients, smtp_host, smtp_user), "Nothing was sent, and no files were written.")
    sender = sender or options.sender
    to = delivery.recipients_for(edition, recipients, options)
    if problem := delivery.public_list_problem(edition, to, options, where):
        raise click.ClickException(problem)
    server = _Server(smtp_host or options.smtp_host, options.smtp_port if smtp_port is None else smtp_port, options.starttls if starttls is None else starttls, smtp_user or options.username)
    if send:
        _stop_on(_send_problems(edition, sender, to, server, options, where, config_file.name), "The email was not sent, and no files were written.")

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
    path = issue_file(project.settings.newsletters_dir, wanted)
    try:
        issue = delivery.issue_for_email(bank, wanted, path, project.settings.rel(path), preview=preview)
    except delivery.NotReady as error:
        raise click.ClickException(str(error)) from None
    made, problems = render_email(
        issue,
        bank,
        site_url=site_url,
        site_name=project.mkdocs.site_name,
        edition=edition,
        preview=preview,
        directory_urls=project.mkdocs.use_directory_urls,
        header_image=delivery.header_image(options, site_url, project.mkdocs.use_directory_urls),
    )
    if made is None:
        report(problems)
        raise click.ClickException("The email edition was not made. Fix the issue and try again.")
    root = output_dir or options.output_dir
    _privacy_gate(project, made, project.settings.rel(made.folder(root).resolve()))
    domain = urlsplit(site_url).hostname or "localhost"
    message = build_message(
        made,
        sender=sender,
        to=() if preview else to,  # a preview names nobody, so it cannot go to a list by mistake
        reply_to=options.reply_to,
        date=datetime.combine(project.settings.today, time(9, 0), tzinfo=LONDON),
        message_id=message_id(made, domain),
        draft=True,
    )
    for written in write_edition(made, message, root):
        click.echo(f"Wrote {project.settings.rel(written.resolve())}")
    if not to and not preview:
        click.echo(f"Warning: {where}: {delivery.list_field(edition)}: is not set, so the .eml has no To address.", err=True)
    if send:
        heading = f"About to send the {edition} edition of issue {issue.issue} ({issue.quarter}): '{made.subject}'"
        _send(made, heading, sender, to, options, server, domain, yes)


def _privacy_gate(project, made: EmailEdition, folder: str) -> None:
    """The email edition passes the same last gate as the built site, before anything is written or sent."""
    from ..checks.output_gate import check_email
    from ..mkdocs_plugins.checks import check_options

    parts = {f"{folder}/{made.name}.html": made.html, f"{folder}/{made.name}.txt": made.text, f"{folder}/{made.name}-subject.txt": made.subject}
    problems = check_email(parts, project.settings, check_options(project.mkdocs))
    if problems:
        for problem in problems:
            click.echo(problem.located(), err=True)
        raise click.ClickException("The email edition holds personal data, so it was not written or sent.")


@dataclasses.dataclass
class _Server:
    host: str | None
    port: int
    starttls: bool
    user: str | None
    password: str | None = None


def _stop_on(problems: list[str], summary: str) -> None:
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise click.ClickException(summary)


def _send_problems(edition: str, sender, to, server: _Server, options: EmailSettings, where: str, config_name: str) -> list[str]:
    """What sending needs and is missing. Reads the password from the environment."""
    missing = []
    if not server.host:
        missing.append(f"{where}: smtp_host: is not set. Give the mail server with --smtp-host, or set smtp_host under the email options of {NAME} in {config_name}.")
    if not sender:
        missing.append(f"{where}: sender: is not set. Give the From address with --from, or set sender under the email options of {NAME} in {config_name}.")
    if not to:
        field = delivery.list_field(edition)
        missing.append(f"{where}: {field}: is not set. Give each address with --to, or set {field} under the email options of {NAME} in {config_name}.")
    if server.user:
        server.password = os.environ.get(options.password_variable)
        if not server.password:
            missing.append(
                f"{options.password_variable}: environment variable: is not set. Put the mail server "
                f"password for {server.user} in it; it is never taken from a flag or a file."
            )
    return missing


def _send(made: EmailEdition, heading: str, sender: str, to: tuple[str, ...], options: EmailSettings, server: _Server, domain: str, yes: bool) -> None:
    from ..newsletter.mailer import SendFailed
    from ..newsletter.mailer import send as send_email

    click.echo(heading)
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
    where = f"{server.host}:{server.port}"
    try:
        sent = send_email(message, list(to), host=server.host, port=server.port, starttls=server.starttls, username=server.user, password=server.password)
    except SendFailed as error:
        raise click.ClickException(f"The email was not sent: {error}") from None
    if sent.accepted:
        click.echo(f"Sent '{made.subject}' to {', '.join(sent.accepted)} through {where}.")
    if sent.refused:
        for address, said in sent.refused.items():
            click.echo(f"--to: {address}: the mail server at {where} refused it ({said}).", err=True)
        raise click.ClickException(
            f"The email was sent to {len(sent.accepted)} of {len(to)} addresses; the server refused "
            f"{len(sent.refused)}. Check them, then send to those alone with --to."
        )
