"""The email edition in the mail apps staff use: caniemail's data, and Chromium at phone widths.

- caniemail (npm, pinned in package.json) reports no feature that Outlook on Windows,
  Outlook.com, Gmail (desktop and mobile web), Apple Mail or iOS Mail lacks; each feature
  they only partly support is listed in docs/email-clients.md with the reason it is fine.
- In Chromium, at 320, 390, 600 and 800 pixels, nothing scrolls sideways; the preheader is
  hidden; axe-core finds no WCAG 2.2 AA problem; and with Chromium's own dark mode (the
  one Android's Gmail app uses) every piece of text stands out from what is behind it.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, WCAG_22_AA, browser  # noqa: F401 (browser is a fixture)
from conftest import PROJECT
from email_support import add_draft_q4, caniemail, email_project, kb, png

WIDTHS = [320, 390, 600, 800]
EDITIONS = {
    "public": "email/2026-q3/public/2026-q3-public.html",
    "partnership": "email/2026-q3/partnership/2026-q3-partnership.html",
    "preview": "email/2026-q4/public/2026-q4-public-preview.html",
}
DOC = PROJECT / "docs/email-clients.md"
FORCE_DARK = ["--enable-features=WebContentsForceDark", "--blink-settings=forceDarkModeEnabled=true"]


@pytest.fixture(scope="module")
def emails(tmp_path_factory) -> dict[str, Path]:
    project = email_project(tmp_path_factory.mktemp("email") / "project")
    add_draft_q4(project)
    for args in (["2026-q3"], ["2026-q3", "--edition", "partnership"], ["2026-q4", "--preview"]):
        result = kb("newsletter", "email", *args, cwd=project)
        assert result.returncode == 0, result.stderr
    return {name: project / path for name, path in EDITIONS.items()}


def documented() -> set[tuple[str, str]]:
    """(feature, client) pairs docs/email-clients.md explains, from its table."""
    pairs = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            feature = cells[0].strip("`")
            for client in re.findall(r"`([\w.-]+)`", cells[1]):
                pairs.add((feature, client))
    return pairs


# --- caniemail --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EDITIONS))
def test_caniemail_finds_nothing_unsupported(emails, name):
    report = caniemail(emails[name])
    assert report["version"] == "2.0.2"  # the version pinned in package.json
    assert report["errors"] == [], report["errors"]
    undocumented = {(f["feature"], f["client"]) for f in report["warnings"]} - documented()
    assert not undocumented, f"explain these in docs/email-clients.md: {sorted(undocumented)}"


def test_caniemail_catches_what_the_first_email_got_wrong(tmp_path: Path):
    """The checker has teeth: the old preheader and button give the three errors the editor saw."""
    old = tmp_path / "old.html"
    old.write_text(
        '<html><body><div style="display:none;max-height:0;overflow:hidden">Preview</div>'
        '<a href="https://example.org/" style="display:inline-block;padding:12px 20px;border-radius:4px">Read</a>'
        "</body></html>"
    )
    errors = {(f["feature"], f["client"]) for f in caniemail(old)["errors"]}
    assert {
        ("border-radius", "outlook.windows"),
        ("overflow", "outlook.windows"),
        ("display:none", "gmail.mobile-webmail"),
    } <= errors


def test_the_doctype_is_not_html5(emails):
    """caniemail's data: Outlook on Windows ignores the HTML5 doctype. The package does not look at
    doctypes, so this test does."""
    for path in emails.values():
        assert path.read_text().startswith('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"')


# --- Chromium ---------------------------------------------------------------------------------

HEADER_PNG = png(1200, 300)


def serve_images_only(route) -> None:
    """No network: images from the site get a stand-in PNG; anything else is refused."""
    if route.request.resource_type == "image":
        route.fulfill(body=HEADER_PNG, content_type="image/png")
    else:
        route.abort()


def open_email(browser, path: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", serve_images_only)
    page.set_content(path.read_text(encoding="utf-8"), wait_until="load")
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(EDITIONS))
def test_no_sideways_scrolling_at_any_width(browser, emails, name, width):
    page = open_email(browser, emails[name], width)
    try:
        widths = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth,
                body: document.body.scrollWidth,
                view: window.innerWidth,
                email: document.querySelector('.container').getBoundingClientRect().width,
                widest: Math.max(...[...document.querySelectorAll('.container *')].map(e => e.getBoundingClientRect().right)),
            })"""
        )
        assert widths["page"] <= widths["view"] and widths["body"] <= widths["view"], widths
        assert widths["widest"] <= widths["view"], widths
        # Fluid: the full width less the 8-pixel margins, up to 600 pixels.
        assert widths["email"] == min(600, width - 16), widths
    finally:
        page.close()


def test_the_preheader_is_hidden_but_present(browser, emails):
    page = open_email(browser, emails["public"], 390)
    try:
        box = page.locator(".preheader").bounding_box()
        assert box is None or box["height"] == 0
        assert page.locator(".preheader").inner_text().startswith("News from the summer.")
    finally:
        page.close()


@pytest.mark.parametrize("name", list(EDITIONS))
def test_no_wcag_22_aa_violations(browser, emails, name):
    from axe_playwright_python.sync_playwright import Axe

    page = open_email(browser, emails[name], 390)
    try:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.close()


# Every piece of text, by its own boxes on the page (text nodes, not whole elements).
TEXT_BOXES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/[\\s\\u200b\\u034f\\u200c]+/g, ' ').trim();
    if (!text || node.parentElement.closest('.preheader')) continue;
    const style = getComputedStyle(node.parentElement);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight) >= 700);
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width >= 4 && r.height >= 4) {
        found.push({text: text.slice(0, 50), x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height, large});
      }
    }
  }
  return found;
}"""

# For each box: the commonest colour is what is behind the text, and the colour furthest from it
# is the text itself. Returns their WCAG contrast ratio.
CONTRAST = """async ({png, boxes}) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const channel = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = (r, g, b) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  return boxes.map((box) => {
    const x = Math.max(0, Math.floor(box.x)), y = Math.max(0, Math.floor(box.y));
    const w = Math.max(1, Math.min(Math.round(box.w), canvas.width - x));
    const h = Math.max(1, Math.min(Math.round(box.h), canvas.height - y));
    const data = context.getImageData(x, y, w, h).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const behind = luminance(background >> 16, (background >> 8) & 255, background & 255);
    let best = 1;
    for (const key of counts.keys()) {
      const l = luminance(key >> 16, (key >> 8) & 255, key & 255);
      best = Math.max(best, (Math.max(l, behind) + 0.05) / (Math.min(l, behind) + 0.05));
    }
    return {...box, ratio: Math.round(best * 100) / 100, background: behind};
  });
}"""


def faint_text(browser, html: str, width: int = 390) -> list[dict]:
    """Text whose contrast with what is behind it, as drawn on screen, is under WCAG's minimum."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.route("**/*", serve_images_only)
        page.set_content(html, wait_until="load")
        boxes = page.evaluate(TEXT_BOXES)
        shot = base64.b64encode(page.screenshot(full_page=True)).decode()
        page.set_content("<html><body></body></html>")
        measured = page.evaluate(CONTRAST, {"png": shot, "boxes": boxes})
    finally:
        page.close()
    assert measured, "no text was found"
    return [box for box in measured if box["ratio"] < (3 if box["large"] else 4.5)]


@pytest.mark.parametrize("name", list(EDITIONS))
def test_text_stands_out_in_light_and_in_dark_mode(browser, emails, name):
    html = emails[name].read_text(encoding="utf-8")
    assert faint_text(browser, html) == []
    dark = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + FORCE_DARK)
    try:
        assert faint_text(dark, html) == []
        # The check did look at a darkened email: the page behind it is now dark.
        page = dark.new_page(viewport={"width": 390, "height": 300})
        page.route("**/*", serve_images_only)
        page.set_content(html, wait_until="load")
        shot = base64.b64encode(page.screenshot(clip={"x": 1, "y": 1, "width": 4, "height": 4})).decode()
        page.set_content("<html><body></body></html>")
        (corner,) = page.evaluate(CONTRAST, {"png": shot, "boxes": [{"x": 0, "y": 0, "w": 4, "h": 4}]})
        page.close()
    finally:
        dark.close()
    assert corner["background"] < 0.1, corner  # light grey (#f2f2f2) by day


def test_the_contrast_check_finds_faint_text(browser, emails):
    """The check has teeth: text as pale as its background is reported."""
    html = emails["public"].read_text(encoding="utf-8").replace(
        "News from the summer.</p>", 'News from the summer.</p><p style="color:#eeeeee">Hidden words</p>', 1
    )
    faint = faint_text(browser, html)
    assert [box["text"] for box in faint] == ["Hidden words"]
