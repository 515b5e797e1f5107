"""No script runs from content, in any field, and no page loads anything from another host.

One site is built with a hostile value in every field people write: item titles,
summaries, owners, steps and findings, research citations, course titles and
lengths, training venues, vocabulary labels, plan section titles, newsletter titles,
page titles and descriptions, headings, link titles and image alt text, and raw HTML
and attributes in bodies. The content checks are switched off, as in a preview or a
careless configuration, so the templates and the page cleaner are tested on their own.

Every page is then read twice: parsed, looking for any script, handler or outside
source; and loaded in Chromium with `kbPwned()` defined, which every payload calls.
A last test shows the Content-Security-Policy stops a script that got in anyway.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_support import CHROMIUM, CHROMIUM_ARGS, SiteServer
from conftest import build_site, require_tool, switch_off, write
from test_hostile_input import EVENTS, HEADER
from training_support import add_training

CALL = "kbPwned()"
TAGS = f"<script>{CALL}</script>"
BREAKOUT = f'"><img src=x onerror={CALL}>'
QUOTES = f"' onmouseover={CALL} x='"
ENTITIES = f"&lt;/title&gt;&lt;script&gt;{CALL}&lt;/script&gt;"  # striptags turns these back into tags
EVERYTHING = f"{TAGS} {BREAKOUT} {ENTITIES}"


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _set(path: Path, **fields: str) -> None:
    """Replace top-level front matter fields (already written as YAML values)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [f"{line.split(':', 1)[0]}: {fields[line.split(':', 1)[0]]}" if line.split(":", 1)[0] in fields else line for line in lines]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


HOSTILE_BODY = f"""
## Heading {TAGS} {ENTITIES}

<script src="https://evil.example.net/x.js"></script>
<svg onload="{CALL}"><circle r="4"/></svg>
<iframe src="https://evil.example.net/"></iframe>
<object data="https://evil.example.net/x.swf"></object>
<video src="clip.mp4" poster="https://evil.example.net/p.png"></video>
<p style="background:url(https://evil.example.net/p.png)">Styled.</p>
<a href="javascript:{CALL}">A link</a> and <a href="https://example.org/" onmouseover="{CALL}">another</a>.
<img src="https://evil.example.net/pixel.png" alt="outside">
<img src="houses.png" alt="inside" srcset="https://evil.example.net/big.png 2x" onerror="{CALL}">
<span data-pagefind-filter="type:Tool">Spoofed filter.</span>
<math><mtext><table><mglyph><style><img src=x onerror={CALL}></style></mglyph></table></mtext></math>

A paragraph with a handler.
{{: onclick="{CALL}" style="background:url(https://evil.example.net/q.png)" }}

[A link title](https://example.org/ "{BREAKOUT}") and [a script link](javascript:{CALL}).

![{BREAKOUT}](houses.png "{BREAKOUT}")
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from conftest import FIXTURES

    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURES / "site", project)
    add_training(project)
    switch_off(project, "sofs/checks")
    bank = project / "knowledge_bank"
    shutil.copy(FIXTURES / "bad-content/knowledge_bank/tool/houses.png", bank / "tool/houses.png")
    shutil.copy(FIXTURES / "bad-content/knowledge_bank/tool/houses.png", project / "content/houses.png")
    tool = bank / "tool/three-houses.md"
    _set(tool, title=_yaml(EVERYTHING[:150]), summary=_yaml(QUOTES + " " + ENTITIES), owner=_yaml(BREAKOUT))
    text = tool.read_text(encoding="utf-8")
    tool.write_text(text.replace("steps:\n", f"steps:\n  - {_yaml(TAGS)}\n  - {_yaml(BREAKOUT)}\n", 1), encoding="utf-8")
    tool.write_text(tool.read_text(encoding="utf-8") + HOSTILE_BODY, encoding="utf-8")
    research = bank / "research-summary/munro-review.md"
    text = research.read_text(encoding="utf-8")
    text = text.replace('  citation: "Munro, E. (2011)', f'  citation: "{BREAKOUT.replace(chr(34), chr(92) + chr(34))} Munro, E. (2011)')
    text = text.replace("  - Rules and targets", f"  - {_yaml(TAGS)}\n  - Rules and targets")
    research.write_text(text, encoding="utf-8")
    _set(bank / "practice-example/network-meeting.md", title=_yaml(BREAKOUT + " Network"))
    _set(project / "newsletters/2026-q3.md", title=_yaml(EVERYTHING[:140]), summary=_yaml(QUOTES))
    _set(project / "content/plan/learning.md", title=_yaml("Learning " + BREAKOUT))
    course = project / "content/training/foundation.md"
    _set(course, title=_yaml(BREAKOUT[:90]), summary=_yaml(QUOTES), length=_yaml(BREAKOUT))
    course.write_text(course.read_text(encoding="utf-8") + HOSTILE_BODY.replace("houses.png", "../houses.png"), encoding="utf-8")
    vocabulary = project / "data/vocabularies.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8")
        .replace("health: Health", f"health: {_yaml('Health ' + BREAKOUT)}")
        .replace("norwich: Norwich", f"norwich: {_yaml('Norwich ' + TAGS)}"),
        encoding="utf-8",
    )
    events = (project / EVENTS).read_text(encoding="utf-8").splitlines()
    assert events[0] == HEADER
    venue = '"' + BREAKOUT.replace('"', '""') + '"'
    events.append(f"foundation,2027-02-02 09:30,2027-02-02 16:30,norwich,{venue},20,0,open,,,")
    (project / EVENTS).write_text("\n".join(events) + "\n", encoding="utf-8")
    write(project / "content/about.md", f"---\ntitle: {_yaml(BREAKOUT)}\ndescription: {_yaml(BREAKOUT)}\n---\n{HOSTILE_BODY}")
    write(project / "content/heading-only.md", f"# {ENTITIES}\n\nA page titled by its heading alone.\n")
    return build_site(project)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _is_ours(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//")


def test_the_hostile_values_reached_the_pages(hostile_site: Path):
    """Otherwise the other tests would prove nothing."""
    text = (hostile_site / "knowledge-bank/tool/three-houses/index.html").read_text(encoding="utf-8")
    assert "kbPwned" in text
    assert "kbPwned" in (hostile_site / "training/index.html").read_text(encoding="utf-8")
    assert "kbPwned" in (hostile_site / "heading-only/index.html").read_text(encoding="utf-8")


def test_no_page_has_a_script_handler_or_outside_source_from_content(hostile_site: Path):
    problems = []
    for path in _pages(hostile_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(hostile_site).as_posix()
        if not soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}):
            problems.append(f"{where}: no Content-Security-Policy")
        for script in soup.find_all("script"):
            if script.get("type") == "application/json":
                if CALL in script.get_text() and "\\u003c" not in script.get_text():
                    problems.append(f"{where}: unescaped JSON {script.get_text()[:80]}")
                continue
            if not script.get("src") or not _is_ours(script["src"]) or script.get_text().strip():
                problems.append(f"{where}: script {str(script)[:100]}")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if name.startswith("on"):
                    problems.append(f"{where}: <{element.name} {name}>")
                if "javascript:" in value.replace(" ", "").lower():
                    problems.append(f"{where}: <{element.name} {name}={value[:60]}>")
                if name in ("src", "srcset", "poster", "data", "background") and not _is_ours(value):
                    problems.append(f"{where}: <{element.name} {name}={value[:60]}>")
                if name == "style" and "url(" in value:
                    problems.append(f"{where}: <{element.name} style={value[:60]}>")
                if name.startswith("data-pagefind-filter") and element.get_text().strip() == "Spoofed filter.":
                    problems.append(f"{where}: content set a search filter")
            if element.name in ("iframe", "object", "embed", "video", "audio", "math", "style"):
                problems.append(f"{where}: <{element.name}>")
        for article in soup.find_all("article"):  # the theme has a search form; content has none
            # The theme's own print button (partials/kb-print-button.html) is the one allowed.
            for control in article.find_all(["form", "input", "button"]):
                if not control.has_attr("data-kb-print"):
                    problems.append(f"{where}: a form in the content")
        title = soup.find("title")
        if title is not None and title.find(True):
            problems.append(f"{where}: markup inside <title>")
    assert problems == [], "\n".join(problems[:40])


def test_feeds_and_calendars_carry_no_markup_from_content(hostile_site: Path):
    import feedparser

    for feed in hostile_site.glob("feed-*.xml"):
        parsed = feedparser.parse(feed.read_bytes(), sanitize_html=False)
        assert not parsed.bozo, (feed.name, parsed.bozo_exception)
        for entry in parsed.entries:
            details = [entry.get("title_detail"), entry.get("summary_detail"), *entry.get("content", [])]
            for detail in filter(None, details):
                if detail.type == "text/plain":
                    continue  # shown as text by every reader: '<script>' is just words there
                soup = BeautifulSoup(detail.value, "html.parser")
                assert not soup.find_all(["script", "svg", "iframe"]), (feed.name, detail.value[:200])
                assert all(_is_ours(img.get("src", "")) or img["src"].startswith("https://example.org/")
                           for img in soup.find_all("img")), (feed.name, detail.value[:200])
                assert not any(name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs)
    # Calendar fields are plain text (a venue called '<script>' is shown as those words);
    # only an HTML description would be read as markup, and the feeds have none.
    for calendar in (hostile_site / "training/calendar").rglob("*.ics"):
        assert "X-ALT-DESC" not in calendar.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    require_tool(CHROMIUM is not None, "Chromium is not installed (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


WATCH = """
window.__pwned = [];
window.kbPwned = () => window.__pwned.push(location.pathname);
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_no_hostile_value_runs_or_loads_anything_in_chromium(hostile_site: Path, browser):
    with SiteServer(hostile_site) as server:
        context = browser.new_context()
        context.add_init_script(WATCH)
        outside: list[str] = []
        context.on("request", lambda request: None if request.url.startswith(server.origin) else outside.append(request.url))
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        ran: list[tuple[str, list]] = []
        for path in _pages(hostile_site):
            address = path.relative_to(hostile_site).as_posix()
            page.goto(f"{server.origin}/{address}")
            page.wait_for_load_state("load")
            for element in page.locator("article img, article a, article p").all()[:20]:
                try:  # give mouse handlers their chance
                    element.hover(timeout=1000, force=True)
                except Exception:
                    pass  # hidden or off screen
            pwned = page.evaluate("window.__pwned")
            if pwned:
                ran.append((address, pwned))
        context.close()
    assert ran == [] and dialogs == []
    assert outside == []


def test_the_content_security_policy_blocks_a_script_that_gets_in(hostile_site: Path, browser):
    """The second line of defence: add an inline script, a handler and an outside script
    to a built page as it is served, and none of them runs."""
    with SiteServer(hostile_site) as server:
        context = browser.new_context()
        context.add_init_script(WATCH)
        injected = f'<script>{CALL}</script><img src="x" onerror="{CALL}"><script src="https://evil.example.net/x.js"></script>'

        def tamper(route):
            response = route.fetch()
            body = response.text().replace("</article>", injected + "</article>", 1)
            route.fulfill(response=response, body=body)

        context.route("**/knowledge-bank/tool/scaling-questions/", tamper)
        context.route("https://evil.example.net/**", lambda route: route.fulfill(body=f"{CALL};"))
        page = context.new_page()
        page.goto(f"{server.origin}/knowledge-bank/tool/scaling-questions/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert CALL in page.content()  # the tampered page was served
        assert page.evaluate("window.__pwned") == []
        violations = page.evaluate("window.__violations")
        assert any(v.startswith("script-src") for v in violations), violations
        context.close()
