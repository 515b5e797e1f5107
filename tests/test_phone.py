"""Staff on a phone: the journeys people make, counted in taps, at 390 × 844 and 1280 × 800;
the same journeys with a keyboard alone; real geometry (search control, reflow at 320 px,
chart text); and the search page's own behaviour.

These tests drive Debian's Chromium with Playwright, over the shipped content built as if
today were 1 December 2026 (`pinned_site`), so "next month" is always January 2027.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import SiteServer, browser, page_file, page_types  # noqa: F401 (browser is a fixture)

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def server(pinned_site: Path):
    with SiteServer(pinned_site) as running:
        yield running


def open_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
    return context, context.new_page()


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    context, page = open_page(browser, SIZES[request.param], has_touch=request.param == "phone")
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context, page = open_page(browser, PHONE, has_touch=True)
    yield page
    context.close()


class Taps:
    """Counts what a person taps (or clicks). Typing into a box that is already focused is not a tap."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def tap(self, locator):
        locator = self.page.locator(locator) if isinstance(locator, str) else locator
        box = locator.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, "tapped something that is not drawn"
        self.count += 1
        locator.click()


def visible_link(page, name: str, within: str = "article"):
    return page.locator(within).get_by_role("link", name=name, exact=True).first


# --- The five journeys, counted in taps ---------------------------------------------------


def test_find_the_three_houses_tool_in_three_taps(sized, server):
    taps = Taps(sized)
    sized.goto(f"{server.origin}/")
    taps.tap("header .kb-header__search")                    # 1: open search
    sized.keyboard.type("three houses")
    taps.tap(".kb-quick__go")                                # 2: search
    sized.wait_for_selector(".kb-result")
    top_three = sized.locator(".kb-result > a").evaluate_all("links => links.slice(0, 3).map((a) => a.pathname)")
    assert "/knowledge-bank/tool/three-houses/" in top_three
    taps.tap(sized.locator(".kb-result > a[href$='/knowledge-bank/tool/three-houses/']"))  # 3: the tool
    sized.wait_for_url("**/knowledge-bank/tool/three-houses/")
    assert sized.locator("h1").inner_text() == "Using the three houses tool with younger children"
    assert taps.count <= 3


def test_find_everything_for_norwich_with_its_next_training_in_three_taps(sized, server):
    taps = Taps(sized)
    sized.goto(f"{server.origin}/")
    taps.tap(visible_link(sized, "Norwich"))                 # 1: the locality
    sized.wait_for_url("**/knowledge-bank/locality/norwich/")
    article = sized.locator("article")
    assert sized.locator("h1").inner_text() == "Norwich"
    # Its training, its development sessions and its items, on one page.
    assert article.locator("#training-courses + .kb-events .kb-event").count() >= 1
    assert article.locator("#training-sessions + .kb-events .kb-event").count() >= 1
    assert "Norwich" in article.locator("#training-sessions + .kb-events .kb-event").first.inner_text()
    assert article.locator(".kb-cards .kb-card").count() >= 1
    assert article.get_by_role("link", name="Every training date in Norwich").count() == 1
    assert taps.count <= 3


def test_add_next_months_foundation_training_to_a_calendar_in_three_taps(sized, server):
    taps = Taps(sized)
    sized.goto(f"{server.origin}/")
    taps.tap(visible_link(sized, "Signs of Safety Foundation training"))   # 1: the course
    sized.wait_for_url("**/training/foundation/")
    # Today is 1 December 2026, so next month is January 2027.
    date = sized.locator("li.kb-event", has=sized.locator("time[datetime^='2027-01']")).first
    with sized.expect_download() as download:
        taps.tap(date.get_by_role("link", name="Add to your calendar"))   # 2: the date's calendar file
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in calendar and "DTSTART;TZID=Europe/London:20270119T093000" in calendar
    assert "Foundation" in calendar
    assert taps.count <= 3


def test_read_the_latest_newsletter_in_two_taps(sized, server):
    taps = Taps(sized)
    sized.goto(f"{server.origin}/")
    newest = sized.locator("#newsletter ~ p a").first
    title = newest.inner_text()
    taps.tap(newest)                                          # 1: the latest issue
    sized.wait_for_url("**/newsletters/2026-q4/")
    assert sized.locator("h1").inner_text() == title
    assert taps.count <= 2


def test_print_an_item_in_two_taps(sized, server):
    taps = Taps(sized)
    sized.goto(f"{server.origin}/knowledge-bank/tool/three-houses/")
    sized.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    taps.tap(sized.get_by_role("button", name="Print this page"))        # 1: print
    assert sized.evaluate("() => window.__printed") == 1
    assert taps.count <= 2


# --- The same journeys with a keyboard alone --------------------------------------------


def tab_to(page, selector: str, limit: int = 250) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("", "none"), f"{selector} has no visible focus"
            return presses
    raise AssertionError(f"could not reach {selector} with the Tab key")


def open_with_enter(page, selector: str) -> None:
    """Tab to a link and follow it with Enter."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def keyboard_page(browser):
    context, page = open_page(browser, DESKTOP)
    yield page
    context.close()


def test_keyboard_finds_the_three_houses_tool(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server.origin}/knowledge-bank/")
    page.keyboard.press("/")                                  # opens search and moves into it
    assert page.evaluate("() => document.activeElement.id") == "kb-quick-input"
    page.keyboard.type("three houses")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kb-result")
    open_with_enter(page, ".kb-result > a[href$='/knowledge-bank/tool/three-houses/']")
    assert page.url.endswith("/knowledge-bank/tool/three-houses/")


def test_keyboard_escape_closes_search_and_returns_to_its_button(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server.origin}/about/")
    page.keyboard.press("/")
    assert page.is_visible("#kb-quick-input")
    page.keyboard.press("Escape")
    assert not page.is_visible("#kb-quick-input")
    assert page.evaluate("() => document.activeElement.matches('.kb-header__search')")
    assert page.get_attribute(".kb-header__search", "aria-expanded") == "false"
    # On the home page, "/" goes to the page's own search box.
    page.goto(f"{server.origin}/")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "kb-home-search"


def test_keyboard_finds_everything_for_norwich(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server.origin}/")
    open_with_enter(page, "article a[href$='locality/norwich/']")
    assert page.url.endswith("/knowledge-bank/locality/norwich/")
    tab_to(page, "#training-courses + .kb-events a[download]")


def test_keyboard_adds_next_months_foundation_training_to_a_calendar(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server.origin}/")
    open_with_enter(page, "#next-training ~ .kb-events a[href$='training/foundation/']")
    tab_to(page, "li.kb-event:has(time[datetime^='2027-01']) a[download]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert "20270119T093000" in Path(download.value.path()).read_text(encoding="utf-8")


def test_keyboard_reads_the_latest_newsletter(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server.origin}/")
    open_with_enter(page, "article a[href$='newsletters/2026-q4/']")
    assert page.url.endswith("/newsletters/2026-q4/")


def test_keyboard_prints_an_item(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server.origin}/knowledge-bank/tool/three-houses/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    tab_to(page, "[data-kb-print]")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1


# --- Geometry -----------------------------------------------------------------------------

HEADER_PAGES = ["", "knowledge-bank/tool/three-houses/", "search/", "training/foundation/", "404.html"]


@pytest.mark.parametrize("address", HEADER_PAGES)
def test_the_header_search_control_is_drawn_labelled_and_big_enough(sized, server, address):
    sized.goto(f"{server.origin}/{address}")
    control = sized.locator("header .kb-header__search")
    box = control.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert 0 <= box["x"] and box["x"] + box["width"] <= sized.viewport_size["width"]
    icon = control.locator("svg").bounding_box()
    assert icon["width"] >= 16 and icon["height"] >= 16
    label = control.locator(".kb-header__search-label")
    label_box = label.bounding_box()
    assert label.inner_text() == "Search" and label_box["width"] > 20 and label_box["height"] >= 12
    # Nothing is drawn on top of it: the middle of the control is the control.
    hit = sized.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y).closest('.kb-header__search')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit


@pytest.fixture(scope="module")
def narrow(browser):
    context, page = open_page(browser, {"width": 320, "height": 640})
    yield page
    context.close()


def test_no_page_scrolls_sideways_at_320_pixels(narrow, server, pinned_site):
    wide = {}
    for name, address in page_types(pinned_site).items():
        narrow.goto(f"{server.origin}/{address}")
        if name.startswith("search"):
            narrow.wait_for_selector(".kb-result")
            if "filters open" in name:  # the address ends in #filters
                narrow.wait_for_selector(".kb-search__filters:not([hidden])")
        width = narrow.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    assert wide == {}


CHART_TEXT = """() => [...document.querySelectorAll('article svg text')]
    .filter((text) => text.getClientRects().length && text.getBoundingClientRect().width > 0)
    .map((text) => {
        const matrix = text.getScreenCTM();
        const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
        return [text.textContent.trim(), Math.round(size * 10) / 10];
    })"""


def chart_pages(site: Path) -> list[str]:
    """Every built page with a chart in its article, whoever added it."""
    found = []
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        start = html.find("<article")
        if start != -1 and "<svg" in html[start : html.find("</article>", start)] and "<text" in html:
            found.append(path.parent.relative_to(site).as_posix() + "/")
    return found


def test_no_chart_text_is_smaller_than_12_pixels(sized, server, pinned_site):
    pages = chart_pages(pinned_site)
    assert len(pages) >= 2, "expected the impact and training progress charts"
    small, drawn = {}, 0
    for address in pages:
        sized.goto(f"{server.origin}/{address}")
        texts = sized.evaluate(CHART_TEXT)
        drawn += len(texts)
        tiny = [(text, size) for text, size in texts if size < 12]
        if tiny:
            small[address] = tiny[:3]
        if not texts:
            # No chart is drawn: its table must be, with the note saying so.
            assert sized.locator("article .kb-chart-note").first.is_visible(), address
            assert sized.locator("article table").count() >= 1, address
    assert small == {}
    if sized.viewport_size["width"] >= 1280:
        assert drawn > 0, "at 1280 px the charts are drawn"


# --- The search page ------------------------------------------------------------------------


def test_on_a_phone_the_query_box_and_results_come_before_the_filters(phone, server):
    phone.goto(f"{server.origin}/search/?query=safety")
    phone.wait_for_selector(".kb-result")
    first = phone.locator(".kb-result").first.bounding_box()
    assert first["y"] < PHONE["height"], "the first result is on the first screen"
    assert not phone.is_visible("#kb-search-filters")
    assert phone.inner_text("[data-filter-toggle]") == "Filter"
    phone.click("[data-filter-toggle]")
    phone.check("input[type=checkbox][value='Tool']", force=True)
    phone.wait_for_function("() => document.querySelector('[data-filter-toggle]').textContent === 'Filter (1 on)'")
    phone.click("[data-filter-done]")
    assert not phone.is_visible("#kb-search-filters")
    assert "type=Tool" in phone.url


def test_each_result_shows_its_type_plan_section_and_date(phone, server):
    phone.goto(f"{server.origin}/search/?query=three+houses")
    phone.wait_for_selector(".kb-result")
    tool = phone.locator(".kb-result", has=phone.locator("a[href$='/knowledge-bank/tool/three-houses/']"))
    details = tool.locator(".kb-result__meta span").all_inner_texts()
    assert details == ["Tool", "Risk-sensible, collaborative practice", "12 March 2026"]
    # Training dates say when they are, too.
    phone.goto(f"{server.origin}/search/?query=foundation&type=Training+date")
    phone.wait_for_selector(".kb-result")
    details = phone.locator(".kb-result").first.locator(".kb-result__meta span").all_inner_texts()
    assert details[0] == "Training date" and "2027" in details[-1]


def test_show_more_appears_only_when_there_are_more(phone, server):
    phone.goto(f"{server.origin}/search/?query=zzzznothing")
    phone.wait_for_function("() => document.querySelector('.kb-search__status').textContent.includes('0 results')")
    assert not phone.is_visible("[data-more]")
    assert phone.locator("[data-more]").bounding_box() is None
    phone.goto(f"{server.origin}/search/?query=three+houses")
    phone.wait_for_selector(".kb-result")
    assert phone.locator(".kb-result").count() < 10 and not phone.is_visible("[data-more]")
    phone.goto(f"{server.origin}/search/?query=safety")
    phone.wait_for_selector(".kb-result")
    total = int(phone.inner_text(".kb-search__status").split()[0])
    assert total > 10 and phone.is_visible("[data-more]")
    phone.click("[data-more]")
    phone.wait_for_function("(n) => document.querySelectorAll('.kb-result').length === n", arg=min(total, 20))


def test_training_courses_dates_newsletters_and_pages_are_filters(phone, server):
    phone.goto(f"{server.origin}/search/")
    phone.wait_for_selector(".kb-facet input[type=checkbox]", state="attached")
    types = phone.eval_on_selector_all("[data-facet=type] input", "boxes => boxes.map((box) => box.value)")
    for wanted in ("Tool", "Newsletter", "Training course", "Training date", "Plan section", "Page"):
        assert wanted in types
    months = phone.eval_on_selector_all("[data-facet=month] input", "boxes => boxes.map((box) => box.value)")
    assert months[0] == "December 2026" and months == sorted(months, key=lambda m: (m[-4:], _MONTHS.index(m.split()[0])))
    # A course's name finds the course first.
    phone.goto(f"{server.origin}/search/?query=Family+Networking+training")
    phone.wait_for_selector(".kb-result")
    assert phone.locator(".kb-result > a").first.get_attribute("href").endswith("/training/family-networking/")


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def test_every_page_type_exists_in_the_pinned_build(pinned_site):
    for name, address in page_types(pinned_site).items():
        assert page_file(pinned_site, address).is_file(), name


INLINE_LISTS = """() => [...document.querySelectorAll('article .kb-inline')]
    .filter((list) => list.getClientRects().length)
    .map((list) => {
        const box = list.getBoundingClientRect();
        const style = getComputedStyle(list.parentElement);
        const parent = { left: list.parentElement.getBoundingClientRect().left
                         + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) };
        const items = [...list.children].map((item) => item.getBoundingClientRect());
        const marks = [...list.children].map((item) => getComputedStyle(item, '::before').content);
        return { indent: Math.round(box.left - parent.left), first: Math.round(items[0].left - box.left),
                 marks: marks.filter((mark) => mark !== 'none' && mark !== 'normal' && mark !== '""') };
    })"""


@pytest.mark.parametrize("address", ["knowledge-bank/tool/three-houses/", "training/foundation/", "training/upcoming/",
                                     "knowledge-bank/locality/norwich/", ""])
def test_inline_lists_line_up_with_their_text_and_have_no_separators(phone, server, address):
    phone.goto(f"{server.origin}/{address}")
    lists = phone.evaluate(INLINE_LISTS)
    assert lists, "the page has inline lists"
    for found in lists:
        assert found["indent"] == 0 and found["first"] == 0 and found["marks"] == [], (address, found)
