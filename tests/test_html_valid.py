"""Every kind of page passes the Nu HTML Checker (vnu.jar from npm) with zero errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from browser_support import JAVA, VNU_JAR, page_file, page_types
from conftest import require_tool


def test_every_page_type_is_valid_html(shipped_site: Path):
    require_tool(JAVA is not None, "Java is not installed, so the Nu HTML Checker cannot run")
    require_tool(VNU_JAR.is_file(), "vnu-jar is not installed; run 'npm ci' in the project folder")
    files = sorted({str(page_file(shipped_site, address)) for address in page_types(shipped_site).values()})
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).parent.name}: line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
    assert len(files) >= 20
    assert str(shipped_site / "404.html") in files
