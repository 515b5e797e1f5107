"""The Content-Security-Policy keeps every feature of the shipped site working in Chromium:
no page breaks a rule of its own policy, and search (Pagefind, on WebAssembly) still
finds and filters. Its power to stop a script is tested in test_hostile_html.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, SiteServer, page_types
from conftest import require_tool
from sofs_kb.content_policy import content_security_policy

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
"""


def test_the_policy_forbids_inline_scripts_outside_previews():
    published = content_security_policy()
    assert "script-src 'self' 'wasm-unsafe-eval';" in published
    assert "unsafe-inline" not in published and "unsafe-eval'" not in published.replace("wasm-unsafe-eval'", "")
    assert "'unsafe-inline'" in content_security_policy(preview=True)


def test_every_page_type_keeps_its_own_policy_and_search_works(shipped_site: Path):
    require_tool(CHROMIUM is not None, "Chromium is not installed (Debian package 'chromium')")
    broken: dict[str, list] = {}
    with SiteServer(shipped_site) as server, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_init_script(WATCH)
            page = context.new_page()
            errors: list[str] = []
            found = 0
            page.on("pageerror", lambda error: errors.append(str(error)))
            for name, address in page_types(shipped_site).items():
                page.goto(f"{server.origin}/{address}")
                if name.startswith("search"):
                    page.wait_for_selector(".kb-result", timeout=20_000)
                    found = page.locator(".kb-result").count()
                page.wait_for_load_state("load")
                policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
                assert policy == content_security_policy(), name
                violations = page.evaluate("window.__violations")
                if violations or errors:
                    broken[name] = violations + errors
                    errors.clear()
            assert found > 0
        finally:
            browser.close()
    assert broken == {}
