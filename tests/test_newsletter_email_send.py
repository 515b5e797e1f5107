"""`kb newsletter email`: --today, --preview, the two editions, asking before sending, and every
address checked. Sending goes through a real SMTP server on this machine (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from conftest import switch_off
from email_support import add_draft_q4, email_project, kb, smtp_server  # noqa: F401 (a fixture)

PUBLIC = "email/2026-q3/public"
PARTNERSHIP = "email/2026-q3/partnership"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return email_project(tmp_path / "project")


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def send(server, *extra: str) -> list[str]:
    return ["--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--no-starttls", *extra]


def set_option(project: Path, name: str, value: str) -> None:
    config = project / "mkdocs.yml"
    lines = [line for line in config.read_text().splitlines() if not line.startswith(f"        {name}:")]
    at = lines.index("      email:") + 1
    config.write_text("\n".join([*lines[:at], f"        {name}: {value}", *lines[at:]]) + "\n")


# --- --today and --preview -------------------------------------------------------------------


def test_today_makes_the_edition_on_the_day_the_issue_goes_out(project: Path):
    add_draft_q4(project)
    issue = project / "newsletters/2026-q4.md"
    issue.write_text(issue.read_text().replace("status: draft", "status: published\npublished: 2026-12-01"))
    early = kb("newsletter", "email", "2026-q4", cwd=project)  # the fixture's today is 26 November 2026
    assert early.returncode == 1
    assert "newsletters/2026-q4.md: published: 2026-12-01 is in the future (today is 2026-11-26)." in early.stderr
    assert "Traceback" not in early.stderr
    on_the_day = kb("newsletter", "email", "2026-q4", "--today", "2026-12-01", cwd=project)
    assert on_the_day.returncode == 0, on_the_day.stderr
    message = parse((project / "email/2026-q4/public/2026-q4-public.eml").read_bytes())
    assert message["Date"].datetime.date().isoformat() == "2026-12-01"


def test_preview_marks_an_unpublished_issue_and_never_sends(project: Path, smtp_server):
    add_draft_q4(project)
    refused = kb("newsletter", "email", "2026-q4", cwd=project)
    assert refused.returncode == 1
    assert "newsletters/2026-q4.md: status: the issue is still a draft." in refused.stderr
    assert "kb newsletter email 2026-q4 --preview" in refused.stderr

    preview = kb("newsletter", "email", "2026-q4", "--preview", cwd=project)
    assert preview.returncode == 0, preview.stderr
    folder = project / "email/2026-q4/public"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-q4-public-preview.eml", "2026-q4-public-preview.html", "2026-q4-public-preview.txt",
    ]
    html = (folder / "2026-q4-public-preview.html").read_text()
    assert "Preview: not yet published." in html
    assert (folder / "2026-q4-public-preview.txt").read_text().startswith("*** Preview: not yet published.")
    message = parse((folder / "2026-q4-public-preview.eml").read_bytes())
    assert message["Subject"] == "Preview, not yet published: Signs of Safety news: autumn 2026 (public edition)"
    assert message["To"] is None  # a preview names nobody, so it cannot reach a list by mistake

    # A draft the loader cannot read gives its problems, not "no issue".
    issue = project / "newsletters/2026-q4.md"
    issue.write_text(issue.read_text().replace("issue: 2", "issue: two"))
    broken = kb("newsletter", "email", "2026-q4", "--preview", cwd=project)
    assert broken.returncode == 1
    assert "Warning: newsletters/2026-q4.md: issue: 'two' is not a whole number." in broken.stderr
    assert "newsletters/2026-q4.md: file: the issue could not be read. Fix the problems listed above" in broken.stderr

    both = kb("newsletter", "email", "2026-q4", "--preview", *send(smtp_server, "--yes"), cwd=project)
    assert both.returncode == 1
    assert "--preview: a preview is never sent." in both.stderr
    assert smtp_server.inbox.envelopes == []


# --- editions and asking first ---------------------------------------------------------------


def test_send_says_which_edition_goes_to_whom_and_asks_first(project: Path, smtp_server):
    said_no = kb("newsletter", "email", "2026-q3", *send(smtp_server), cwd=project, stdin="n\n")
    assert said_no.returncode == 1
    assert "About to send the public edition of issue 1 (2026-Q3): 'Signs of Safety news: summer 2026 (public edition)'" in said_no.stdout
    assert "  From: Signs of Safety team <signsofsafety@example.org>" in said_no.stdout
    assert "  To: staff-news@example.org" in said_no.stdout
    assert "Send it now? [y/N]" in said_no.stdout
    assert "The email was not sent. To send without being asked, add --yes." in said_no.stderr
    no_answer = kb("newsletter", "email", "2026-q3", *send(smtp_server), cwd=project, stdin="")
    assert no_answer.returncode == 1 and "The email was not sent." in no_answer.stderr
    assert smtp_server.inbox.envelopes == []

    said_yes = kb("newsletter", "email", "2026-q3", *send(smtp_server), cwd=project, stdin="y\n")
    assert said_yes.returncode == 0, said_yes.stderr
    (envelope,) = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == ["staff-news@example.org"]
    message = parse(envelope.content)
    assert message["To"] == "staff-news@example.org"
    assert message["Reply-To"] == "sofs-steering-group@example.org"
    assert message["Subject"] == "Signs of Safety news: summer 2026 (public edition)"


def test_the_partnership_edition_goes_to_the_partnership_list(project: Path, smtp_server):
    result = kb("newsletter", "email", "2026-q3", "--edition", "partnership", *send(smtp_server, "--yes"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "About to send the partnership edition of issue 1 (2026-Q3)" in result.stdout
    (envelope,) = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == ["sofs-partners@example.org"]
    assert parse(envelope.content)["Subject"] == "Signs of Safety news: summer 2026 (partnership edition)"
    assert (project / PARTNERSHIP / "2026-q3-partnership.eml").is_file()
    assert not (project / PUBLIC).exists()


@pytest.mark.parametrize("address", ["staff-news@example.org", "STAFF-NEWS@Example.ORG", " staff-news@example.org "])
def test_the_partnership_edition_never_goes_to_the_public_list(project: Path, smtp_server, address: str):
    result = kb(
        "newsletter", "email", "2026-q3", "--edition", "partnership",
        *send(smtp_server, "--yes", "--to", "sofs-partners@example.org", "--to", address), cwd=project,
    )
    assert result.returncode == 1
    assert (
        "--to: staff-news@example.org is the public list (mkdocs.yml: plugins: sofs/newsletter: email: "
        "list_address). The partnership edition has items only partner agencies may see, so it is never "
        "sent to the public list." in result.stderr
    )
    assert smtp_server.inbox.envelopes == []
    assert not (project / "email").exists()


def test_the_two_lists_cannot_be_the_same(project: Path):
    set_option(project, "partnership_list_address", "Staff-News@example.org")
    result = kb("newsletter", "email", "2026-q3", "--edition", "partnership", cwd=project)
    assert result.returncode == 1
    assert (
        "mkdocs.yml: plugins: sofs/newsletter: email: partnership_list_address: is the same as list_address."
        in result.stderr
    )
    assert kb("build", cwd=project).returncode == 1


# --- every address checked -------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, value, reason",
    [
        ("--to", "staff-news@example.org\r\nBcc: everyone@example.net",
         "--to: 'staff-news@example.org\\r\\nBcc: everyone@example.net' has a line break or another control character in it."),
        ("--to", "staff-news@example.org\nSubject: hi", "has a line break or another control character in it."),
        ("--to", "not an address", "--to: 'not an address' is not an email address: "),
        ("--to", "staff-news@", "--to: 'staff-news@' is not an email address: "),
        ("--to", "Staff <staff-news@example.org>", "--to: 'Staff <staff-news@example.org>' is not an email address: "),
        ("--to", "", "--to: '' is not an email address: "),
        ("--from", "team@example.org\r\nBcc: everyone@example.net", "--from: 'team@example.org\\r\\nBcc: everyone@example.net' has a line break"),
        ("--from", "team at example.org", "--from: 'team at example.org' is not an email address: "),
        ("--smtp-host", "127.0.0.1\r\nRCPT TO:<x@example.net>", "--smtp-host: '127.0.0.1\\r\\nRCPT TO:<x@example.net>' has a line break"),
    ],
)
def test_a_bad_address_on_the_command_line_is_named(project: Path, smtp_server, option: str, value: str, reason: str):
    args = ["newsletter", "email", "2026-q3", *send(smtp_server, "--yes"), option, value]
    result = kb(*args, cwd=project)
    assert result.returncode == 1
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert smtp_server.inbox.envelopes == []
    assert not (project / "email").exists()


@pytest.mark.parametrize(
    "name, value, reason",
    [
        ("list_address", '"staff-news@example.org\\r\\nBcc: everyone@example.net"', "list_address: 'staff-news@example.org\\r\\nBcc: everyone@example.net' has a line break"),
        ("list_address", "staff news", "list_address: 'staff news' is not an email address: "),
        ("partnership_list_address", "partners@localhost", "partnership_list_address: 'partners@localhost' is not an email address: "),
        ("sender", '"Team <team@example.org>\\nBcc: x@example.net"', "sender: 'Team <team@example.org>\\nBcc: x@example.net' has a line break"),
        ("reply_to", "steering group", "reply_to: 'steering group' is not an email address: "),
        ("smtp_host", '"smtp.example.org\\r\\nMAIL FROM:<x@example.net>"', "smtp_host: 'smtp.example.org\\r\\nMAIL FROM:<x@example.net>' has a line break"),
        ("username", '"editor\\nx"', "username: 'editor\\nx' has a line break"),
    ],
)
def test_a_bad_address_in_mkdocs_yml_is_named(project: Path, name: str, value: str, reason: str):
    set_option(project, name, value)
    for args in (["newsletter", "email", "2026-q3"], ["build"]):
        result = kb(*args, cwd=project)
        assert result.returncode == 1, args
        assert f"mkdocs.yml: plugins: sofs/newsletter: email: {reason}" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (project / "email").exists() and not (project / "site").exists()


def test_a_title_with_control_characters_gives_a_one_line_subject(project: Path):
    issue = project / "newsletters/2026-q3.md"
    issue.write_text(issue.read_text().replace('title: "Signs of Safety news: summer 2026"', 'title: "Summer\\u0085news\\u0007 2026"'))
    result = kb("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 0, result.stderr
    message = parse((project / PUBLIC / "2026-q3-public.eml").read_bytes())
    assert message["Subject"] == "Summer news 2026 (public edition)"


@pytest.mark.parametrize(
    "options, reason",
    [
        ({"header_image_alt": None}, "header_image_alt: is needed with header_image."),
        ({"header_image": "assets/banner.svg"}, "header_image: 'assets/banner.svg' must be a PNG, JPEG or GIF image"),
        ({"header_image": "../mkdocs.png"}, "header_image: '../mkdocs.png' must be a file inside the docs folder"),
        ({"header_image": "https://evil.example.net/x.png"}, "must be a file inside the docs folder"),
        ({"header_image": "assets/missing.png"}, "header_image: 'assets/missing.png' is not a file in the docs folder (content/)."),
    ],
)
def test_a_bad_header_image_is_named(project: Path, options: dict, reason: str):
    (project / "mkdocs.png").write_bytes(b"\x89PNG")
    for name, value in options.items():
        if value is None:
            config = project / "mkdocs.yml"
            config.write_text("\n".join(l for l in config.read_text().splitlines() if not l.startswith(f"        {name}:")) + "\n")
        else:
            set_option(project, name, value)
    result = kb("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 1
    assert reason in result.stderr
    assert "Traceback" not in result.stderr


def test_the_header_image_is_served_from_the_site(project: Path):
    result = kb("newsletter", "email", "2026-q3", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / PUBLIC / "2026-q3-public.html").read_text()
    assert 'src="https://example.org/kb/assets/newsletter-header.png"' in html
    assert "alt=\"Children's drawings of three houses, the newsletter's banner\"" in html
    # The issue's extra test content (a missing image, an unexplained acronym) is not under test here.
    built = kb("build", cwd=switch_off(project, "sofs/checks"))
    assert built.returncode == 0, built.stderr
    assert (project / "site/assets/newsletter-header.png").is_file()


# --- a server that refuses some recipients ---------------------------------------------------


def test_a_partial_refusal_names_the_refused_addresses_and_fails(project: Path, smtp_server):
    smtp_server.inbox.refuse = {"nobody@example.org"}
    result = kb(
        "newsletter", "email", "2026-q3",
        *send(smtp_server, "--yes", "--to", "staff-news@example.org", "--to", "nobody@example.org"), cwd=project,
    )
    assert result.returncode == 1
    assert f"Sent 'Signs of Safety news: summer 2026 (public edition)' to staff-news@example.org through 127.0.0.1:{smtp_server.port}." in result.stdout
    assert (
        f"--to: nobody@example.org: the mail server at 127.0.0.1:{smtp_server.port} refused it "
        "(550 5.1.1 No such mailbox here)." in result.stderr
    )
    assert "The email was sent to 1 of 2 addresses; the server refused 1." in result.stderr
    (envelope,) = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == ["staff-news@example.org"]

    smtp_server.inbox.refuse = {"staff-news@example.org", "nobody@example.org"}
    every = kb(
        "newsletter", "email", "2026-q3",
        *send(smtp_server, "--yes", "--to", "staff-news@example.org", "--to", "nobody@example.org"), cwd=project,
    )
    assert every.returncode == 1
    assert "refused every recipient: staff-news@example.org (550 5.1.1 No such mailbox here); nobody@example.org" in every.stderr
    assert "Traceback" not in every.stderr


@pytest.mark.parametrize("preview", [False, True])
def test_personal_data_stops_the_edition_before_anything_is_written(project: Path, smtp_server, preview: bool):
    issue = project / "newsletters/2026-q3.md"
    text = issue.read_text() + "\nRing Sam on 07700 900123 to book.\n"
    if preview:
        text = text.replace("status: published", "status: draft")
    issue.write_text(text)
    args = ["--preview"] if preview else send(smtp_server, "--yes")
    result = kb("newsletter", "email", "2026-q3", *args, cwd=project)
    assert result.returncode == 1
    name = "2026-q3-public-preview" if preview else "2026-q3-public"
    assert f"email/2026-q3/public/{name}.html:" in result.stderr and "personal-data/phone" in result.stderr
    assert "The email edition holds personal data, so it was not written or sent." in result.stderr
    assert not (project / "email").exists()
    assert smtp_server.inbox.envelopes == []


@pytest.mark.parametrize("port", ["0", "-1", "65536", "99999"])
def test_a_mail_server_port_out_of_range_is_named(project: Path, smtp_server, port: str):
    """--smtp-port 0 once meant the default port, 587, and 99999 was tried as it stood."""
    result = kb("newsletter", "email", "2026-q3", "--send", "--yes", "--smtp-host", "127.0.0.1",
                "--smtp-port", port, "--no-starttls", cwd=project)
    assert result.returncode == 2
    assert "--smtp-port" in result.stderr and "Traceback" not in result.stderr
    assert smtp_server.inbox.envelopes == []
    assert not (project / "email").exists()


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_mail_server_port_out_of_range_in_mkdocs_yml_is_named(project: Path, port: str):
    set_option(project, "smtp_port", port)
    for args in (["newsletter", "email", "2026-q3"], ["build"]):
        result = kb(*args, cwd=project)
        assert result.returncode == 1, args
        assert "mkdocs.yml: plugins: sofs/newsletter: email: smtp_port: must be a port number from 1 to 65535." in result.stderr
        assert "Traceback" not in result.stderr
    assert not (project / "email").exists() and not (project / "site").exists()
