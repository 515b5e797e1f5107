"""`kb check`'s findings as Markdown, for a pull request's job summary and comment.

Plain Python, no MkDocs. Errors come first, then warnings; each finding is one list
item under its file, so the report can be cut at any line and still read well. Only the finding's field and
reason are shown, never the exact text that raised it (that may be personal data).
Words from content are escaped (`github_markdown.escape`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..github_markdown import escape, link
from ..problems import Problem

FIXING_GUIDE = "CONTRIBUTING.md#fixing-what-the-check-reports"


def report(findings: Iterable[Problem], summary: str, *, source_url: str | None = None) -> str:
    """The whole report: a heading with the count, then each file's findings in reading order.

    `source_url`, such as `https://github.com/owner/repo/blob/<commit>/`, turns each file
    and line into a link to that line, and links the guide to fixing each kind of problem.
    """
    findings = list(findings)
    errors = sum(1 for finding in findings if finding.is_error)
    mark = "❌" if errors else ("⚠️" if findings else "✅")
    lines = [f"### {mark} Check: {escape(summary)}", ""]
    if not findings:
        return "\n".join(lines)
    lines.append(
        "**Errors** must be fixed before the change can go on the site. **Warnings** are reminders,"
        " such as a review date that has passed."
        + (f" {link(source_url + FIXING_GUIDE, 'How to fix each kind of problem')}." if source_url else "")
    )
    errors_first = [f for f in findings if f.is_error] + [f for f in findings if not f.is_error]
    current = None
    for finding in errors_first:
        if (finding.is_error, finding.path) != current:
            if current is None or current[0] != finding.is_error:
                lines += ["", "#### Errors: fix these" if finding.is_error else "#### Warnings: reminders"]
            current = (finding.is_error, finding.path)
            lines += ["", f"**{_file(finding.path, source_url)}**", ""]
        lines.append(item(finding, source_url))
    return "\n".join(lines) + "\n"


def item(finding: Problem, source_url: str | None = None) -> str:
    """One finding: `- Line 14 · error · links/broken: body: what is wrong and what to do.`"""
    line = finding.line or 1
    where = f"Line {line}"
    if source_url and _safe_path(finding.path):
        where = link(f"{source_url}{finding.path}#L{line}", where)
    level = "**error**" if finding.is_error else "warning"
    return f"- {where} · {level} · `{finding.rule}` · {escape(finding.field)}: {escape(finding.reason)}"


def _file(path: str, source_url: str | None) -> str:
    if not _safe_path(path):
        return escape(path)
    return link(source_url + path, f"`{path}`") if source_url else f"`{path}`"


def _safe_path(path: str) -> bool:
    """Paths from our own folders are plain; anything odd is shown escaped and not linked."""
    return re.fullmatch(r"[A-Za-z0-9._/-]+", path) is not None and ".." not in path.split("/")
