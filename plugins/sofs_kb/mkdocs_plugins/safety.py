"""The engine's side of "no script from content", in one place so it ports to another engine.

- Every page's HTML is cleaned by `safe_html.SanitiseExtension`, the last step of
  converting its Markdown (hand-written pages, items, courses and issues alike).
- Front matter text is escaped once before any template sees it. Material prints
  page titles and descriptions without escaping them (`<title>{{ page.meta.title }}`);
  our templates escape everything, and leave escaped text (Markup) as it is.
- A page may only choose one of the site's own templates; any other is replaced by the
  ordinary page template, with a warning (the checks report it as an error).
"""

from __future__ import annotations

import logging

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..safe_html import SanitiseExtension, template_problem

log = logging.getLogger("mkdocs.plugins.sofs_kb")


def guard_pages(config: MkDocsConfig) -> None:
    """Clean every page's HTML as it is converted. Call from on_config."""
    if not any(isinstance(extension, SanitiseExtension) for extension in config.markdown_extensions):
        config.markdown_extensions.append(SanitiseExtension())


def escape_page_fields(page: Page) -> None:
    """Escape the page's front matter text, once. Call after every plugin has set its fields."""
    reason = template_problem(page.meta.get("template"))
    if reason:
        # The checks report it as an error (html/template); never render the page with it.
        log.warning(f"{page.file.src_path}: template: {reason}")
        page.meta["template"] = "main.html"
    for key, value in page.meta.items():
        if isinstance(value, str):
            page.meta[key] = _escaped(value)
        elif isinstance(value, list):
            page.meta[key] = [_escaped(part) if isinstance(part, str) else part for part in value]


def _escaped(text: str) -> Markup:
    return text if isinstance(text, Markup) else Markup.escape(text)
