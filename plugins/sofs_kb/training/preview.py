"""A browsable preview of the training pages and calendars, made without MkDocs.

`kb training build` uses it so a training coordinator can check the listings
before a pull request. It renders the site's own page plans and templates;
only the page layout (`theme/training-preview/main.html`) stands in for
Material's, and the Markdown of people-written pages goes through Python-Markdown.
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import markdown
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..pages import PagePlan
from ..safe_html import SanitiseExtension
from ..sources import read_source
from ..view import long_date
from . import urls
from .calendar import calendar_files
from .loader import TrainingData
from .pages import training_pages
from .view import TrainingView, template_helpers

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
PREVIEW_DIR = THEME_DIR / "training-preview"
STYLESHEETS = (
    (PREVIEW_DIR / "preview.css", "assets/kb/preview.css"),
    (THEME_DIR / "assets/kb/kb.css", "assets/kb/kb.css"),
    (THEME_DIR / "assets/kb/training.css", "assets/kb/training.css"),
)
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "def_list", "tables", "toc"]


@dataclass
class Preview:
    folder: Path
    pages: list[str] = field(default_factory=list)
    calendars: list[str] = field(default_factory=list)

    @property
    def start_page(self) -> Path:
        return self.folder / "index.html"


def write_preview(data: TrainingData, folder: Path) -> Preview:
    """Render every training page and calendar into `folder`, replacing it only when all is written."""
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        preview = _render(data, staging)
        _replace(folder, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    preview.folder = folder
    return preview


def _render(data: TrainingData, out: Path) -> Preview:
    view = TrainingView(data)
    plans = training_pages(view)
    root = view.root
    known = {plan.src_uri for plan in plans}
    files = calendar_files(data, root)
    known |= set(files)
    env = _environment(view, known)
    nav = [
        SimpleNamespace(src_uri=uri, title=title)
        for uri, title in (
            (view.home_uri, "Training"),
            (view.upcoming_uri, "Upcoming"),
            (view.localities_uri, "By locality"),
            (view.archive_uri, "Past training"),
            (view.calendars_uri, "Calendars"),
            (view.progress_uri, "Against the plan"),
        )
        if uri in known
    ]
    preview = Preview(out)
    for plan in plans:
        page = _page(plan, data, known, root)
        if page is None:
            continue
        html = env.get_template(plan.template).render(
            page=page,
            kb_page=plan.data,
            config=SimpleNamespace(site_name=data.settings.site_name, site_url=data.settings.site_url),
            base_url=(_relative("", page.url, root) or ".").rstrip("/"),
            preview_nav=nav,
        )
        target = out / _local(page.url, root) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        preview.pages.append(plan.src_uri)
    for src_uri, content in files.items():
        target = out / _local(src_uri, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        preview.calendars.append(src_uri)
    for source, name in STYLESHEETS:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return preview


def _environment(view: TrainingView, known: set[str]) -> Environment:
    env = Environment(loader=ChoiceLoader([FileSystemLoader(PREVIEW_DIR), FileSystemLoader(THEME_DIR)]))
    template_globals, filters = template_helpers(view)
    env.globals.update(template_globals)
    env.filters.update(filters)
    env.filters["kb_date"] = long_date
    root, site_url = view.root, view.settings.site_url

    @pass_context
    def link(context, src_uri: str) -> str:
        """Like the site's kb_link: relative inside the preview, the live site for anything else."""
        page = context.get("page")
        return _link(src_uri, page.url if page else "", known, root, site_url)

    env.filters["kb_link"] = link
    return env


def _page(plan: PagePlan, data: TrainingData, known: set[str], root: str) -> SimpleNamespace | None:
    url = urls.page_url(plan.src_uri)
    if plan.generated:
        return SimpleNamespace(title=plan.title, content="", meta={}, url=url)
    path = data.settings.docs_dir / plan.src_uri
    source, problems = read_source(path, data.settings.rel(path))
    if source is None:
        return None  # the site build reports problems with people-written pages
    converter = markdown.Markdown(
        extensions=[
            *MARKDOWN_EXTENSIONS,
            _LinkRewriter(plan.src_uri, url, known, root, data.settings.site_url),
            SanitiseExtension(),  # the site cleans every page body; so does its preview
        ]
    )
    title = str(source.meta.get("title") or plan.title)
    return SimpleNamespace(title=title, content=converter.convert(source.body), meta=source.meta, url=url)


def _link(src_uri: str, from_url: str, known: set[str], root: str, site_url: str) -> str:
    target = urls.page_url(src_uri)
    if src_uri in known:
        return _relative(target, from_url, root) or "./"
    if site_url:
        return urljoin(site_url.rstrip("/") + "/", target)
    return "#"


def _local(url: str, root: str) -> str:
    """Where a page or file sits in the preview folder: the training folder is its top."""
    prefix = root.rstrip("/") + "/"
    return url[len(prefix) :] if url.startswith(prefix) else url


def _relative(target_url: str, from_url: str, root: str) -> str:
    """The relative link from one page's address to another page or file, in the preview folder."""
    is_folder = target_url == "" or target_url.endswith("/")
    target = _local(target_url, root).rstrip("/") or "."
    start = _local(from_url, root).rstrip("/") or "."
    relative = posixpath.relpath(target, start)
    if relative == ".":
        return ""
    return relative + "/" if is_folder else relative


class _LinkRewriter(Extension):
    """Point Markdown links to other .md pages at their preview or live-site address."""

    def __init__(self, src_uri: str, url: str, known: set[str], root: str, site_url: str):
        super().__init__()
        self.args = (src_uri, url, known, root, site_url)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_Rewrite(md, *self.args), "kb_preview_links", 0)


class _Rewrite(Treeprocessor):
    def __init__(self, md, src_uri, url, known, root, site_url):
        super().__init__(md)
        self.src_uri, self.url, self.known, self.root, self.site_url = src_uri, url, known, root, site_url

    def run(self, root: ET.Element) -> None:
        for anchor in root.iter("a"):
            href = anchor.get("href", "")
            path, _, fragment = href.partition("#")
            if "://" in path or not path.endswith(".md"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), path))
            link = _link(target, self.url, self.known, self.root, self.site_url)
            anchor.set("href", link + (f"#{fragment}" if fragment else ""))


def _replace(target: Path, staging: Path) -> None:
    """Swap the new preview into place, as build.py does for the site (which imports MkDocs)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

