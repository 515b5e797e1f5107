"""Feed pages to Pagefind while the site is still being built.

Running the Pagefind command after the build adds its whole indexing time to
every build. Pagefind also runs as a service that takes pages one at a time
(this is how its own Python and Node APIs work), so we start it first, hand
it each page as MkDocs renders it, and ask it to write the index at the end.
MkDocs renders on one processor core; Pagefind indexes on another.

We talk to the service directly because the `pagefind` Python package reads
replies about ten a second, far too slow for thousands of pages. The
protocol: each message is base64-encoded JSON followed by a comma, and each
reply comes back the same way, tagged with the message id.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any


class PagefindError(Exception):
    pass


def pagefind_binary() -> Path:
    """The Pagefind executable installed by `pagefind[bin]`."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PagefindError("the Pagefind program is not installed. Reinstall the project with 'make site'.")
    return Path(binary)


class PagefindStream:
    """One Pagefind service and one index, fed from the build."""

    def __init__(self, binary: Path | None = None, config: dict[str, Any] | None = None):
        # Lower priority than the build, which feeds it: the build is the slower of the two,
        # and Pagefind can catch up while pages are written.
        nice = [shutil.which("nice"), "-n", "10"] if shutil.which("nice") else []
        self._process = subprocess.Popen(
            [*nice, str(binary or pagefind_binary()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._lock = threading.Condition()
        self._replies: dict[int, dict] = {}
        self._errors: list[str] = []
        self._next_id = 0
        self._reader = threading.Thread(target=self._read_replies, daemon=True)
        self._reader.start()
        reply = self._request({"type": "NewIndex", "config": config or {}})
        self._index = reply["index_id"]
        self.pages = 0

    def add_page(self, url: str, html: str) -> None:
        """Queue one built page. Does not wait; problems are reported by write()."""
        self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_path": None, "file_contents": html})
        self.pages += 1

    def write(self, output_path: Path) -> None:
        """Wait for every page, then write the index files. Raises PagefindError on any failure."""
        self._request({"type": "WriteFiles", "index_id": self._index, "output_path": str(output_path)})
        if self._errors:
            raise PagefindError("; ".join(self._errors[:3]))

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._process.stdin.close()
            except OSError:
                pass
            self._process.terminate()
            self._process.wait(timeout=30)

    # --- the wire -------------------------------------------------------------------------

    def _send(self, payload: dict) -> int:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise PagefindError("the Pagefind service stopped unexpectedly.") from None
        return message_id

    def _request(self, payload: dict, timeout: float = 600) -> dict:
        message_id = self._send(payload)
        with self._lock:
            if not self._lock.wait_for(lambda: message_id in self._replies or self._process.poll() is not None, timeout):
                raise PagefindError(f"Pagefind did not answer within {timeout:.0f} seconds.")
            reply = self._replies.pop(message_id, None)
        if reply is None:
            raise PagefindError("the Pagefind service stopped unexpectedly.")
        if reply.get("type") == "Error":
            raise PagefindError(reply.get("message", "unknown error"))
        return reply

    def _read_replies(self) -> None:
        buffer = b""
        stream = self._process.stdout
        while True:
            chunk = stream.read1(1 << 16)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                if raw:
                    self._receive(raw)
        with self._lock:
            self._lock.notify_all()

    def _receive(self, raw: bytes) -> None:
        try:
            reply = json.loads(base64.b64decode(raw))
        except (ValueError, json.JSONDecodeError):
            return  # not a protocol message (for example a log line)
        if not isinstance(reply, dict):
            return
        payload = reply.get("payload") or {}
        with self._lock:
            if payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            if payload.get("type") == "IndexedFile":
                return  # a page was indexed; nothing to keep
            message_id = reply.get("message_id")
            if message_id is not None:
                self._replies[message_id] = payload
                self._lock.notify_all()
