"""The email edition of a newsletter issue: HTML every mail app can show, plain text and a .eml file.

The issue's Markdown is rendered with Python-Markdown (which MkDocs uses),
sanitised with nh3, laid out by a Jinja2 template as a fluid table (full width
up to 600 pixels), and its CSS copied onto each element by css-inline, because
Gmail's mobile web app and Outlook ignore style sheets. Every link points back
to the site with a full address.

Each edition (public, partnership) and each preview has its own folder, file
names and subject, so one is never mistaken for another.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
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
from .addresses import has_control_characters
from .files import write_atomically
from .links import absolute
from .plaintext import html_to_text
from .sanitise import DROPPED_WITH_CONTENT
from .templating import TEMPLATES, render

SIZE_LIMIT = 100_000
"""Bytes. Gmail cuts off emails over about 102 KB; Outlook slows down well before."""
CONTENT_WIDTH = 560
"""Pixels: the 600-pixel email less its side padding. Wider images are drawn at this width."""

MARKDOWN_EXTENSIONS = ["tables", "attr_list", "def_list", "admonition", "sane_lists"]
# No <abbr>: Outlook on Windows does not support it (caniemail), so its words are kept without it.
EMAIL_TAGS = {
    "a", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
EMAIL_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"class"},
}
XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
# Zero-width non-joiners and spaces after the preheader, so mail apps show it alone as the preview line.
PREHEADER_SPACER = "&#847;&zwnj;&nbsp;" * 40
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_PRE = re.compile(r"<pre>(?:<code[^>]*>)?(.*?)(?:</code>)?</pre>", re.DOTALL)

EDITION_LINES = {
    "public": "Public edition, for staff in every agency.",
    "partnership": (
        "Partnership edition, for staff of partner agencies only. It includes items that are not "
        "on the public website: please do not forward it outside the partnership."
    ),
}
PREVIEW_NOTICE = "Preview: not yet published. Check it, then publish the issue before you send it."


@dataclass
class EmailEdition:
    subject: str
    html: str
    text: str
    issue_url: str
    preheader: str
    slug: str
    """The issue's quarter, as in 2026-q4."""
    edition: str
    """public or partnership."""
    preview: bool = False

    @property
    def name(self) -> str:
        """The files' name: quarter, edition, and whether it is a preview."""
        return f"{self.slug}-{self.edition}" + ("-preview" if self.preview else "")

    def folder(self, root: Path) -> Path:
        """Each edition has its own folder: email/2026-q4/public/, email/2026-q4/partnership/."""
        return root / self.slug / self.edition


@dataclass(frozen=True)
class HeaderImage:
    url: str
    alt: str


def subject_for(issue: NewsletterIssue, edition: str, preview: bool) -> str:
    """The issue's title with its edition, on one line whatever the title holds."""
    title = " ".join("".join(" " if has_control_characters(ch) else ch for ch in issue.title).split())
    subject = f"{title} ({edition} edition)"
    return f"Preview, not yet published: {subject}" if preview else subject


def render_email(
    issue: NewsletterIssue,
    bank: Bank,
    *,
    site_url: str,
    site_name: str,
    edition: str,
    preview: bool = False,
    directory_urls: bool = True,
    header_image: HeaderImage | None = None,
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
    subject = subject_for(issue, edition, preview)
    context = dict(
        issue=issue,
        subject=subject,
        season=SEASONS[issue.quarter.number],
        site_name=site_name,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        issue_url=issue_url,
        archive_url=url_for("newsletters/index.md"),
        featured=[(item, url_for(item.src_uri)) for item in featured],
        notice=PREVIEW_NOTICE if preview else None,
        edition_line=EDITION_LINES[edition],
        header_image=header_image,
    )
    css = (TEMPLATES / "email.css").read_text(encoding="utf-8")
    page = render("email.html", body=Markup(body_html), css=css, preheader=issue.summary, spacer=PREHEADER_SPACER, **context)
    inlined = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False).inline(page)
    # css-inline writes an HTML5 doctype, which Outlook on Windows ignores (caniemail); the classic
    # XHTML doctype is what mail apps expect, and puts browsers in the mode email layouts are made for.
    inlined = XHTML_DOCTYPE + inlined.removeprefix("<!DOCTYPE html>")
    text = render("email.txt", body=html_to_text(body_html), **context)
    email = EmailEdition(subject, inlined, text, issue_url, issue.summary, issue.quarter.slug, edition, preview)
    size = len(email.html.encode("utf-8"))
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
    return email, []


def _body_html(body: str, resolve) -> str:
    source = _COMMENTS.sub("", body)  # the editor's checklist and other notes
    rendered = markdown.markdown(source, extensions=MARKDOWN_EXTENSIONS, output_format="html")

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return resolve(value)
        if tag == "img" and attribute == "width":
            # Outlook on Windows draws an image at its width attribute; never wider than the email.
            return str(min(int(value), CONTENT_WIDTH)) if value.strip().isdigit() else None
        return value

    cleaned = nh3.clean(
        rendered,
        tags=EMAIL_TAGS,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in EMAIL_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=rewrite,
        link_rel=None,
    )
    return soft_breaks(_PRE.sub(_code_block, cleaned))


LONG_WORD = 24
"""Characters. A word this long (a web address, say) may not fit a phone's width."""
_TEXT_BETWEEN_TAGS = re.compile(r"(?<=>)[^<]+|^[^<]+")
_LONG = re.compile(r"\S{%d,}" % LONG_WORD)
_BREAK_AFTER = re.compile(r"([/.\-_?=#&])(?=\S)")
_RUN = re.compile(r"[^/.\-_?=#&\u200b]{20}(?=[^/.\-_?=#&\u200b])")


def soft_breaks(fragment: str) -> str:
    """Let long words (mostly web addresses written out) wrap, so a phone never scrolls sideways.

    A zero-width space goes after each / . - _ ? = # & in them, and every 20 characters
    where there is none. CSS could do this (word-break), but Outlook on Windows lacks it
    and other apps bend it into breaking every word (caniemail), so the text carries it.
    """

    def text(match: re.Match) -> str:
        plain = html.unescape(match.group())
        if not _LONG.search(plain):
            return match.group()
        broken = _LONG.sub(lambda word: _RUN.sub("\\g<0>\u200b", _BREAK_AFTER.sub("\\1\u200b", word.group())), plain)
        return html.escape(broken, quote=False)

    return _TEXT_BETWEEN_TAGS.sub(text, fragment)


def _code_block(match: re.Match) -> str:
    """A code block as a paragraph with line breaks: Outlook on Windows cannot wrap <pre> text
    (it has no white-space), so a long line would make the email scroll sideways on a phone."""
    lines = match.group(1).rstrip("\n").split("\n")
    kept = [re.sub(r"^ +", lambda spaces: "&nbsp;" * len(spaces.group()), line) for line in lines]
    return '<p class="code">' + "<br>".join(kept) + "</p>"


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


def build_message(
    email: EmailEdition,
    *,
    sender: str | None,
    to: tuple[str, ...],
    reply_to: str | None,
    date: datetime,
    message_id: str,
    draft: bool,
) -> EmailMessage:
    """multipart/alternative with the plain text first, as the standard asks (the last part is preferred).

    `draft` adds `X-Unsent: 1`, so Outlook opens the .eml as a new message ready to send.
    Every value has been checked (see `addresses.py`), so none can add a header of its own.
    """
    message = EmailMessage(policy=SMTP)
    message["Subject"] = email.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    if sender:
        message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    if reply_to or sender:
        message["Reply-To"] = reply_to or sender
    if draft:
        message["X-Unsent"] = "1"
    message.set_content(email.text, subtype="plain", charset="utf-8")
    message.add_alternative(email.html, subtype="html", charset="utf-8")
    # A boundary from the content, not a random one, so the same issue gives the same file.
    message.set_boundary(f"=_sofs_{content_digest(email)}")
    return message


def content_digest(email: EmailEdition) -> str:
    return hashlib.sha256((email.subject + email.text + email.html).encode("utf-8")).hexdigest()[:24]


def message_id(email: EmailEdition, domain: str, unique: str | None = None) -> str:
    """An id on the site's own domain, short enough never to be folded onto a second line.

    Without `unique`, the same for the same content, so the file is the same every time.
    """
    return f"<{email.slug}.{email.edition}.{unique or content_digest(email)[:12]}@{domain}>"


def write_edition(email: EmailEdition, message: EmailMessage, root: Path) -> list[Path]:
    folder = email.folder(root)
    written = []
    for suffix, data in (
        (".html", email.html.encode("utf-8")),
        (".txt", email.text.encode("utf-8")),
        (".eml", message.as_bytes()),
    ):
        path = folder / f"{email.name}{suffix}"
        write_atomically(path, data)
        written.append(path)
    return written
