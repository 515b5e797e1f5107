"""`kb newsletter fetch` against a real local web server: good feeds, slow ones, big ones, broken ones."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from sofs_kb.newsletter.fetch import fetch_feed
from sofs_kb.newsletter.settings import FeedSource

FEEDS = FIXTURES / "feeds"
KB = [sys.executable, "-m", "sofs_kb.cli"]


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        body, options = route
        time.sleep(options.get("delay", 0))
        self.send_response(200)
        self.send_header("Content-Type", options.get("type", "application/rss+xml"))
        if not options.get("chunked"):
            self.send_header("Content-Length", str(options.get("length", len(body))))
        self.end_headers()
        try:
            for start in range(0, len(body), 8192):
                self.wfile.write(body[start : start + 8192])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should for a feed over the size limit

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1, in a thread. Tests add routes to it."""

    class Handler(_Handler):
        routes = {}

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.routes = Handler.routes
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def feed_config(project: Path, feeds: list[tuple[str, str]], extra: str = "") -> None:
    config = project / "mkdocs.yml"
    lines = "".join(f"        - name: {name}\n          url: {url}\n" for name, url in feeds)
    text = config.read_text().split("  - sofs/newsletter:\n")[0]
    text += f"  - sofs/newsletter:\n{extra}      feeds:\n{lines}"
    config.write_text(text + "nav:\n  - Home: index.md\n")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KB, *args], cwd=cwd, capture_output=True, text=True)


def test_fetch_saves_every_feed_into_the_cache(site_dir: Path, server):
    server.routes["/rss.xml"] = ((FEEDS / "rss20.xml").read_bytes(), {})
    server.routes["/atom.xml"] = ((FEEDS / "atom.xml").read_bytes(), {"type": "application/atom+xml", "chunked": True})
    feed_config(site_dir, [("Research news", f"{server.base}/rss.xml"), ("Evidence updates", f"{server.base}/atom.xml")])
    result = run("newsletter", "fetch", cwd=site_dir)
    assert result.returncode == 0, result.stderr
    assert (site_dir / "data/feeds/research-news.xml").read_bytes() == (FEEDS / "rss20.xml").read_bytes()
    assert (site_dir / "data/feeds/evidence-updates.xml").read_bytes() == (FEEDS / "atom.xml").read_bytes()
    assert "data/feeds/research-news.xml: feed 'Research news': saved" in result.stdout
    assert "Fetched 2 of 2 feeds." in result.stdout


def test_a_failing_feed_is_named_and_keeps_its_last_copy(site_dir: Path, server):
    server.routes["/good.xml"] = ((FEEDS / "rss20.xml").read_bytes(), {})
    server.routes["/page.html"] = ((FEEDS / "not-a-feed.html").read_bytes(), {"type": "text/html"})
    cache = site_dir / "data/feeds"
    cache.mkdir(parents=True)
    (cache / "moved-feed.xml").write_bytes(b"<rss version='2.0'>last good copy</rss>")
    feed_config(
        site_dir,
        [
            ("Good feed", f"{server.base}/good.xml"),
            ("Moved feed", f"{server.base}/gone.xml"),
            ("Web page", f"{server.base}/page.html"),
        ],
    )
    result = run("newsletter", "fetch", cwd=site_dir)
    assert result.returncode == 0
    assert (
        "Warning: data/feeds/moved-feed.xml: feed 'Moved feed': the server answered 404 Not Found. "
        "The last saved copy is kept." in result.stderr
    )
    assert (
        "Warning: data/feeds/web-page.xml: feed 'Web page': the address gave a page that is not an RSS or Atom feed."
        in result.stderr
    )
    assert (cache / "moved-feed.xml").read_bytes() == b"<rss version='2.0'>last good copy</rss>"
    assert not (cache / "web-page.xml").exists()
    assert (cache / "good-feed.xml").exists()
    assert "Fetched 1 of 3 feeds." in result.stdout
    assert "Traceback" not in result.stderr


def test_a_slow_server_times_out(tmp_path: Path, server):
    server.routes["/slow.xml"] = ((FEEDS / "rss20.xml").read_bytes(), {"delay": 3})
    source = FeedSource("Slow feed", f"{server.base}/slow.xml")
    started = time.monotonic()
    result = fetch_feed(source, tmp_path, timeout=0.5, max_bytes=1_000_000)
    assert time.monotonic() - started < 2.5
    assert not result.ok
    assert result.message == "the server did not send the feed within 0.5 seconds."
    assert not source.cache_file(tmp_path).exists()


def test_a_feed_over_the_size_limit_is_refused(tmp_path: Path, server):
    big = (FEEDS / "rss20.xml").read_bytes().replace(b"</channel>", b"<!--" + b"x" * 200_000 + b"--></channel>")
    server.routes["/declared.xml"] = (big, {})
    server.routes["/streamed.xml"] = (big, {"chunked": True})  # no Content-Length: counted as it arrives
    for path in ("/declared.xml", "/streamed.xml"):
        source = FeedSource(f"Big {path}", f"{server.base}{path}")
        result = fetch_feed(source, tmp_path, timeout=5, max_bytes=100_000)
        assert not result.ok, path
        assert result.message == "the feed is larger than the limit of 100 KB."
        assert not source.cache_file(tmp_path).exists()


def test_an_unreachable_server_is_reported(tmp_path: Path, server):
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    source = FeedSource("Gone", f"http://127.0.0.1:{port}/feed.xml")
    result = fetch_feed(source, tmp_path, timeout=2, max_bytes=100_000)
    assert not result.ok
    assert result.message.startswith("could not be reached (")


def test_fetch_options_are_checked(site_dir: Path):
    feed_config(site_dir, [("Ftp feed", "ftp://files.example.org/feed.xml")])
    result = run("newsletter", "fetch", cwd=site_dir)
    assert result.returncode == 1
    assert (
        "mkdocs.yml: plugins: sofs/newsletter: feeds (item 1): url: 'ftp://files.example.org/feed.xml' "
        "must start with https:// or http://." in result.stderr
    )
    assert "Traceback" not in result.stderr
