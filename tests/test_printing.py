"""Printed pages show each link's full address; the fast path must agree with urljoin."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from sofs_kb.printing import add_print_addresses

PAGE = "https://example.org/kb/knowledge-bank/tool/three-houses/"


@pytest.mark.parametrize(
    "href",
    ["../", "../../../plan/a/", "../../tags/x/#top", "https://www.gov.uk/a", "../x/index.html", "./", "a/b/../c/"],
)
def test_full_addresses_match_urljoin(href: str):
    out = add_print_addresses(f'<p>x</p><article><a href="{href}">t</a></article>', PAGE)
    assert f'data-print-href="{urljoin(PAGE, href)}"' in out


def test_only_the_article_and_only_real_links_change():
    html = '<nav><a href="../">n</a></nav><article><a href="#a">in page</a><a href="mailto:x@example.org">m</a></article>'
    assert add_print_addresses(html, PAGE) == html
