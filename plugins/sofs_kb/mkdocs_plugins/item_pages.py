"""Item pages that share one Markdown converter.

MkDocs makes a new Markdown converter, with every extension, for each page it
converts. That costs about a fifth of a millisecond a page, a second of every
5,000-item build, and item pages are nearly every page. Python-Markdown supports
reusing one converter: reset() clears every extension's state between documents.

ItemPage.render does what MkDocs 1.6's Page.render does, step for step, on a
converter made once for each build. MkDocs' own processors are registered again
for each page, by name, so each page gets fresh ones. A test builds a site with
and without sharing and finds every page the same.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render asks


def shared_converter(config: MkDocsConfig) -> markdown.Markdown:
    """A converter with the site's extensions, for one build's item pages."""
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})


class ItemPage(Page):
    def __init__(self, file: File, config: MkDocsConfig, converter: markdown.Markdown):
        super().__init__(None, file, config)
        self.converter = converter

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.converter
        md.reset()

        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors
