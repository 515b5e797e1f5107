"""Shared helpers: copy a fixture site into tmp_path and build it for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture site; tests may change it freely."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", target)
    return target


SHIPPED = ("content", "knowledge_bank", "newsletters", "data", "mkdocs.yml")


def copy_shipped(project: Path) -> Path:
    """Copy the project's own content and settings (not its code) into a new folder."""
    project.mkdir(parents=True)
    for name in SHIPPED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    return project


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The project's own content (not its code) copied and built once, with --strict."""
    return build_site(copy_shipped(tmp_path_factory.mktemp("shipped") / "project"))


# The day the pinned site is built as if it were: the shipped training dates run to March 2027.
PINNED_TODAY = "2026-12-01"


@pytest.fixture(scope="session")
def pinned_site(tmp_path_factory) -> Path:
    """The shipped content built as if today were PINNED_TODAY, for tests that need the
    same upcoming training dates whatever the real date (the phone journeys, search relevance)."""
    project = copy_shipped(tmp_path_factory.mktemp("pinned") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    marker = "      edition: !ENV [KB_EDITION, public]\n"
    assert marker in text
    config.write_text(text.replace(marker, marker + f'      today: "{PINNED_TODAY}"\n'), encoding="utf-8")
    return build_site(project)


def build_site(project: Path, **overrides) -> Path:
    """Build a project with `mkdocs build --strict`, as the design notes show, and return site/."""
    output = project / "site"
    config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(output), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return output


def page(site: Path, url_path: str) -> BeautifulSoup:
    """Parse a built page by its address, such as 'knowledge-bank/tool/three-houses/'."""
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url_path: str):
    """The main content of a built page."""
    return page(site, url_path).find("article")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def require_tool(available: bool, reason: str) -> None:
    """Skip a test whose outside tool (a browser, Node, Java) is missing, saying why.

    CI sets KB_CI=1, which turns the skip into a failure: there, every tool must be present.
    """
    import os

    if available:
        return
    if os.environ.get("KB_CI"):
        pytest.fail(f"{reason} (KB_CI is set, so this must not be skipped)")
    pytest.skip(reason)


def switch_off(project: Path, plugin: str) -> Path:
    """Turn one of our plugins off in a copied site's mkdocs.yml (it must have options there)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    marker = f"  - {plugin}:\n"
    assert marker in text, f"{plugin} has no options block in {config}"
    config.write_text(text.replace(marker, marker + "      enabled: false\n", 1), encoding="utf-8")
    return project
