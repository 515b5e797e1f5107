"""`kb newsletter email`: the email edition's three files, and sending through a real local SMTP server."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from email_support import free_port, smtp_server  # noqa: F401 (a fixture)

KB = [sys.executable, "-m", "sofs_kb.cli"]
SITE_URL = "https://example.org/kb/"
ISSUE_URL = SITE_URL + "newsletters/2026-q3/"


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "KB_SMTP_PASSWORD"}
    environment.update(env or {})
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True, env=environment)


@pytest.fixture
def project(site_dir: Path) -> Path:
    """The fixture site, its summer issue given an image, a table and a relative anchor link."""
    issue = site_dir / "newsletters/2026-q3.md"
    issue.write_text(
        issue.read_text()
        + "\n<!-- An editor's note that must not reach readers. -->\n\n"
        "![A family network map drawn on a whiteboard](../knowledge-bank/practice-example/map.png)\n\n"
        "| Course | Places |\n|---|---|\n| Foundation | 300 |\n\n"
        "See [the start of this issue](#multi-agency-practice-achievements) or "
        "[the partnership](https://www.norfolklscp.org.uk/).\n"
    )
    return site_dir


def edition(project: Path, name: str = "public") -> Path:
    return project / "email/2026-q3" / name


def parse(path_or_bytes) -> email.message.EmailMessage:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return email.message_from_bytes(data, policy=email.policy.default)


def test_email_edition_has_html_text_and_eml(project: Path):
    result = run("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 0, result.stderr
    folder = edition(project)
    names = ["2026-q3-public.eml", "2026-q3-public.html", "2026-q3-public.txt"]
    assert sorted(p.name for p in folder.iterdir()) == names
    assert "Wrote email/2026-q3/public/2026-q3-public.eml" in result.stdout

    html = (folder / "2026-q3-public.html").read_text()
    assert len(html.encode()) < 100_000
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en"
    # Fluid: full width up to 600 pixels; only Outlook on Windows sees the fixed 600-pixel table.
    assert soup.find("table", class_="container")["width"] == "100%"
    assert "max-width: 600px" in soup.find("div", class_="container-box")["style"]
    assert '<!--[if mso]><table role="presentation" align="center" width="600"' in html
    # CSS is inlined: no style sheets left, and elements carry their own styles.
    assert soup.find("style") is None and soup.find("link") is None
    assert "font-size" in soup.find("h2")["style"]
    assert soup.find("script") is None
    images = soup.find_all("img")
    assert images and all(img.get("alt", "").strip() for img in images)
    assert images[0]["src"] == SITE_URL + "knowledge-bank/practice-example/map.png"
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert all(href.startswith(("https://", "mailto:")) for href in hrefs), hrefs
    view = soup.find("a", string="View this issue on the website")
    assert view["href"] == ISSUE_URL
    assert SITE_URL + "knowledge-bank/practice-example/network-meeting/" in hrefs
    assert ISSUE_URL + "#multi-agency-practice-achievements" in hrefs
    assert "editor's note" not in html
    assert soup.find("td", string="Foundation") is not None
    # The button is a table cell that carries the colour and padding; the link has neither.
    button = soup.find("a", string="Read this issue on the website")
    assert "padding" not in button["style"] and "border-radius" not in html
    assert "background-color: #283593" in button.parent["style"] and "padding" in button.parent["style"]
    # The preheader is hidden in ways Outlook, Gmail and Apple Mail all support.
    preheader = soup.find("div", class_="preheader")["style"]
    assert "mso-hide: all" in preheader and "font-size: 0" in preheader and "display" not in preheader

    text = (folder / "2026-q3-public.txt").read_text()
    assert text.startswith("Signs of Safety news: summer 2026\n=================================\n")
    assert f"View this issue on the website: {ISSUE_URL}" in text
    assert "network meeting (https://example.org/kb/knowledge-bank/practice-example/network-meeting/)" in " ".join(text.split())
    assert "[Image: A family network map drawn on a whiteboard]" in text
    assert "Foundation | 300" in text
    assert "Public edition, for staff in every agency." in text
    assert "<" not in text.replace("<!--", "")

    message = parse(folder / "2026-q3-public.eml")
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "Signs of Safety news: summer 2026 (public edition)"
    assert message["X-Unsent"] == "1"
    plain, rich = message.iter_parts()
    assert plain.get_content().replace("\r\n", "\n") == text  # email lines end in CRLF
    assert rich.get_content().replace("\r\n", "\n").rstrip("\n") == html.rstrip("\n")


def test_the_eml_carries_every_header_a_mail_app_needs(project: Path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "          tags: [research]\n",
        "          tags: [research]\n      email:\n        sender: Signs of Safety team <signsofsafety@example.org>\n"
        "        reply_to: sofs-steering-group@example.org\n        list_address: staff-news@example.org\n",
    ))
    result = run("newsletter", "email", "2026-q3", "--today", "2026-11-26", cwd=project)
    assert result.returncode == 0, result.stderr
    message = parse(edition(project) / "2026-q3-public.eml")
    assert message["From"] == "Signs of Safety team <signsofsafety@example.org>"
    assert message["To"] == "staff-news@example.org"
    assert message["Reply-To"] == "sofs-steering-group@example.org"
    assert message["Date"].datetime.isoformat() == "2026-11-26T09:00:00+00:00"
    assert re.fullmatch(r"<2026-q3\.public\.[0-9a-f]{12}@example\.org>", message["Message-ID"])
    assert message["Subject"] == "Signs of Safety news: summer 2026 (public edition)"
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message.defects == [] and all(part.defects == [] for part in message.iter_parts())


def test_the_edition_is_the_same_every_time(project: Path):
    run("newsletter", "email", "2026-q3", "--today", "2026-11-26", cwd=project)
    first = {p.name: p.read_bytes() for p in edition(project).iterdir()}
    run("newsletter", "email", "2026-q3", "--today", "2026-11-26", cwd=project)
    assert {p.name: p.read_bytes() for p in edition(project).iterdir()} == first


def test_an_image_without_alt_text_stops_the_edition(project: Path):
    issue = project / "newsletters/2026-q3.md"
    issue.write_text(issue.read_text() + "\n![](../knowledge-bank/practice-example/photo.jpg)\n")
    result = run("newsletter", "email", "2026q3", cwd=project)
    assert result.returncode == 1
    assert (
        "newsletters/2026-q3.md: body: the image 'photo.jpg' has no alt text, which people using screen "
        "readers need. Describe it inside the square brackets: ![what the image shows](photo.jpg)" in result.stderr
    )
    assert not edition(project).exists()


def test_only_a_published_issue_has_an_email_edition(project: Path):
    q3 = (project / "newsletters/2026-q3.md").read_text()
    (project / "newsletters/2026-q4.md").write_text(
        q3.replace("2026-Q3", "2026-Q4").replace("issue: 1", "issue: 2").replace("status: published", "status: draft")
    )
    draft = run("newsletter", "email", "2026-q4", cwd=project)
    assert draft.returncode == 1
    assert "newsletters/2026-q4.md: status: the issue is still a draft." in draft.stderr
    missing = run("newsletter", "email", "2027-q1", cwd=project)
    assert missing.returncode == 1
    assert (
        "newsletters/2027-q1.md: file: there is no issue for 2027-Q1. Draft one with: kb newsletter draft 2027-Q1"
        in missing.stderr
    )
    bad = run("newsletter", "email", "q4", cwd=project)
    assert bad.returncode == 1 and "quarter: 'q4' is not a quarter." in bad.stderr
    for result in (draft, missing, bad):
        assert "Traceback" not in result.stderr


# --- sending, through a real SMTP server on this machine ---------------------------------------


def send_args(server, *extra: str) -> list[str]:
    return [
        "newsletter", "email", "2026-q3", "--send",
        "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--no-starttls",
        "--from", "signsofsafety@norfolk.gov.uk",
        "--to", "staff-list@norfolk.gov.uk", "--to", "partners-list@norfolk.gov.uk",
        "--yes", *extra,
    ]


def test_send_delivers_the_email(project: Path, smtp_server):
    result = run(*send_args(smtp_server), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "About to send the public edition of issue 1 (2026-Q3): 'Signs of Safety news: summer 2026 (public edition)'" in result.stdout
    assert "  To: staff-list@norfolk.gov.uk, partners-list@norfolk.gov.uk" in result.stdout
    assert f"through 127.0.0.1:{smtp_server.port}" in result.stdout
    (envelope,) = smtp_server.inbox.envelopes
    assert envelope.mail_from == "signsofsafety@norfolk.gov.uk"
    assert envelope.rcpt_tos == ["staff-list@norfolk.gov.uk", "partners-list@norfolk.gov.uk"]
    message = parse(envelope.content)
    assert message["Subject"] == "Signs of Safety news: summer 2026 (public edition)"
    assert message["To"] == "staff-list@norfolk.gov.uk, partners-list@norfolk.gov.uk"
    assert message["Reply-To"] == "signsofsafety@norfolk.gov.uk"  # the sender, as no reply_to is set
    # Message-ID on the site's own domain, new for each sending.
    assert message["Date"] and re.fullmatch(r"<2026-q3\.public\.[0-9a-f]{12}@example\.org>", message["Message-ID"])
    assert message["X-Unsent"] is None
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert ISSUE_URL in next(message.iter_parts()).get_content()
    assert smtp_server.logins == []
    assert (edition(project) / "2026-q3-public.eml").exists()


def test_send_logs_in_with_the_password_from_the_environment(project: Path, smtp_server):
    result = run(*send_args(smtp_server, "--smtp-user", "editor"), cwd=project, env={"KB_SMTP_PASSWORD": "s3cret word"})
    assert result.returncode == 0, result.stderr
    assert smtp_server.logins == [(b"editor", b"s3cret word")]
    assert len(smtp_server.inbox.envelopes) == 1
    assert "s3cret" not in result.stdout + result.stderr

    wrong = run(*send_args(smtp_server, "--smtp-user", "editor"), cwd=project, env={"KB_SMTP_PASSWORD": "guess"})
    assert wrong.returncode == 1
    assert "did not accept the user name and password" in wrong.stderr
    assert len(smtp_server.inbox.envelopes) == 1

    unset = run(*send_args(smtp_server, "--smtp-user", "editor"), cwd=project)
    assert unset.returncode == 1
    assert "KB_SMTP_PASSWORD: environment variable: is not set." in unset.stderr

    flag = run(*send_args(smtp_server, "--smtp-user", "editor", "--password", "s3cret word"), cwd=project)
    assert flag.returncode == 2 and "No such option '--password'" in flag.stderr


def test_send_needs_an_smtp_host(project: Path):
    result = run(
        "newsletter", "email", "2026-q3", "--send",
        "--from", "signsofsafety@norfolk.gov.uk", "--to", "staff-list@norfolk.gov.uk",
        cwd=project,
    )
    assert result.returncode == 1
    assert (
        "mkdocs.yml: plugins: sofs/newsletter: email: smtp_host: is not set. Give the mail server with "
        "--smtp-host, or set smtp_host under the email options of sofs/newsletter in mkdocs.yml." in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not edition(project).exists()


def test_starttls_is_required_unless_switched_off(project: Path, smtp_server):
    args = [arg for arg in send_args(smtp_server) if arg != "--no-starttls"]
    result = run(*args, cwd=project)
    assert result.returncode == 1
    assert f"the mail server at 127.0.0.1:{smtp_server.port} does not offer STARTTLS" in result.stderr
    assert smtp_server.inbox.envelopes == []


def test_an_unreachable_server_is_reported(project: Path):
    result = run(
        "newsletter", "email", "2026-q3", "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(free_port()),
        "--from", "signsofsafety@norfolk.gov.uk", "--to", "staff-list@norfolk.gov.uk", "--yes",
        cwd=project,
    )
    assert result.returncode == 1
    assert "The email was not sent: could not connect to the mail server at 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_edition_over_100_kb_is_refused(project: Path):
    issue = project / "newsletters/2026-q3.md"
    paragraph = "Families and staff worked together on a plan that everyone understood. " * 20
    issue.write_text(issue.read_text() + "\n" + "\n\n".join([paragraph] * 90) + "\n")
    result = run("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 1
    assert "newsletters/2026-q3.md: body: the email edition would be" in result.stderr
    assert "over the limit of 100 KB. Email services cut off long emails." in result.stderr
    assert not edition(project).exists()


def test_scripts_and_javascript_links_in_the_issue_never_reach_the_email(project: Path):
    issue = project / "newsletters/2026-q3.md"
    issue.write_text(
        issue.read_text()
        + '\n[Click me](javascript:alert(1))\n\n<script>alert(2)</script>\n\n<p onclick="alert(3)">Raw HTML</p>\n'
    )
    result = run("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (edition(project) / "2026-q3-public.html").read_text()
    assert "javascript" not in html.lower() and "<script" not in html and "onclick" not in html
    assert "Raw HTML" in html


def test_a_partnership_only_item_is_not_in_the_public_email(project: Path):
    canary = "PARTNERSHIP-EMAIL-CANARY"
    (project / "knowledge_bank/tool/partner-tool.md").write_text(
        f"""---
title: Partner tool {canary}
summary: Only for partner agencies. {canary}
type: tool
plan_sections: [learning]
audience: [police]
owner: Superleaders group
published: 2026-08-01
review_by: 2027-08-01
status: published
visibility: partnership
steps: [Use it.]
---
Body {canary}.
"""
    )
    issue = project / "newsletters/2026-q3.md"
    issue.write_text(issue.read_text().replace("featured: [network-meeting", "featured: [partner-tool, network-meeting"))

    public = run("newsletter", "email", "2026-q3", cwd=project)
    assert public.returncode == 0, public.stderr
    for file in edition(project).iterdir():
        assert canary not in file.read_text(), file.name

    partner = run("newsletter", "email", "2026-q3", "--edition", "partnership", cwd=project)
    assert partner.returncode == 0, partner.stderr
    assert any(canary in file.read_text() for file in edition(project, "partnership").iterdir())
    # Each edition in its own folder, with its own file names and subject: neither overwrites the other.
    for file in edition(project).iterdir():
        assert canary not in file.read_text(), file.name
    assert parse(edition(project, "partnership") / "2026-q3-partnership.eml")["Subject"] == (
        "Signs of Safety news: summer 2026 (partnership edition)"
    )
