"""Dirty previews (`mkdocs serve --dirty`): item pages nothing has changed for are skipped,
and the site that results is the same, file for file, as a full build of the same content."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sofs_kb.model import ITEM_TYPES

SERVE_URL = "http://127.0.0.1:8000/"


def preview(project: Path, site: Path, *, dirty: bool) -> None:
    """What `mkdocs serve` does for each change: load the settings again, then build."""
    config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, serve_url=SERVE_URL, dirty=dirty)


def item_pages(site: Path) -> dict[str, int]:
    """Each item page's modification time, by its path in the site."""
    return {
        path.relative_to(site).as_posix(): path.stat().st_mtime_ns
        for type_id in ITEM_TYPES
        for path in (site / "knowledge-bank" / type_id).glob("*/index.html")
    }


def assert_same_site(full: Path, dirty: Path) -> None:
    """Every file of the full build is in the dirty one, with the same bytes.

    The dirty site may also hold files no longer in use (MkDocs never deletes in
    dirty mode), such as the search index's old fragments. Pagefind writes its
    filter and meta files differently from one run to the next, even for the same
    pages, so for those we compare how many pages it indexed.
    """
    different = []
    for path in sorted(full.rglob("*")):
        name = path.relative_to(full).as_posix()
        if not path.is_file() or (name.startswith("pagefind/") and not name.startswith("pagefind/fragment/")):
            continue
        twin = dirty / name
        if not twin.is_file() or twin.read_bytes() != path.read_bytes():
            different.append(name)
    assert different == []
    if (full / "pagefind").is_dir():
        assert _indexed_pages(dirty) == _indexed_pages(full) > 0


def _indexed_pages(site: Path) -> int:
    import json

    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.fixture
def site_dir(site_dir: Path) -> Path:
    """The fixture site without Material's search plugin, as the shipped site has it."""
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n  - search\n", "plugins:\n", 1))
    return site_dir


@pytest.fixture(autouse=True)
def stop_plugins(site_dir: Path):
    yield
    # The plugins keep a checks process open between previews, as `mkdocs serve` does.
    load_config(str(site_dir / "mkdocs.yml")).plugins.on_shutdown()


def assert_same_as_full_build(project: Path, site: Path) -> None:
    full = site.parent / "full"
    preview(project, full, dirty=False)
    assert_same_site(full, site)


def test_an_item_edit_rebuilds_that_item_and_the_pages_showing_it(site_dir: Path, tmp_path: Path):
    site = tmp_path / "preview"
    preview(site_dir, site, dirty=True)
    before = item_pages(site)
    edited = "knowledge-bank/tool/three-houses/index.html"
    # Pages whose related cards show the edited item, and pages that do not show it.
    showing = {page for page in before if page != edited and "three-houses/" in (site / page).read_text()}
    others = set(before) - showing - {edited}
    assert showing and others

    item = site_dir / "knowledge_bank/tool/three-houses.md"
    item.write_text(item.read_text().replace("title: Three houses", "title: The three houses"))
    preview(site_dir, site, dirty=True)
    after = item_pages(site)

    assert after[edited] != before[edited]
    assert "The three houses" in (site / edited).read_text()
    for page in showing:
        assert after[page] != before[page], page
        assert "The three houses" in (site / page).read_text(), page
    assert [page for page in others if after[page] != before[page]] == []  # skipped: nothing they show changed

    assert_same_as_full_build(site_dir, site)


def test_editing_anything_but_an_item_rebuilds_every_item_page(site_dir: Path, tmp_path: Path):
    site = tmp_path / "preview"
    preview(site_dir, site, dirty=True)
    preview(site_dir, site, dirty=True)  # nothing changed: every item page is skipped
    before = item_pages(site)

    vocabulary = site_dir / "data/vocabularies.yml"
    text = vocabulary.read_text()
    assert "Education" in text
    vocabulary.write_text(text.replace("Education", "Schools and education", 1))
    preview(site_dir, site, dirty=True)
    after = item_pages(site)
    assert all(after[page] != before[page] for page in before)

    assert_same_as_full_build(site_dir, site)


def test_a_new_item_appears_and_search_still_finds_every_page(site_dir: Path, tmp_path: Path):
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nnav:\n", "\n  - sofs/search\nnav:\n", 1))
    site = tmp_path / "preview"
    preview(site_dir, site, dirty=True)
    edited = site_dir / "knowledge_bank/tool/scaling-questions.md"
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    preview(site_dir, site, dirty=True)  # Pagefind gets the pages skipped this time as they were
    assert_same_as_full_build(site_dir, site)

    new = site_dir / "knowledge_bank/tool/new-tool.md"
    source = (site_dir / "knowledge_bank/tool/three-houses.md").read_text()
    new.write_text(source.replace("title: Three houses", "title: A brand new tool"))
    preview(site_dir, site, dirty=True)
    assert "A brand new tool" in (site / "knowledge-bank/tool/new-tool/index.html").read_text()

    assert_same_as_full_build(site_dir, site)


def test_with_another_plugin_every_page_is_rendered_again(site_dir: Path, tmp_path: Path):
    # Material's search plugin indexes the pages it sees, so it must see them all.
    config = site_dir / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1))
    site = tmp_path / "preview"
    preview(site_dir, site, dirty=True)
    before = item_pages(site)
    preview(site_dir, site, dirty=True)
    after = item_pages(site)
    assert all(after[page] != before[page] for page in before)
    assert_same_as_full_build(site_dir, site)


def test_make_serve_reloads_an_edited_item(site_dir: Path):
    # The real thing: `mkdocs serve --dirty`, as `make serve` runs it, under strict: true.
    import os
    import re
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=site_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        # A suite started in the background (`make test &`) ignores Ctrl+C, and children
        # inherit that: give the server back the usual Ctrl+C, as a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    address = f"http://127.0.0.1:{port}/kb/knowledge-bank/tool/three-houses/"  # site_url ends in /kb/

    def heading() -> str | None:
        try:
            with urllib.request.urlopen(address, timeout=5) as response:
                found = re.search(r"<h1[^>]*>([^<]*)</h1>", response.read().decode())
                return found.group(1) if found else None
        except OSError:
            return None

    def wait_for(title: str) -> bool:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            if heading() == title:
                return True
            time.sleep(0.5)
        return False

    try:
        assert wait_for("Three houses")
        item = site_dir / "knowledge_bank/tool/three-houses.md"
        item.write_text(item.read_text().replace("title: Three houses", "title: The three houses"))
        assert wait_for("The three houses")
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C: MkDocs stops cleanly, and so do our plugins
        try:
            output = server.communicate(timeout=60)[0]
        finally:
            try:
                os.killpg(server.pid, signal.SIGKILL)  # anything left of it, such as the checks process
            except ProcessLookupError:
                pass
    assert "Aborted" not in output and "Traceback" not in output, output
    assert "Preview: item pages that show nothing new are left as they were." in output
