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
import queue
import shutil
import subprocess
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from .pagefind_order import stabilise


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
        self._process = subprocess.Popen(
            [str(binary or pagefind_binary()), "--service"],
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
        # Pages wait in a queue for a writer thread, so the build never waits for Pagefind
        # to read them: a full pipe would otherwise stall page rendering.
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_messages, daemon=True)
        self._writer.start()
        self._broken = False
        self._early_write: tuple[Future[None], Path, int] | None = None
        reply = self._request({"type": "NewIndex", "config": config or {}})
        self._index = reply["index_id"]
        self.pages = 0

    def add_page(self, url: str, html: str) -> None:
        """Queue one built page. Does not wait; problems are reported by write()."""
        self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_path": None, "file_contents": html})
        self.pages += 1

    def add_record(
        self, url: str, content: str, language: str, meta: dict[str, str], filters: dict[str, list[str]]
    ) -> None:
        """Queue one search record that has no page of its own (Pagefind's custom records)."""
        self._send(
            {
                "type": "AddRecord",
                "index_id": self._index,
                "url": url,
                "content": content,
                "language": language,
                "meta": meta,
                "filters": filters,
            }
        )
        self.pages += 1

    def start_write(self, output_path: Path) -> None:
        """Ask Pagefind to write the index now, without waiting.

        The build calls this once the last page to index is given, so Pagefind writes
        while the build renders the rest of the site. A thread waits for the files, so
        write() seldom has to.
        """
        message_id = self._send({"type": "WriteFiles", "index_id": self._index, "output_path": str(output_path)})
        written: Future[None] = Future()

        def wait() -> None:
            try:
                self._await(message_id)
                _wait_until_written(output_path)
                written.set_result(None)
            except BaseException as error:  # handed to write(), which raises it in the build
                written.set_exception(error)

        threading.Thread(target=wait, daemon=True).start()
        self._early_write = (written, output_path, self.pages)

    def write(self, output_path: Path) -> None:
        """Wait for every page, then write the index files. Raises PagefindError on any failure."""
        if self._early_write is not None:
            written, early_path, early_pages = self._early_write
            self._early_write = None
            written.result()
            if early_path == output_path and early_pages == self.pages:
                self._raise_page_errors()
                stabilise(output_path)
                return
            # More pages came after the early write. Write again, into a clean folder,
            # so no file from the first write is left behind.
            shutil.rmtree(output_path, ignore_errors=True)
        self._request({"type": "WriteFiles", "index_id": self._index, "output_path": str(output_path)})
        self._raise_page_errors()
        _wait_until_written(output_path)
        stabilise(output_path)

    def _raise_page_errors(self) -> None:
        if self._errors:
            raise PagefindError("; ".join(self._errors[:3]))

    def close(self) -> None:
        self._outbox.put(None)
        self._writer.join(timeout=5)
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
        if self._broken:
            raise PagefindError("the Pagefind service stopped unexpectedly.")
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        self._outbox.put(base64.b64encode(message) + b",")
        return message_id

    def _write_messages(self) -> None:
        done = False
        while not done:
            # Send everything waiting in one write. While the build renders pages it holds
            # Python's lock most of the time, so this thread may only run now and then.
            batch = [self._outbox.get()]
            while True:
                try:
                    batch.append(self._outbox.get_nowait())
                except queue.Empty:
                    break
            if None in batch:
                done = True
                batch = batch[: batch.index(None)]
            try:
                self._process.stdin.write(b"".join(batch))
                self._process.stdin.flush()
            except (OSError, ValueError):  # the service stopped, or the stream was closed
                self._broken = True
                with self._lock:
                    self._lock.notify_all()
                return

    def _request(self, payload: dict, timeout: float = 600) -> dict:
        return self._await(self._send(payload), timeout)

    def _await(self, message_id: int, timeout: float = 600) -> dict:
        with self._lock:
            if not self._lock.wait_for(
                lambda: message_id in self._replies or self._broken or self._process.poll() is not None, timeout
            ):
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


def _wait_until_written(folder: Path, settle: float = 0.2, timeout: float = 120) -> None:
    """Wait until Pagefind has finished writing its files.

    Pagefind answers WriteFiles while its last files are still being written, and
    stopping the service then leaves them cut short. We wait until the entry file
    names a metadata file that exists and no file has changed size for `settle` seconds.
    """
    deadline = time.monotonic() + timeout
    previous: dict[Path, int] | None = None
    while time.monotonic() < deadline:
        sizes = {path: path.stat().st_size for path in folder.rglob("*") if path.is_file()}
        if previous == sizes and _entry_complete(folder):
            return
        previous = sizes
        time.sleep(settle)
    raise PagefindError(f"Pagefind did not finish writing {folder} within {timeout:.0f} seconds.")


def _entry_complete(folder: Path) -> bool:
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    languages = entry.get("languages") or {}
    return bool(languages) and all(
        (folder / f"pagefind.{language['hash']}.pf_meta").is_file() and (folder / "pagefind.js").is_file()
        for language in languages.values()
    )
