"""The page frame cache: parts shared by many pages are rendered once, and nothing changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, build_site, page
from sofs_kb.mkdocs_plugins.frame_cache import FrameCache


def every_file(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_cached_frames_give_exactly_the_pages_rendered_one_by_one(tmp_path, monkeypatch):
    for name in ("cached", "uncached"):
        shutil.copytree(FIXTURES / "site", tmp_path / name)
    renders = []
    real_key = FrameCache.key

    def counting_key(self, part, context):
        key = real_key(self, part, context)
        renders.append((part, key))
        return key

    monkeypatch.setattr(FrameCache, "key", counting_key)
    cached = build_site(tmp_path / "cached")
    nav_keys = [key for part, key in renders if part == "nav"]
    # Items are outside the navigation, so every item in one folder shares one navigation.
    assert nav_keys.count("knowledge-bank/tool") >= 2
    # Pages in the navigation are rendered for themselves.
    assert None in nav_keys

    monkeypatch.setattr(FrameCache, "key", lambda self, part, context: None)
    uncached = build_site(tmp_path / "uncached")
    cached_files, uncached_files = every_file(cached), every_file(uncached)
    assert cached_files.keys() == uncached_files.keys()
    # The compressed sitemap holds the time it was written, so it is left out.
    different = [name for name in cached_files
                 if cached_files[name] != uncached_files[name] and name != "sitemap.xml.gz"]
    assert different == []


def test_a_page_in_the_navigation_still_shows_where_the_reader_is(tmp_path):
    shutil.copytree(FIXTURES / "site", tmp_path / "project")
    site = build_site(tmp_path / "project")
    plan = page(site, "plan/learning")
    active = plan.select("nav.md-nav--primary .md-nav__link--active")
    assert active and "Learning" in active[0].get_text()
    item = page(site, "knowledge-bank/tool/three-houses")
    assert item.select("nav.md-nav--primary a[href]")
    assert not item.select("nav.md-nav--primary .md-nav__link--active")


def test_a_page_with_the_navigation_inside_its_folder_is_rendered_for_itself():
    from types import SimpleNamespace

    in_nav = [SimpleNamespace(url=url) for url in ("", "guides/", "guides/deep/inner/")]
    cache = FrameCache(SimpleNamespace(pages=in_nav))

    def key(url: str):
        return cache.key("nav", {"page": SimpleNamespace(url=url)})

    assert key("guides/one/") == "guides"
    assert key("guides/two/") == "guides"
    assert key("guides/deep/") is None  # the navigation links into guides/deep/inner/
    assert cache.key("nav", {"page": in_nav[1]}) is None
    assert cache.key("config", {"base_url": "../.."}) == "../.."
