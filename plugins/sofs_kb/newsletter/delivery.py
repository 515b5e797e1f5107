"""Who an email edition goes to, and whether it may go at all. Plain Python, for `kb newsletter email`.

- every address and server name from the command line is checked before use;
- each edition goes to its own list, and the partnership edition never to the public one;
- only a published issue is sent; a preview can be made of one that is not.
"""

from __future__ import annotations

from pathlib import Path

from ..loader import Bank
from ..model import NewsletterIssue
from ..quarters import Quarter
from ..view import long_date
from .addresses import address_problem, has_control_characters, plain, shown
from .email_edition import HeaderImage
from .links import absolute
from .settings import EmailSettings


class NotReady(Exception):
    """The issue cannot have an email edition yet. The message says why, as `file: field: reason`."""


def flag_problems(sender: str | None, recipients: tuple[str, ...], smtp_host: str | None, smtp_user: str | None) -> list[str]:
    """Mistakes in what was given on the command line, as `--option: reason`."""
    found = []
    if sender is not None and (reason := address_problem(sender, named=True)):
        found.append(f"--from: {reason}")
    found += [f"--to: {reason}" for value in recipients if (reason := address_problem(value))]
    for name, value in (("--smtp-host", smtp_host), ("--smtp-user", smtp_user)):
        if value is not None and has_control_characters(value):
            found.append(f"{name}: {shown(value)} has a line break or another control character in it.")
    return found


def list_field(edition: str) -> str:
    return "partnership_list_address" if edition == "partnership" else "list_address"


def recipients_for(edition: str, given: tuple[str, ...], settings: EmailSettings) -> tuple[str, ...]:
    """The addresses given with --to (each once), or else the edition's own list."""
    if given:
        seen: dict[str, str] = {}
        for address in given:
            seen.setdefault(plain(address), address.strip())
        return tuple(seen.values())
    listed = settings.list_for(edition)
    return (listed,) if listed else ()


def public_list_problem(edition: str, to: tuple[str, ...], settings: EmailSettings, where: str) -> str | None:
    """Partnership-only items must never reach the public list, whoever types the address."""
    if edition != "partnership" or not settings.list_address:
        return None
    public = plain(settings.list_address)
    if any(plain(address) == public for address in to):
        return (
            f"--to: {settings.list_address} is the public list ({where}: list_address). The partnership "
            "edition has items only partner agencies may see, so it is never sent to the public list."
        )
    return None


def header_image(settings: EmailSettings, site_url: str, directory_urls: bool) -> HeaderImage | None:
    """The header image's full address on the site, if one is set."""
    if not settings.header_image:
        return None
    return HeaderImage(absolute(site_url, settings.header_image, directory_urls), settings.header_image_alt or "")


def issue_for_email(bank: Bank, quarter: Quarter, issue_path: Path, rel: str, *, preview: bool) -> NewsletterIssue:
    """The published issue for the quarter; with `preview`, one not yet published will do."""
    for issue in bank.newsletters:
        if issue.quarter == quarter:
            return issue
    waiting = [entry for entry in bank.unpublished if isinstance(entry, NewsletterIssue) and entry.quarter == quarter]
    if waiting:
        issue = waiting[0]
        if preview:
            return issue
        if issue.status == "draft":
            raise NotReady(
                f"{rel}: status: the issue is still a draft. The email links to the issue on the website, "
                f"so publish it first: set status: published and a published date. To check it before then: "
                f"kb newsletter email {quarter.slug} --preview"
            )
        raise NotReady(
            f"{rel}: published: the issue goes out on {long_date(issue.published)}. Make the email edition on or "
            f"after that day, or give that day with --today {issue.published}. To check it before then, add --preview."
        )
    if any(problem.path == rel for problem in bank.warnings):
        raise NotReady(f"{rel}: file: the issue could not be read. Fix the problems listed above, then try again.")
    if issue_path.exists():
        raise NotReady(f"{rel}: visibility: the issue is not in the {bank.settings.edition} edition of the site.")
    raise NotReady(f"{rel}: file: there is no issue for {quarter}. Draft one with: kb newsletter draft {quarter}")
