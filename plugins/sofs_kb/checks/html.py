"""Raw HTML in pages: only the elements and attributes in `safe_html` (no scripts, no
event handlers, nothing loaded from other sites), and no page template but the site's own.

These findings cannot be accepted in the allow-list: the build would remove the
HTML anyway, and a page that tried to run a script needs a person to look at it.
"""

from __future__ import annotations

from .. import markup
from ..problems import Problem
from ..safe_html import find_problems, template_problem
from .documents import Document

RULE = "html/not-allowed"
TEMPLATE_RULE = "html/template"


def check(document: Document) -> list[Problem]:
    lines = [(number, markup.without_code_spans(text)) for number, text in document.visible]
    problems = [
        Problem(document.rel, "body", finding.message, line=finding.line, rule=RULE)
        for finding in find_problems(lines)
    ]
    if document.kind == "page" and document.meta:
        reason = template_problem(document.meta.get("template"))
        if reason:
            problems.append(
                Problem(document.rel, "template", reason, line=document.line_of("template"), rule=TEMPLATE_RULE)
            )
    return problems
