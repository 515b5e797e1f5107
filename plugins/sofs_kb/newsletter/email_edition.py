"""The email edition of a newsletter issue: Outlook-friendly HTML, plain text and a .eml file.

The issue's Markdown is rendered with Python-Markdown (which MkDocs uses),
sanitised with nh3, laid out in a 600-pixel table by a Jinja2 template, and
its CSS inlined by css-inline, because Outlook and many webmail services
ignore style sheets. Every link points back to the site with a full address.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import css_inline
import markdown
import nh3
from markupsafe import Markup

from ..loader import Bank
from ..model import NewsletterIssue
from ..problems import Problem
from ..quarters import SEASONS
from .files import write_atomically
from .links import absolute
from .plaintext import html_to_text
from .sanitise import DROPPED_WITH_CONTENT
from .templating import TEMPLATES, render

SIZE_LIMIT = 100_000
"""Bytes. Gmail cuts off emails over about 102 KB; Outlook slows down well before."""

MARKDOWN_EXTENSIONS = ["tables", "attr_list", "def_list", "admonition", "sane_lists"]
EMAIL_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
EMAIL_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"class"},
}
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class EmailEdition:
    subject: str
    html: str
    text: str
    issue_url: str
    preheader: str


def render_email(
    issue: NewsletterIssue,
    bank: Bank,
    *,
    site_url: str,
    site_name: str,
    directory_urls: bool = True,
) -> tuple[EmailEdition | None, list[Problem]]:
    """Render the edition, or report what must be fixed in the issue first."""

    def url_for(src_uri: str) -> str:
        return absolute(site_url, src_uri, directory_urls)

    issue_url = url_for(issue.src_uri)
    resolve = _link_resolver(issue.src_uri, issue_url, url_for)
    body_html = _body_html(issue.body, resolve)
    problems = [
        Problem(issue.path, "body", reason) for reason in _image_problems(body_html)
    ]
    if problems:
        return None, problems
    featured = [item for item_id in issue.featured if (item := bank.item(item_id))]
    context = dict(
        issue=issue,
        season=SEASONS[issue.quarter.number],
        site_name=site_name,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        issue_url=issue_url,
        archive_url=url_for("newsletters/index.md"),
        featured=[(item, url_for(item.src_uri)) for item in featured],
    )
    page = render("email.html", body=Markup(body_html), css=(TEMPLATES / "email.css").read_text(encoding="utf-8"), **context)
    inlined = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False).inline(page)
    text = render("email.txt", body=html_to_text(body_html), **context)
    edition = EmailEdition(issue.title, inlined, text, issue_url, issue.summary)
    size = len(edition.html.encode("utf-8"))
    if size > SIZE_LIMIT:
        problems.append(
            Problem(
                issue.path,
                "body",
                f"the email edition would be {size // 1000} KB, over the limit of {SIZE_LIMIT // 1000} KB. "
                "Email services cut off long emails. Shorten the issue, or link to long parts on the website.",
            )
        )
        return None, problems
    return edition, []


def _body_html(body: str, resolve) -> str:
    source = _COMMENTS.sub("", body)  # the editor's checklist and other notes
    rendered = markdown.markdown(source, extensions=MARKDOWN_EXTENSIONS, output_format="html")

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return resolve(value)
        return value

    return nh3.clean(
        rendered,
        tags=EMAIL_TAGS,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in EMAIL_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=rewrite,
        link_rel=None,
    )


def _link_resolver(issue_uri: str, issue_url: str, url_for):
    """Make a link in the issue's Markdown into a full address on the site."""
    base = posixpath.dirname(issue_uri)

    def resolve(value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//"):
            return value
        if value.startswith("#"):
            return issue_url + value
        target = posixpath.normpath(posixpath.join(base, parts.path)) if parts.path else issue_uri
        if parts.path.startswith("/"):
            target = parts.path.lstrip("/")
        address = url_for(target)
        if parts.query:
            address += "?" + parts.query
        if parts.fragment:
            address += "#" + parts.fragment
        return address

    return resolve


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "img":
            attributes = dict(attrs)
            if not (attributes.get("alt") or "").strip():
                self.missing.append(posixpath.basename(urlsplit(attributes.get("src") or "").path) or "(no file)")


def _image_problems(fragment: str) -> list[str]:
    finder = _Images()
    finder.feed(fragment)
    return [
        f"the image '{name}' has no alt text, which people using screen readers need. "
        f"Describe it inside the square brackets: ![what the image shows]({name})"
        for name in finder.missing
    ]


# --- the .eml file ---------------------------------------------------------------------------


def build_message(edition: EmailEdition, *, sender: str | None, to: tuple[str, ...], draft: bool) -> EmailMessage:
    """multipart/alternative with the plain text first, as the standard asks (the last part is preferred).

    `draft` adds `X-Unsent: 1`, so Outlook opens the .eml as a new message ready to send.
    """
    message = EmailMessage(policy=SMTP)
    message["Subject"] = edition.subject
    if sender:
        message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    if draft:
        message["X-Unsent"] = "1"
    message.set_content(edition.text, subtype="plain", charset="utf-8")
    message.add_alternative(edition.html, subtype="html", charset="utf-8")
    # A boundary from the content, not a random one, so the same issue gives the same file.
    digest = hashlib.sha256((edition.text + edition.html).encode("utf-8")).hexdigest()[:24]
    message.set_boundary(f"=_sofs_{digest}")
    return message


def write_edition(edition: EmailEdition, message: EmailMessage, folder: Path, slug: str) -> list[Path]:
    written = []
    for name, data in (
        (f"{slug}.html", edition.html.encode("utf-8")),
        (f"{slug}.txt", edition.text.encode("utf-8")),
        (f"{slug}.eml", message.as_bytes()),
    ):
        write_atomically(folder / name, data)
        written.append(folder / name)
    return written
