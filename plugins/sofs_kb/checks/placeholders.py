"""Placeholders: `kb new` fills files with REPLACE where the writer must add their own words.

Comments are left alone: `# ...` lines in the front matter and `<!-- ... -->`
in the body are guidance for the writer, and may mention the word.
"""

from __future__ import annotations

import re

from ..problems import Problem
from .documents import Document

RULE = "placeholder"
MARKER = "REPLACE"
_MARKER = re.compile(rf"\b{MARKER}\b")


def check(document: Document) -> list[Problem]:
    problems = []
    if MARKER not in "\n".join(document.lines):
        return []
    front = [(n, line) for n, line in enumerate(document.lines[: document.front_matter_end], start=1)]
    for number, line in front + document.visible:
        if number <= document.front_matter_end and line.lstrip().startswith("#"):
            continue
        if _MARKER.search(line):
            problems.append(
                Problem(
                    document.rel,
                    document.field_at(number),
                    f"still has the placeholder {MARKER}. Write your own words here.",
                    line=number,
                    rule=RULE,
                )
            )
    return problems

