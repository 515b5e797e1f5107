"""Download each outside feed into the cache folder kept in the repository.

Each download has a time limit and a size limit. A feed that fails keeps its
last good copy, so one broken server never empties the newsletter's research
section.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .feeds import parse_feed, problem_with
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
        reason = problem_with(parse_feed(data))
        if reason:
            raise FetchFailed(f"the address gave a page that {reason}")
    except FetchFailed as error:
        return FetchResult(source, path, False, f"{error}.{kept}")
    write_atomically(path, data)
    return FetchResult(source, path, True, f"saved {_size(len(data))}", len(data))


def download(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """The body at `url`, or FetchFailed. `timeout` limits the whole download, not each read."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(_too_big(max_bytes))
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchFailed(_too_slow(timeout))
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailed(_too_big(max_bytes))
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as error:
        raise FetchFailed(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchFailed(_too_slow(timeout)) from None
        raise FetchFailed(f"could not be reached ({error.reason})") from None
    except TimeoutError:
        raise FetchFailed(_too_slow(timeout)) from None
    except (ConnectionError, OSError) as error:
        raise FetchFailed(f"could not be reached ({error})") from None


def _too_slow(timeout: float) -> str:
    return f"the server did not send the feed within {timeout:g} seconds"


def _too_big(limit: int) -> str:
    return f"the feed is larger than the limit of {_size(limit)}"


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    if count >= 1000:
        return f"{count / 1000:.0f} KB"
    return f"{count} bytes"
