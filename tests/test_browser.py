"""The shipped site in a real browser: accessibility, keyboard use, JavaScript off,
print, and no requests to other hosts.

These tests use Playwright for Python driving Debian's Chromium. Where Chromium
is missing they are skipped with a reason; CI (KB_CI=1) makes that a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import WCAG_22_AA, SiteServer, browser, page_types  # noqa: F401 (browser is a fixture)

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")


@pytest.fixture(scope="module")
def server(shipped_site: Path):
    with SiteServer(shipped_site) as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


PAGE_NAMES = [
    "home", "plan overview", "plan section", "knowledge bank", "type index", "audience index",
    "audience page", "locality page", "tag index", "tag page", "newsletter archive",
    "newsletter issue", "about", "accessibility statement", "privacy notice", "page not found",
    "search with a filter", "search with the filters open",
    "item: practice-resource", "item: research-summary", "item: practice-example", "item: tool",
]


def load(page, server, shipped_site: Path, name: str):
    address = page_types(shipped_site)[name]
    page.goto(f"{server.origin}/{address}")
    if name.startswith("search"):
        page.wait_for_selector(".kb-result")
        page.wait_for_function("() => document.querySelector('.kb-search__filters').getAttribute('aria-busy') === 'false'")
    if name == "search with the filters open":  # the address ends in #filters
        page.wait_for_selector(".kb-search__filters:not([hidden]) input[type=checkbox]")
    return address


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_wcag_22_aa_violations(name, page, server, shipped_site):
    from axe_playwright_python.sync_playwright import Axe

    load(page, server, shipped_site, name)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


TRAINING_PAGES = [
    "training home", "training upcoming", "training course", "training locality",
    "training past events", "training calendars", "training progress",
]
IMPACT_PAGES = ["impact overview", "impact evidence", "impact knowledge bank", "impact resource use",
                "impact newsletters", "impact training"]


@pytest.mark.parametrize("name", TRAINING_PAGES + IMPACT_PAGES)
def test_training_and_impact_pages_have_no_violations(name, page, server, shipped_site):
    from axe_playwright_python.sync_playwright import Axe

    types = page_types(shipped_site)
    assert name in types, f"the shipped site has no {name} page"
    page.goto(f"{server.origin}/{types[name]}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PAGE_NAMES + TRAINING_PAGES + IMPACT_PAGES)
def test_every_request_stays_on_the_site(name, page, server, shipped_site):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    load(page, server, shipped_site, name)
    page.wait_for_load_state("networkidle")
    assert requests, "the page made no requests at all"
    elsewhere = [url for url in requests if not url.startswith(server.origin + "/")]
    assert elsewhere == []


def focus_by_tabbing(page, selector: str, limit: int = 80) -> int:
    """Press Tab until the element matching selector has focus. Returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"could not reach {selector} with the Tab key")


def test_search_and_filters_work_with_the_keyboard_alone(page, server):
    page.goto(f"{server.origin}/search/")
    page.wait_for_selector(".kb-facet input[type=checkbox]", state="attached")

    focus_by_tabbing(page, "#kb-search-input")
    page.keyboard.type("family network")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kb-result")
    status = page.inner_text(".kb-search__status")
    assert "for \u201cfamily network\u201d" in status
    unfiltered = page.locator(".kb-result").count()

    # Open the filters, then tick "Practice example" with the space bar.
    focus_by_tabbing(page, "[data-filter-toggle]")
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-filter-toggle]", "aria-expanded") == "true"
    focus_by_tabbing(page, "input[type=checkbox][value='Practice example']")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('.kb-search__status').textContent.includes('filter')")
    assert page.is_checked("input[type=checkbox][value='Practice example']")
    filtered = page.locator(".kb-result").count()
    assert 0 < filtered < unfiltered
    assert "type=Practice+example" in page.url

    assert page.inner_text("[data-filter-toggle]") == "Filter (1 on)"
    # Esc closes the filters and returns to their button; the first result opens with the keyboard.
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.matches('[data-filter-toggle]')")
    assert not page.is_visible("#kb-search-filters")
    focus_by_tabbing(page, ".kb-result > a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/knowledge-bank/practice-example/" in page.url


def test_visible_focus_on_the_search_box(page, server):
    page.goto(f"{server.origin}/search/")
    page.wait_for_selector(".kb-facet input[type=checkbox]", state="attached")
    focus_by_tabbing(page, "#kb-search-input")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_the_search_page_is_linked_from_the_header(no_script_page, server):
    # Without JavaScript the header's search control is a plain link to the search page.
    no_script_page.goto(f"{server.origin}/")
    link = no_script_page.locator("header a.kb-header__search")
    assert link.inner_text().strip() == "Search"
    link.click()
    assert no_script_page.url.rstrip("/").endswith("/search")


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    opened = context.new_page()
    yield opened
    context.close()


def test_lists_are_complete_without_javascript(no_script_page, server, shipped_site):
    from bs4 import BeautifulSoup

    for address in ["knowledge-bank/tool/", "plan/learning/", "knowledge-bank/tags/", "newsletters/"]:
        html = (shipped_site / address / "index.html").read_text(encoding="utf-8")
        expected = len(BeautifulSoup(html, "html.parser").select("article li"))
        no_script_page.goto(f"{server.origin}/{address}")
        shown = no_script_page.locator("article li").count()
        assert shown == expected > 0, address
        assert no_script_page.locator("article li:visible").count() == expected, address


def test_search_page_explains_how_to_browse_without_javascript(no_script_page, server):
    no_script_page.goto(f"{server.origin}/search/")
    assert not no_script_page.is_visible("#kb-search-input")
    text = no_script_page.inner_text("article")
    assert "Search needs JavaScript" in text
    assert no_script_page.locator("article a:visible", has_text="The knowledge bank").count() == 1


def test_print_layout_hides_navigation_and_lists_addresses_once_at_the_end(page, server, shipped_site):
    address = page_types(shipped_site)["item: research-summary"]
    page.goto(f"{server.origin}/{address}")
    assert not page.is_visible(".kb-print-links")  # the list is for print only
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".kb-print"):
        assert page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).display") == "none"
    # Links in the text show a number; the details box shows none; the addresses come once, at the end.
    marker = page.evaluate("() => getComputedStyle(document.querySelector('article a[data-print-ref]'), '::after').content")
    assert marker == '" [1]"'
    assert page.locator(".kb-meta a[data-print-ref]").count() == 0
    addresses = page.locator(".kb-print-links li").all_inner_texts()
    assert addresses and all(text.startswith("https://") for text in addresses)
    assert len(addresses) == len(set(addresses))
    assert page.is_visible(".kb-print-links")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    # The newsletter issue prints the same way.
    page.goto(f"{server.origin}/{page_types(shipped_site)['newsletter issue']}")
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).display") == "none"


def test_filters_without_words_list_the_newest_first(page, server, shipped_site):
    # Pagefind lists pages in the order they were indexed when there are no words to rank
    # by. Items are built newest first, so the index needs no sort data of its own,
    # which would add 25 KB to a first search at 10,000 items (docs/performance.md).
    from bs4 import BeautifulSoup

    page.goto(f"{server.origin}/search/?section=Learning")
    page.wait_for_function("() => document.querySelector('.kb-search__status').textContent.includes('result')")
    shown = [href.strip("/") for href in page.eval_on_selector_all(".kb-result > a", "links => links.map(a => a.getAttribute('href'))")]
    # Items come first, newest first; plan section pages and training dates follow them.
    shown = [address for address in shown if address.startswith("knowledge-bank/")]
    assert len(shown) >= 3

    def published(address: str) -> str:
        html = (shipped_site / address / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("[data-pagefind-filter^=year] time")["datetime"]

    dates = [published(address) for address in shown]
    assert dates == sorted(dates, reverse=True)


PAGEFIND_FILTERS = """async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.options({ baseUrl: '/', noWorker: true });
    return await pagefind.filters();
}"""

PANE_COUNTS = """() => {
    const counts = {};
    document.querySelectorAll('[data-facet]').forEach((fieldset) => {
        const key = fieldset.getAttribute('data-facet');
        counts[key] = {};
        fieldset.querySelectorAll('input[type=checkbox]').forEach((box) => {
            const label = fieldset.querySelector(`label[for='${box.id}']`);
            counts[key][box.value] = Number(label.querySelector('.kb-facet__count').textContent.replace(/[()]/g, ''));
        });
    });
    return counts;
}"""


def test_the_filter_pane_opens_with_pagefinds_own_counts_and_downloads_no_filter_file(page, server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server.origin}/search/")
    page.wait_for_selector(".kb-facet input[type=checkbox]", state="attached")
    page.wait_for_load_state("networkidle")
    shown = page.evaluate(PANE_COUNTS)
    assert [url for url in requested if ".pf_filter" in url] == []
    # The counts written in at build time are exactly what Pagefind's filter files hold.
    from_pagefind = page.evaluate(PAGEFIND_FILTERS)
    assert shown == {key: values for key, values in from_pagefind.items() if key in shown}
    assert shown["type"] and sum(shown["type"].values()) > 20


def test_after_a_search_the_counts_are_for_its_results(page, server):
    page.goto(f"{server.origin}/search/?query=mapping")
    page.wait_for_selector(".kb-result")
    page.wait_for_function("() => document.querySelector('.kb-search__filters').getAttribute('aria-busy') === 'false'")
    shown = page.evaluate(PANE_COUNTS)
    totals = page.evaluate(PAGEFIND_FILTERS)
    for_results = page.evaluate(
        "async () => (await (await import('/pagefind/pagefind.js')).search('mapping')).filters"
    )
    assert shown == {key: {value: for_results[key].get(value, 0) for value in values} for key, values in shown.items()}
    assert 0 < sum(shown["type"].values()) < sum(totals["type"].values())


def test_results_still_show_when_the_filter_files_do_not_load(page, server):
    page.route("**/*.pf_filter", lambda route: route.abort())
    page.goto(f"{server.origin}/search/?query=mapping")
    page.wait_for_selector(".kb-result")
    page.wait_for_function("() => document.querySelector('.kb-search__filters').getAttribute('aria-busy') === 'false'")
    assert "result" in page.inner_text(".kb-search__status")
    # The pane keeps the counts it opened with.
    assert sum(page.evaluate(PANE_COUNTS)["type"].values()) > 20
