"""A second accessibility engine: HTML_CodeSniffer (WCAG2AA) through pa11y, in Debian's
Chromium, over every page type, including the 404 page and the search page with a query
and a filter applied. axe-core runs in tests/test_browser.py; the Nu HTML Checker in
tests/test_html_valid.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from browser_support import CHROMIUM, SiteServer, page_types
from conftest import PROJECT, require_tool

NODE = shutil.which("node")
RUNNER = PROJECT / "tests" / "js" / "pa11y_run.cjs"


def test_html_codesniffer_finds_no_wcag2aa_errors_on_any_page_type(shipped_site: Path, capsys):
    require_tool(CHROMIUM is not None, "Chromium is not installed (Debian package 'chromium')")
    require_tool(NODE is not None, "Node is not installed, so pa11y cannot run")
    require_tool((PROJECT / "node_modules" / "pa11y").is_dir(), "pa11y is not installed; run 'npm ci' in the project folder")
    types = page_types(shipped_site)
    with SiteServer(shipped_site) as server:
        addresses = {f"{server.origin}/{address}": name for name, address in types.items()}
        result = subprocess.run(
            [NODE, str(RUNNER), CHROMIUM, *addresses], capture_output=True, text=True, timeout=900, cwd=PROJECT
        )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout)
    assert len(found) == len(addresses) >= 30
    errors = [
        f"{addresses[address]}: {issue['code']}: {issue['selector']}: {issue['message']}"
        for address, issues in found.items()
        for issue in issues
    ]
    with capsys.disabled():
        print(f"\nHTML_CodeSniffer: {len(errors)} WCAG2AA errors on {len(found)} page types")
    assert errors == [], "\n".join(errors)
