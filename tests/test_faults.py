"""Faults and the engine's own commands: the gate holds under plain `mkdocs build` and
`mkdocs serve`, a full disk or an unwritable folder is one clear line, every hostile
file ends within bounded time and memory, and two builds are byte-identical."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import copy_shipped, require_tool, write
from test_hostile_input import ENV, EVENTS, KB, bomb, events, row, tool
from training_support import add_training

NHS = "943 476 5919"  # passes the Modulus 11 check


def run(args: list[str], cwd: Path, timeout: float = 180, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env or ENV, timeout=timeout, **kwargs)


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", *args], cwd)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


# --- the gate under plain mkdocs build ---------------------------------------------------------


def test_plain_mkdocs_build_fails_on_a_check_and_keeps_the_last_good_site(site_dir: Path):
    assert mkdocs("build", cwd=site_dir).returncode == 0
    before = files_of(site_dir / "site")
    write(site_dir / "knowledge_bank/tool/leaky.md", tool(title="Leaky", body=f"Call about NHS number {NHS}."))
    result = mkdocs("build", cwd=site_dir)
    assert result.returncode != 0
    assert "knowledge_bank/tool/leaky.md:" in result.stderr and "personal-data/nhs-number" in result.stderr
    assert files_of(site_dir / "site") == before  # the old site, untouched
    assert not any(NHS in text.decode(errors="replace") for text in before.values())
    assert not [p for p in site_dir.iterdir() if p.name.startswith(".site.")], "staging folders left behind"


def test_a_failed_first_build_leaves_no_site_at_all(site_dir: Path):
    write(site_dir / "knowledge_bank/tool/leaky.md", tool(title="Leaky", body=f"NHS number {NHS}."))
    assert mkdocs("build", cwd=site_dir).returncode != 0
    assert not (site_dir / "site").exists()


def test_a_warning_in_strict_mode_keeps_the_old_site_too(site_dir: Path):
    assert mkdocs("build", cwd=site_dir).returncode == 0
    before = files_of(site_dir / "site")
    write(site_dir / "content/index.md", "# Home\n\nSee [a missing page](missing.md).\n")
    result = mkdocs("build", "--strict", cwd=site_dir)
    assert result.returncode != 0 and "strict" in result.stderr
    assert files_of(site_dir / "site") == before


# --- mkdocs serve ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


@pytest.fixture
def serving(site_dir: Path):
    """`mkdocs serve` on the test site with an NHS number in an item, and its address."""
    write(site_dir / "knowledge_bank/tool/leaky.md", tool(title="Leaky", body=f"NHS number {NHS}."))
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site_dir, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    # mkdocs serve serves the site under the path of its site_url (the test site's is /kb/).
    path = urllib.parse.urlsplit(yaml.safe_load((site_dir / "mkdocs.yml").read_text())["site_url"]).path
    origin = f"http://127.0.0.1:{port}" + path.rstrip("/")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            findings = _get(f"{origin}/kb-preview/findings.json")
            if findings:
                yield origin, json.loads(findings)
                return
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.5)
        pytest.fail("mkdocs serve did not write its findings within two minutes")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_serve_shows_the_preview_but_never_hides_an_error(serving):
    origin, findings = serving
    page = _get(f"{origin}/knowledge-bank/tool/leaky/").decode()
    assert 'class="kb-preview-findings' in page and "preview-findings.js" in page
    assert findings["build"] == 1
    assert any("knowledge_bank/tool/leaky.md" in line and "personal-data/nhs-number" in line for line in findings["errors"])
    assert not any(NHS in line for line in findings["errors"])  # masked, as in the terminal


def test_the_preview_banner_lists_the_errors_in_a_browser(serving):
    from browser_support import CHROMIUM, CHROMIUM_ARGS

    require_tool(CHROMIUM is not None, "Chromium is not installed (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    origin, _ = serving
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{origin}/")
            banner = page.locator(".kb-preview-findings")
            banner.wait_for(state="visible", timeout=20_000)
            text = banner.inner_text()
            assert "stop the site being published" in text
            assert "knowledge_bank/tool/leaky.md:" in text and "personal-data/nhs-number" in text
            assert banner.get_attribute("role") == "alert"
        finally:
            browser.close()


# --- write errors ------------------------------------------------------------------------------

# Runs `kb build` with a fault injected into file writing, in a fresh interpreter.
FAULTY_KB = """
import builtins, errno, os, sys, tempfile

FAULT = os.environ["KB_FAULT"]
_open, _mkdtemp = builtins.open, tempfile.mkdtemp
count = [0]

def faulty_open(file, mode="r", *args, **kwargs):
    named = isinstance(file, (str, os.PathLike))  # not a file descriptor
    if FAULT == "full" and named and any(c in mode for c in "wax") and ".building-" in os.fspath(file):
        count[0] += 1
        if count[0] > 5:
            raise OSError(errno.ENOSPC, "No space left on device", os.fspath(file))
    return _open(file, mode, *args, **kwargs)

def faulty_mkdtemp(*args, **kwargs):
    if FAULT == "read-only":
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))
    return _mkdtemp(*args, **kwargs)

if __name__ == "__main__":  # not in the checks' worker process, which imports this file again
    builtins.open, tempfile.mkdtemp = faulty_open, faulty_mkdtemp
    from sofs_kb.cli import main
    sys.argv = ["kb", "build"]
    main()
"""


@pytest.mark.parametrize(
    "fault, expected",
    [
        ("full", "No space left on device"),
        ("read-only", "Permission denied"),
    ],
)
def test_a_full_disk_or_an_unwritable_folder_is_one_clear_line(site_dir: Path, tmp_path: Path, fault, expected):
    assert run([*KB, "build"], site_dir).returncode == 0
    before = files_of(site_dir / "site")
    script = write(tmp_path / "faulty_kb.py", FAULTY_KB)
    result = run([sys.executable, str(script)], site_dir, env={**ENV, "KB_FAULT": fault})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert f"Could not write the site to {site_dir / 'site'}: {expected}" in errors[0]
    assert errors[0].endswith("The site was not changed.")
    assert files_of(site_dir / "site") == before


def test_a_file_size_limit_from_the_system_is_one_clear_line(site_dir: Path):
    """A real limit from the kernel (RLIMIT_FSIZE), as close to a full disk as a test can get safely."""
    assert run([*KB, "build"], site_dir).returncode == 0
    before = files_of(site_dir / "site")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = run([*KB, "build"], site_dir, preexec_fn=limit)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "Could not write the site to" in result.stderr and "File too large" in result.stderr
    assert files_of(site_dir / "site") == before


# --- bounded time and memory -------------------------------------------------------------------

SECONDS = 10
MEGABYTES = 500


def _hostile_vocabulary(project: Path) -> None:
    write(project / "data/vocabularies.yml", bomb() + "audiences: *j8\nlocalities: *j8\n")


def _hostile_item(text: str):
    return lambda project: write(project / "knowledge_bank/tool/hostile.md", text)


def _hostile_events(content: str):
    def make(project: Path) -> None:
        add_training(project)
        write(project / EVENTS, content)

    return make


def _hostile_config(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = "x-anchors:\n" + "".join("  " + line + "\n" for line in bomb().splitlines()) + config.read_text()
    config.write_text(text.replace("allowed_email_domains: [example.org]", "allowed_email_domains: *j8"))


HOSTILE = {
    "non-text key in front matter": _hostile_item(tool(extra="1: x\n? [a]\n: y\n")),
    "non-text key in vocabularies.yml": lambda p: write(p / "data/vocabularies.yml", "audiences:\n  1: x\nlocalities: {}\n"),
    "alias bomb as tags": _hostile_item("---\n" + bomb() + "title: Bomb\ntags: *j8\n---\nBody.\n"),
    "alias bomb in vocabularies.yml": _hostile_vocabulary,
    "alias bomb in the glossary": lambda p: write(p / "data/glossary.yml", bomb() + "spell_out: *j8\n"),
    "alias bomb in mkdocs.yml": _hostile_config,
    "CSV cell over 131,072 characters": _hostile_events(events(row().replace("Hall", '"' + "x" * 140_000 + '"'))),
    "places = 1000000000": _hostile_events(events(row(places="1000000000", booked="999999999", status="full"))),
    "number of 5,000 digits": _hostile_item(tool(extra="order: " + "9" * 5000 + "\n")),
    "Markdown file of 50 MB": _hostile_item(tool(body="word " * 10_000_000)),
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEGABYTES * 2**20, MEGABYTES * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("command", ["check", "build"])
def test_every_hostile_file_ends_within_bounded_time_and_memory(site_dir: Path, name: str, command: str):
    """Each run gets 500 MB of address space and 10 seconds of processor time from the kernel
    (children inherit both); the clock limit is looser only because the machine is shared."""
    HOSTILE[name](site_dir)
    started = time.monotonic()
    result = run([*KB, command], site_dir, timeout=SECONDS * 6, preexec_fn=_limits)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])  # not killed by a limit
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    assert elapsed < SECONDS * 6


# --- deterministic output ---------------------------------------------------------------------


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path):
    """The shipped content, Pagefind index included (see pagefind_order.py)."""
    project = copy_shipped(tmp_path / "project")
    digests = []
    for _ in range(2):
        assert run([*KB, "build"], project, timeout=600).returncode == 0
        files = files_of(project / "site")
        assert any(path.startswith("pagefind/filter/") for path in files)
        digests.append({path: hashlib.sha256(data).hexdigest() for path, data in files.items()})
    different = sorted(path for path in digests[0].keys() | digests[1].keys() if digests[0].get(path) != digests[1].get(path))
    assert different == []
