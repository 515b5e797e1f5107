"""The benchmark harness runs end to end on a small bank. (Targets live in the benchmark, not here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from browser_support import CHROMIUM
from conftest import PROJECT


def test_bench_runs_at_50_items_and_ends_with_json():
    result = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "bench.py"), "--items", "30", "--items", "50", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "KB_BENCH_LOG_LINES": "20000"},
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert [size["items"] for size in figures["sizes"]] == [30, 50]
    size = figures["sizes"][1]
    assert size["items"] == 50
    # Each size is printed as soon as it is done, and the sizes are compared step by step.
    assert "figures for 30 items: {" in result.stdout
    assert [(step["from"], step["to"]) for step in figures["scaling"]] == [(30, 50)]
    assert figures["scaling"][0]["build_ratio"] > 0 and figures["item_page_growth"] > 0
    assert set(size["median_seconds"]) == {"a_plain", "b_full", "c_no_pagefind", "d_no_impact"}
    assert size["preview"]["cold_seconds"] > 0 and size["preview"]["rebuild_seconds"] > 0
    assert size["kb_check_seconds"] > 0 and size["kb_newsletter_draft_seconds"] > 0
    assert "privacy_share_of_check" in size and 0 < size["privacy_gate_seconds"] < size["median_seconds"]["b_full"]
    assert 0 < size["impact_seconds"] < size["median_seconds"]["b_full"]
    assert size["impact_usage_months"] == 24
    inside = size["impact_in_build"]
    assert 0 < inside["plugin_seconds"] + inside["pages_seconds"] < inside["build_seconds"] and 0 < inside["share"] < 1
    usage = size["usage_import"]
    assert usage["lines"] == 20000 and usage["lines_per_minute"] > 0 and 0 < usage["views_kept"] < 20000
    assert usage["bad_lines"] > 0
    if CHROMIUM is not None:  # the first-search download is measured in a real browser, over gzip
        assert 50 < size["pagefind_first_search_kb"] < size["pagefind_search_with_counts_kb"] < 300
        # So is what a phone downloads to open each kind of page, before any search.
        assert {"home", "item", "search, before any search", "plan section"} <= set(size["phone_page_kb"])
        assert 20 < size["phone_page_kb_max"] == max(size["phone_page_kb"].values()) < 200
    assert 0 < size["heaviest_page_kb"] < 200 and size["pages_over_200_kb"] == 0
    assert size["heaviest_page"].endswith(".html")
    assert all(seconds > 0 for seconds in size["median_seconds"].values())
    assert size["ratio_b_over_a"] > 0 and size["ratio_c_over_a"] > 0
    each = size["ratio_b_over_a_each_run"]
    assert 0 < each["min"] <= each["median"] <= each["max"]
    # One run: one pair, the same ratio, but from unrounded seconds (the medians are rounded to 0.01 s).
    assert each["median"] == pytest.approx(size["ratio_b_over_a"], rel=0.02)
    assert size["item_page_kb"]["median"] > 5
    assert all(mb > 10 for mb in size["peak_memory_mb"].values())
