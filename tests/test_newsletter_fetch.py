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
        if "redirect" in options:
            self.send_response(302)
            self.send_header("Location", options["redirect"])
            self.end_headers()
            return
        if "drip" in options:
            self._drip(body, options)
            return
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

    def _drip(self, body: bytes, options: dict) -> None:
        """Send a byte at a time, each well within any per-read timeout: the slow-loris server."""
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        start = 0 if options.get("headers_too") else len(head)
        try:
            self.wfile.write(head[:start])
            self.wfile.flush()
            for byte in head[start:] + body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(options["drip"])
        except OSError:
            pass  # the client gave up, as it should
        self.close_connection = True

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


@pytest.mark.parametrize(
    "path, options",
    [
        ("/drip-body.xml", {"drip": 0.1}),
        ("/drip-headers.xml", {"drip": 0.1, "headers_too": True}),
        ("/redirect.xml", {"redirect": "/drip-body.xml"}),
    ],
)
def test_the_timeout_is_a_deadline_for_the_whole_download(site_dir: Path, server, path: str, options: dict):
    """A server that drips a byte every tenth of a second never waits out a per-read timeout; the
    deadline still ends the download, and the last good copy is kept."""
    feed = (FEEDS / "rss20.xml").read_bytes()
    server.routes["/drip-body.xml"] = (feed, {"drip": 0.1})
    server.routes[path] = (feed, options)
    cache = site_dir / "data/feeds"
    cache.mkdir(parents=True)
    (cache / "slow-feed.xml").write_bytes(feed)
    feed_config(site_dir, [("Slow feed", f"{server.base}{path}")])
    started = time.monotonic()
    result = run("newsletter", "fetch", "--timeout", "1", cwd=site_dir)
    elapsed = time.monotonic() - started
    assert elapsed < 6, elapsed  # the drip alone would take over 4 minutes; Python starting takes the rest
    assert (
        "Warning: data/feeds/slow-feed.xml: feed 'Slow feed': the server did not send the feed within 1 seconds. "
        "The last saved copy is kept." in result.stderr
    )
    assert (cache / "slow-feed.xml").read_bytes() == feed
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "fixture, body",
    [
        ("empty RSS", (FEEDS / "empty.xml").read_bytes()),
        ("empty Atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title>'
                       b"<id>urn:x</id><updated>2026-11-01T00:00:00Z</updated></feed>"),
        ("entries without dates", b'<rss version="2.0"><channel><title>T</title><item><title>No date</title>'
                                  b"<link>https://x.example.org/1</link></item></channel></rss>"),
    ],
)
def test_a_valid_but_empty_feed_keeps_the_last_copy_that_had_entries(site_dir: Path, server, fixture: str, body: bytes):
    server.routes["/feed.xml"] = (body, {})
    cache = site_dir / "data/feeds"
    cache.mkdir(parents=True)
    good = (FEEDS / "rss20.xml").read_bytes()
    (cache / "research.xml").write_bytes(good)
    feed_config(site_dir, [("Research", f"{server.base}/feed.xml")])
    result = run("newsletter", "fetch", cwd=site_dir)
    assert result.returncode == 0
    assert (
        "Warning: data/feeds/research.xml: feed 'Research': the feed is valid but has no entries with a date "
        "and a web address now, so the last saved copy, with 3 entries, is kept. If the feed really is empty now, "
        "delete research.xml and fetch again." in result.stderr
    ), fixture
    assert (cache / "research.xml").read_bytes() == good
    assert "Fetched 0 of 1 feeds." in result.stdout

    # With no copy that had entries, the empty feed is saved: there is nothing better to keep.
    (cache / "research.xml").unlink()
    again = run("newsletter", "fetch", cwd=site_dir)
    assert again.returncode == 0
    assert (cache / "research.xml").read_bytes() == body


@pytest.mark.parametrize(
    "option, value",
    [
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "86400"),
        ("--max-size", "0"),
        ("--max-size", "-5"),
    ],
)
def test_a_fetch_limit_out_of_range_is_named_and_nothing_is_fetched(site_dir: Path, server, option: str, value: str):
    """0 once meant "use the default", inf gave a traceback, and -1 or nan gave up on every feed with a
    message naming that limit. A limit that cannot work is refused before any download."""
    feed = (FEEDS / "rss20.xml").read_bytes()
    server.routes["/feed.xml"] = (feed, {})
    feed_config(site_dir, [("Good feed", f"{server.base}/feed.xml")])
    result = run("newsletter", "fetch", option, value, cwd=site_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"Invalid value for '{option}'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site_dir / "data/feeds/good-feed.xml").exists()


@pytest.mark.parametrize("value", ["0", "-3", ".nan", ".inf", "100000"])
def test_a_fetch_timeout_out_of_range_in_mkdocs_yml_is_named(site_dir: Path, value: str):
    feed_config(site_dir, [("Good feed", "http://127.0.0.1:9/feed.xml")], extra=f"      fetch_timeout: {value}\n")
    result = run("newsletter", "fetch", cwd=site_dir)
    assert result.returncode == 1
    assert "mkdocs.yml: plugins: sofs/newsletter: fetch_timeout: must be more than 0 and at most 600 seconds." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "target, reason",
    [
        ("/loop.xml", "the server sent the feed on to another address too many times (302 Found)"),
        ("file:///etc/passwd", "the server sent the feed on to an address that is not a web address (302 Found)"),
        ("ftp://files.example.org/feed.xml", "the server sent the feed on to an address that is not a web address (302 Found)"),
    ],
)
def test_a_redirect_that_goes_nowhere_gets_one_plain_line(site_dir: Path, server, target: str, reason: str):
    """urllib's own words for these ran over three lines, or quoted its internals."""
    server.routes["/loop.xml"] = (b"", {"redirect": target})
    cache = site_dir / "data/feeds"
    cache.mkdir(parents=True)
    (cache / "moved-feed.xml").write_bytes(b"<rss version='2.0'>last good copy</rss>")
    feed_config(site_dir, [("Moved feed", f"{server.base}/loop.xml")])
    result = run("newsletter", "fetch", cwd=site_dir)
    assert f"Warning: data/feeds/moved-feed.xml: feed 'Moved feed': {reason}. The last saved copy is kept.\n" in result.stderr
    assert (cache / "moved-feed.xml").read_bytes() == b"<rss version='2.0'>last good copy</rss>"
    assert "/etc/passwd" not in result.stderr.replace("file:///etc/passwd", "") and "Traceback" not in result.stderr
