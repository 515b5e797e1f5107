"""Download each outside feed into the cache folder kept in the repository.

Each download has a time limit and a size limit. A feed that fails keeps its
last good copy, so one broken server never empties the newsletter's research
section.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .feeds import parse_feed, problem_with, usable_entries
from .files import write_atomically
from .settings import FeedSource

USER_AGENT = "sofs-kb-newsletter/1.0 (Norfolk Signs of Safety Knowledge Bank)"
ACCEPT = "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, */*;q=0.1"
CHUNK = 64 * 1024


class FetchFailed(Exception):
    """A download did not give a usable feed. The message says why, in plain words."""


@dataclass
class FetchResult:
    source: FeedSource
    path: Path
    ok: bool
    message: str
    size: int = 0


def fetch_feeds(
    sources: tuple[FeedSource, ...], cache_dir: Path, *, timeout: float, max_bytes: int
) -> list[FetchResult]:
    """Download every feed, one after another; never raises for a feed that fails."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    return [fetch_feed(source, cache_dir, timeout=timeout, max_bytes=max_bytes) for source in sources]


def fetch_feed(source: FeedSource, cache_dir: Path, *, timeout: float, max_bytes: int) -> FetchResult:
    path = source.cache_file(cache_dir)
    kept = " The last saved copy is kept." if path.exists() else ""
    try:
        data = download(source.url, timeout=timeout, max_bytes=max_bytes)
        parsed = parse_feed(data)
        reason = problem_with(parsed)
        if reason:
            raise FetchFailed(f"the address gave a page that {reason}")
    except FetchFailed as error:
        return FetchResult(source, path, False, f"{error}.{kept}")
    if not usable_entries(parsed, source):
        before = _saved_entries(path, source)
        if before:
            return FetchResult(
                source,
                path,
                False,
                f"the feed is valid but has no entries with a date and a web address now, so the last saved "
                f"copy, with {before} {'entry' if before == 1 else 'entries'}, is kept. If the feed really is "
                f"empty now, delete {path.name} and fetch again.",
            )
    write_atomically(path, data)
    return FetchResult(source, path, True, f"saved {_size(len(data))}", len(data))


def _saved_entries(path: Path, source: FeedSource) -> int:
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    parsed = parse_feed(data)
    return 0 if problem_with(parsed) else usable_entries(parsed, source)


class _Deadline:
    """The time one download may take, start to finish.

    A socket timeout only limits each wait for data, so a server that sends a
    byte every few seconds could hold a download for ever. When the time is up,
    this shuts the connection's sockets, which wakes any read waiting on them.
    (Looking up the server's name cannot be interrupted this way.)
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def left(self) -> float:
        return max(self.ends - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def opener(self) -> urllib.request.OpenerDirector:
        deadline = self

        def watched(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
            class Watched(base):  # type: ignore[misc, valid-type]
                def connect(self) -> None:
                    self.timeout = deadline.left()
                    super().connect()
                    deadline.watch(self.sock)

            return Watched

        class Http(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(watched(http.client.HTTPConnection), req)

        class Https(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(watched(http.client.HTTPSConnection), req, context=self._context)

        return urllib.request.build_opener(Http, Https, _WebOnlyRedirects)


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another web address. urllib itself would follow one to ftp://."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"{msg} - Redirection to url '{newurl}' is not allowed", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """The body at `url`, or FetchFailed. `timeout` limits the whole download, redirects included."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    deadline = _Deadline(timeout)
    deadline.timer.start()
    try:
        with deadline.opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(_too_big(max_bytes))
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = response.read1(CHUNK)
                if deadline.expired:
                    raise FetchFailed(_too_slow(timeout))
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailed(_too_big(max_bytes))
                chunks.append(chunk)
            return b"".join(chunks)
    except FetchFailed:
        raise
    except Exception as error:  # noqa: BLE001 (any failure of a download is reported, never a traceback)
        if deadline.expired or isinstance(getattr(error, "reason", error), TimeoutError):
            raise FetchFailed(_too_slow(timeout)) from None
        if isinstance(error, urllib.error.HTTPError) and (where := _redirect_failure(str(error.reason))):
            raise FetchFailed(f"the server sent the feed on {where} ({error.code} {_phrase(error.code)})") from None
        if isinstance(error, urllib.error.HTTPError):
            raise FetchFailed(f"the server answered {error.code} {error.reason}") from None
        if isinstance(error, urllib.error.URLError):
            raise FetchFailed(f"could not be reached ({error.reason})") from None
        if isinstance(error, (OSError, http.client.HTTPException)):
            raise FetchFailed(f"could not be reached ({error or type(error).__name__})") from None
        raise
    finally:
        deadline.timer.cancel()


def _too_slow(timeout: float) -> str:
    return f"the server did not send the feed within {timeout:g} seconds"


def _redirect_failure(reason: str) -> str | None:
    """urllib's words for a redirect it refused, which run over lines, said plainly."""
    if "infinite loop" in reason:  # a loop, or more than urllib's 10 redirects
        return "to another address too many times"
    if "Redirection to url" in reason:  # file://, ftp:// and the like
        return "to an address that is not a web address"
    return None


def _phrase(code: int) -> str:
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return "redirect"


def _too_big(limit: int) -> str:
    return f"the feed is larger than the limit of {_size(limit)}"


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    if count >= 1000:
        return f"{count / 1000:.0f} KB"
    return f"{count} bytes"
