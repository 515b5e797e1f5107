"""The impact pages, the board report and a review pack, with real figures, in a real browser and the Nu HTML Checker.

The shipped content is built with page views imported from a generated log, so the
resource-use page has its charts and lists. Each page must pass axe-core for WCAG 2.2 AA,
and on a 390 px wide phone no chart text may be drawn smaller than 12 px or run off the chart.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import JAVA, VNU_JAR, WCAG_22_AA, SiteServer
from conftest import build_site, copy_shipped, require_tool
from test_browser import browser  # noqa: F401  (the same Chromium, skipped with the same reason)
from test_usage import generate_log

KB = [sys.executable, "-m", "sofs_kb.cli"]
PAGES = ["impact/", "impact/evidence/", "impact/resource-use/", "impact/knowledge-bank/", "impact/newsletters/",
         "impact/training/", "training/progress/2026-27/", "board/2026-q4.html", "board/review.html", "board/steering.html"]
CHARTED = PAGES[:-2]  # the review packs have tables, not charts


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_shipped(tmp_path_factory.mktemp("impact-browser") / "project")
    text, *_ = generate_log(20_000, seed=3)
    log = project / "access.log"
    # The shipped site is at the top of its host; the generated log's pages are under /kb/.
    log.write_text(text.replace('"GET /kb/', '"GET /'), encoding="utf-8")
    result = subprocess.run([*KB, "usage", "import", str(log)], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = build_site(project)
    board = subprocess.run([*KB, "report", "board", "2026-Q4"], cwd=project, capture_output=True, text=True)
    assert board.returncode == 0, board.stderr
    # Served beside the site only for this test: the command never writes into site/.
    (built / "board").mkdir()
    shutil.copy2(board.stdout.strip(), built / "board/2026-q4.html")
    review = subprocess.run([*KB, "review", "pack", "--group", "superleaders", "--date", "2027-01-12", "--format",
                             "html", "-o", str(built / "board/review.html")], cwd=project, capture_output=True, text=True)
    assert review.returncode == 0, review.stderr
    steering = subprocess.run([*KB, "review", "pack", "--group", "steering", "--date", "2027-01-12", "--format",
                               "html", "-o", str(built / "board/steering.html")], cwd=project, capture_output=True, text=True)
    assert steering.returncode == 0, steering.stderr
    return built


def test_the_resource_use_page_has_its_charts(site: Path):
    html = (site / "impact/resource-use/index.html").read_text(encoding="utf-8")
    assert html.count('class="kb-chart__svg"') == 4 and "Most used items" in html


@pytest.fixture(scope="module")
def server(site: Path):
    with SiteServer(site) as running:
        yield running


@pytest.mark.parametrize("address", PAGES)
def test_no_wcag_22_aa_violations(address, browser, server):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(f"{server.origin}/{address}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    page.close()
    assert results.violations_count == 0, results.generate_report()


# For every chart's text: its drawn size (font size times any scaling) and whether it stays inside the chart.
MEASURE_TEXT = """() => Array.from(document.querySelectorAll('figure svg text')).filter(t => t.getClientRects().length).map(t => {
  const svg = t.ownerSVGElement, box = t.getBoundingClientRect(), frame = svg.getBoundingClientRect();
  const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
  return {text: t.textContent.trim(), size: size, left: box.left - frame.left, right: frame.right - box.right};
})"""


@pytest.mark.parametrize("address", CHARTED)
def test_chart_text_is_readable_on_a_390px_phone(address, browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{server.origin}/{address}")
    texts = page.evaluate(MEASURE_TEXT)
    # Each chart is drawn at its own height: no style squashes it (and no style attribute is allowed).
    heights = page.evaluate("""() => [...document.querySelectorAll('svg.kb-chart__svg')]
        .filter(svg => svg.getClientRects().length)
        .map(svg => [svg.getBoundingClientRect().height, parseFloat(svg.getAttribute('height'))])""")
    context.close()
    assert all(abs(drawn - wanted) < 1 for drawn, wanted in heights), heights
    if address != "impact/knowledge-bank/" and "newsletters" not in address:
        assert texts, "no chart text was found"
    small = [entry for entry in texts if entry["size"] < 12]
    assert small == [], json.dumps(small[:5])
    outside = [entry for entry in texts if entry["left"] < -1 or entry["right"] < -1]
    assert outside == [], json.dumps(outside[:5])


@pytest.mark.parametrize("address", PAGES)
def test_no_page_scrolls_sideways_on_a_390px_phone(address, browser, server):
    """Wide tables scroll inside their own box, which the keyboard can reach (WCAG 1.4.10, reflow)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{server.origin}/{address}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    context.close()
    assert width <= 390


def test_every_page_is_valid_html(site: Path):
    require_tool(JAVA is not None, "Java is not installed, so the Nu HTML Checker cannot run")
    require_tool(VNU_JAR.is_file(), "vnu-jar is not installed; run 'npm ci' in the project folder")
    files = [str(site / address / "index.html") if address.endswith("/") else str(site / address) for address in PAGES]
    result = subprocess.run([JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}: line {m.get('lastLine')}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors)
