"""`kb newsletter email`: the email edition's three files, and sending through a real local SMTP server."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from bs4 import BeautifulSoup

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


def edition(project: Path) -> Path:
    return project / "email/2026-q3"


def test_email_edition_has_html_text_and_eml(project: Path):
    result = run("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 0, result.stderr
    folder = edition(project)
    assert sorted(p.name for p in folder.iterdir()) == ["2026-q3.eml", "2026-q3.html", "2026-q3.txt"]
    assert "Wrote email/2026-q3/2026-q3.eml" in result.stdout

    html = (folder / "2026-q3.html").read_text()
    assert len(html.encode()) < 100_000
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.find("table", class_="container")["width"] == "600"
    assert "width: 600px" in soup.find("table", class_="container")["style"]
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

    text = (folder / "2026-q3.txt").read_text()
    assert text.startswith("Signs of Safety news: summer 2026\n=================================\n")
    assert f"View this issue on the website: {ISSUE_URL}" in text
    assert "network meeting (https://example.org/kb/knowledge-bank/practice-example/network-meeting/)" in " ".join(text.split())
    assert "[Image: A family network map drawn on a whiteboard]" in text
    assert "Foundation | 300" in text
    assert "<" not in text.replace("<!--", "")

    message = email.message_from_bytes((folder / "2026-q3.eml").read_bytes(), policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "Signs of Safety news: summer 2026"
    assert message["X-Unsent"] == "1"
    plain, rich = message.iter_parts()
    assert plain.get_content().replace("\r\n", "\n") == text  # email lines end in CRLF
    assert rich.get_content().replace("\r\n", "\n").rstrip("\n") == html.rstrip("\n")


def test_the_edition_is_the_same_every_time(project: Path):
    run("newsletter", "email", "2026-q3", cwd=project)
    first = {p.name: p.read_bytes() for p in edition(project).iterdir()}
    run("newsletter", "email", "2026-q3", cwd=project)
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


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        good = (auth_data.login, auth_data.password) == (b"editor", b"s3cret word")
        return AuthResult(success=good, handled=False)  # handled=False: the server answers 535 itself

    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    controller.inbox, controller.logins = inbox, logins
    yield controller
    controller.stop()


def send_args(server, *extra: str) -> list[str]:
    return [
        "newsletter", "email", "2026-q3", "--send",
        "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--no-starttls",
        "--from", "signsofsafety@norfolk.gov.uk",
        "--to", "staff-list@norfolk.gov.uk", "--to", "partners-list@norfolk.gov.uk",
        *extra,
    ]


def test_send_delivers_the_email(project: Path, smtp_server):
    result = run(*send_args(smtp_server), cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"through 127.0.0.1:{smtp_server.port}" in result.stdout
    (envelope,) = smtp_server.inbox.envelopes
    assert envelope.mail_from == "signsofsafety@norfolk.gov.uk"
    assert envelope.rcpt_tos == ["staff-list@norfolk.gov.uk", "partners-list@norfolk.gov.uk"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Signs of Safety news: summer 2026"
    assert message["To"] == "staff-list@norfolk.gov.uk, partners-list@norfolk.gov.uk"
    assert message["Date"] and message["Message-ID"].endswith("@norfolk.gov.uk>")
    assert message["X-Unsent"] is None
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert ISSUE_URL in next(message.iter_parts()).get_content()
    assert smtp_server.logins == []
    assert (edition(project) / "2026-q3.eml").exists()


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
        "--from", "signsofsafety@norfolk.gov.uk", "--to", "staff-list@norfolk.gov.uk",
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
    html = (edition(project) / "2026-q3.html").read_text()
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
    assert any(canary in file.read_text() for file in edition(project).iterdir())
