"""Printed pages number their links and list each full address once at the end."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from sofs_kb.printing import add_print_addresses

PAGE = "https://example.org/kb/knowledge-bank/tool/three-houses/"


def listed(html: str) -> list[str]:
    return [li.get_text() for li in BeautifulSoup(html, "html.parser").select(".kb-print-links li")]


@pytest.mark.parametrize(
    "href",
    ["../", "../../../plan/a/", "../../tags/x/#top", "https://www.gov.uk/a", "../x/index.html", "./", "a/b/../c/",
     "https://www.gov.uk/a?b=1&amp;c=2"],
)
def test_full_addresses_match_urljoin(href: str):
    out = add_print_addresses(f'<p>x</p><article><a href="{href}">t</a></article>', PAGE)
    assert listed(out) == [urljoin(PAGE, href.replace("&amp;", "&"))]
    assert 'data-print-ref="1"' in out


def test_each_address_is_listed_once_and_links_share_its_number():
    html = (
        '<article><p><a href="../a/">one</a> <a href="../a/">again</a> <a href="../b/">two</a></p>'
        '<aside class="kb-meta"><a href="../../tags/x/">topic</a></aside>'
        '<p><a href="https://www.gov.uk/x">three</a></p>'
        '<section class="kb-related" data-pagefind-ignore><a href="../c/">related</a></section></article>'
    )
    out = add_print_addresses(html, PAGE)
    assert listed(out) == [
        "https://example.org/kb/knowledge-bank/tool/a/",
        "https://example.org/kb/knowledge-bank/tool/b/",
        "https://www.gov.uk/x",
    ]
    soup = BeautifulSoup(out, "html.parser")
    assert [a.get("data-print-ref") for a in soup.select("a")] == ["1", "1", "2", None, "3", None]


def test_only_the_article_and_only_real_links_change():
    html = '<nav><a href="../">n</a></nav><article><a href="#a">in page</a><a href="mailto:x@example.org">m</a></article>'
    assert add_print_addresses(html, PAGE) == html
