"""Run part of the privacy work in a second, forked process, beside the rest.

Used where a scan is big and has nothing to share with the work going on beside it:
`kb check`'s scan of the sources (beside the other checks), and the last gate's
scan of Pagefind's fragments (beside the pages). docs/performance.md has the
figures. Where a fork cannot be made, or the second process fails, the work is
done here instead: a finding is never lost.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
WAIT_AT_MOST = 900
"""Seconds to wait for the second process before doing its work here."""


def in_background(work: Callable[[], list[T]]) -> Callable[[], list[T]]:
    """Start `work` in a forked process; call what this returns to get its result."""
    if not hasattr(os, "fork"):
        return work
    try:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run_and_send, args=(work, send), daemon=True)
        process.start()
        send.close()
    except (OSError, ValueError, AssertionError):
        return work

    def result() -> list[T]:
        found = None
        try:
            # A forked child of a process with threads could, in theory, wait for ever on a
            # lock one of them held: never wait longer than the work itself could take.
            if receive.poll(WAIT_AT_MOST):
                found = receive.recv()
        except (EOFError, OSError):
            pass
        if process.is_alive():
            process.terminate()
        process.join()
        return found if found is not None else work()

    return result


def _run_and_send(work: Callable[[], list], send) -> None:
    try:
        send.send(work())
    except Exception:  # the parent does the work again itself
        send.send(None)
    finally:
        send.close()
