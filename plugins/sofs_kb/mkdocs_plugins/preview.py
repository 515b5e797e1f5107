"""`mkdocs serve` never hides an error: each previewed page lists the errors the checks found.

The preview does not wait for the checks (on a large bank they take longer than
rebuilding one page), so each page gets an empty banner and a small script
(theme/assets/kb/preview-findings.js). When the checks finish, FindingsFile writes
their errors to kb-preview/findings.json in the preview's folder, with the number
of the build they belong to; the script fetches it and fills the banner. A page
from an older build ignores a newer file, and the other way round. Published
builds never get the banner, the script or the file.
"""

from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import Future
from html import escape
from pathlib import Path

from mkdocs.utils import get_relative_url

FINDINGS = "kb-preview/findings.json"
SCRIPT = "assets/kb/preview-findings.js"
_AFTER = '<div class="md-container" data-md-component="container">'


def with_findings_banner(output: str, page_url: str, build: int) -> str:
    """The page with the banner at the top of its main column, and the script that fills it."""
    findings = escape(get_relative_url(FINDINGS, page_url))
    script = escape(get_relative_url(SCRIPT, page_url))
    banner = (
        f'<div class="kb-preview-findings md-typeset" role="alert" hidden data-kb-build="{build}" '
        f'data-kb-findings="{findings}"></div><script src="{script}"></script>'
    )
    if _AFTER in output:
        return output.replace(_AFTER, _AFTER + banner, 1)
    return output.replace("</body>", banner + "</body>", 1)


class FindingsFile:
    """Writes one preview build's errors where its pages look for them."""

    def __init__(self, site_dir: Path, build: int):
        self.path = site_dir / FINDINGS
        self.build = build

    def write(self, done: Future) -> None:
        if done.cancelled() or done.exception() is not None:
            return
        report = done.result()
        data = {
            "build": self.build,
            "summary": report.summary(),
            "errors": [finding.located() for finding in report.errors],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(temporary, self.path)  # pages never read half a file
        except OSError:
            pass  # the preview folder was replaced by a newer build; its own checks will write
