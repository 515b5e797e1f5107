"""Helpers for tests that drive a real browser or the Nu HTML Checker over the built site."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import PROJECT

# Debian's chromium here; elsewhere (such as GitHub Actions) KB_CHROMIUM can name another build.
CHROMIUM = os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
JAVA = shutil.which("java")
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Without the background-networking switches Chromium tries to reach Google's
# servers at start-up; this machine has no internet, and the test must only
# see requests the page itself makes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


class GzipHandler(QuietHandler):
    """Compresses text files when the browser accepts it, as any real web host does."""

    TEXT = frozenset({".js", ".css", ".json", ".html", ".xml", ".svg"})

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in self.TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class SiteServer:
    """Serve a built site on 127.0.0.1 in a background thread, gzipped if asked."""

    def __init__(self, root: Path, gzip: bool = False):
        handler = functools.partial(GzipHandler if gzip else QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def first_item(site: Path, type_id: str) -> str:
    """The address of one built item of a type, such as 'knowledge-bank/tool/three-houses/'."""
    folder = site / "knowledge-bank" / type_id
    for child in sorted(folder.iterdir()):
        if (child / "index.html").is_file():
            return f"knowledge-bank/{type_id}/{child.name}/"
    raise AssertionError(f"no {type_id} page was built")


def first_child(site: Path, folder: str) -> str:
    for child in sorted((site / folder).iterdir()):
        if (child / "index.html").is_file():
            return f"{folder}/{child.name}/"
    raise AssertionError(f"no page under {folder}")


def page_types(site: Path) -> dict[str, str]:
    """One address for every kind of page the site has."""
    pages = {
        "home": "",
        "plan overview": "plan/",
        "plan section": "plan/leadership/",
        "knowledge bank": "knowledge-bank/",
        "type index": "knowledge-bank/tool/",
        "audience index": "knowledge-bank/audience/",
        "audience page": "knowledge-bank/audience/health/",
        "locality page": "knowledge-bank/locality/norwich/",
        "tag index": "knowledge-bank/tags/",
        "tag page": first_child(site, "knowledge-bank/tags"),
        "newsletter archive": "newsletters/",
        "newsletter issue": first_child(site, "newsletters"),
        "about": "about/",
        "accessibility statement": "accessibility/",
        "privacy notice": "privacy/",
        "page not found": "404.html",
        "search with a filter": "search/?query=safety&type=Tool",
        "search with the filters open": "search/?query=family&section=Learning#filters",
    }
    for type_id in ("practice-resource", "research-summary", "practice-example", "tool"):
        pages[f"item: {type_id}"] = first_item(site, type_id)
    training = {
        "training home": "training/",
        "training upcoming": "training/upcoming/",
        "training course": "training/foundation/",
        "training locality": "training/locality/norwich/",
        "training past events": "training/past-events/",
        "training calendars": "training/calendars/",
        "training progress": "training/progress/",
    }
    impact = {
        "impact overview": "impact/",
        "impact evidence": "impact/evidence/",
        "impact knowledge bank": "impact/knowledge-bank/",
        "impact resource use": "impact/resource-use/",
        "impact newsletters": "impact/newsletters/",
        "impact training": "impact/training/",
    }
    for name, address in {**training, **impact}.items():
        if (site / address / "index.html").is_file():
            pages[name] = address
    return pages


def page_file(site: Path, address: str) -> Path:
    """The built file behind an address: 'privacy/' is privacy/index.html, '404.html' itself."""
    path = address.split("?")[0].split("#")[0]
    return site / path if path.endswith(".html") else site / path / "index.html"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, for one test module. Import it into the module."""
    from conftest import require_tool

    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    require_tool(CHROMIUM is not None, "Chromium is not installed (Debian package 'chromium')")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def in_ci() -> bool:
    return bool(os.environ.get("KB_CI"))
