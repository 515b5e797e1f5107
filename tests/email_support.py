"""A copy of the fixture site set up for the email edition: its lists, a header image, and an
issue holding everything an editor might write (a table, a long web address, a code block,
a wide image, a note box, an abbreviation, lists)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import FIXTURES, PROJECT, require_tool, write

KB = [sys.executable, "-m", "sofs_kb.cli"]
SITE_URL = "https://example.org/kb/"
CANIEMAIL_CHECK = PROJECT / "tests/js/caniemail_check.mjs"

EMAIL_OPTIONS = """      email:
        sender: Signs of Safety team <signsofsafety@example.org>
        reply_to: sofs-steering-group@example.org
        list_address: staff-news@example.org
        partnership_list_address: sofs-partners@example.org
        header_image: assets/newsletter-header.png
        header_image_alt: Children's drawings of three houses, the newsletter's banner
"""

EXTRA_BODY = """
<!-- An editor's note that must not reach readers. -->

![A family network map drawn on a whiteboard](../knowledge-bank/practice-example/map.png){ width="1200" }

| Course | Places | Where to book |
|---|---|---|
| Foundation | 300 | https://www.norfolklscp.org.uk/training/signs-of-safety-foundation-training-booking |

The full guidance is at https://www.gov.uk/government/publications/working-together-to-safeguard-children--2 for anyone who wants it.

    kb newsletter email 2026-q3 --preview --a-very-long-option-name-that-goes-on-and-on-and-on

!!! note "Dates for your diary"
    Supervision sessions start in the spring.

The <abbr title="Norfolk Safeguarding Children Partnership">NSCP</abbr> agreed the plan.

- **[A guide to three-column mapping](../knowledge-bank/practice-resource/mapping-guide.md)**: how to run a mapping meeting.
- Ask the family who should come.

1. Agree the worries.
2. Agree what is working well.

Danger statement
:   What the professionals are worried will happen to the child.

See [the start of this issue](#multi-agency-practice-achievements) or
[the partnership](https://www.norfolklscp.org.uk/).
"""


def png(width: int, height: int, rgb: tuple[int, int, int] = (40, 53, 147)) -> bytes:
    """A plain PNG of one colour, made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


def email_project(target: Path) -> Path:
    shutil.copytree(FIXTURES / "site", target)
    config = target / "mkdocs.yml"
    text = config.read_text()
    text = text.replace("          tags: [research]\n", "          tags: [research]\n" + EMAIL_OPTIONS, 1)
    config.write_text(text)
    (target / "content/assets").mkdir(parents=True, exist_ok=True)
    (target / "content/assets/newsletter-header.png").write_bytes(png(1200, 300))
    (target / "knowledge_bank/practice-example/map.png").write_bytes(png(1200, 800, (240, 240, 240)))
    issue = target / "newsletters/2026-q3.md"
    issue.write_text(issue.read_text() + EXTRA_BODY)
    return target


def add_draft_q4(project: Path) -> Path:
    q3 = (project / "newsletters/2026-q3.md").read_text()
    return write(
        project / "newsletters/2026-q4.md",
        q3.replace("2026-Q3", "2026-Q4")
        .replace("issue: 1", "issue: 2")
        .replace("status: published", "status: draft")
        .replace("published: 2026-09-25\n", "")
        .replace("summer", "autumn"),
    )


def kb(*args: str, cwd: Path, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "KB_SMTP_PASSWORD"}
    environment.update(env or {})
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True, env=environment, input=stdin)


def caniemail(path: Path) -> dict:
    """caniemail's findings for one HTML file, for the six mail apps we check (see the script)."""
    import shutil as tools

    node = tools.which("node")
    require_tool(node is not None, "Node.js is not installed, so caniemail's data cannot be read")
    require_tool(
        (PROJECT / "node_modules/caniemail/package.json").is_file(),
        "caniemail is not installed: run 'npm ci' in the project folder (make test does it when npm is there)",
    )
    result = subprocess.run([node, str(CANIEMAIL_CHECK), str(path)], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- a real SMTP server on this machine ------------------------------------------------------


class Inbox:
    """A real SMTP server's mailbox. Addresses in `refuse` are refused at RCPT, as a server refuses
    an unknown mailbox, so a partial refusal can be tested."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.envelopes = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

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


