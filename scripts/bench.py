"""Benchmark our build against plain mkdocs-material on the same generated bank.

    python scripts/bench.py --items 5000 [--items 10000] [--runs 3] [--seed 1]

For each size it generates a bank with scripts/gen_corpus.py, then alternates:

  (a) plain mkdocs-material: the same pages, items outside the nav, search plugin only;
  (b) the full project build, `kb build`, with Pagefind and every plugin;
  (c) the same as (b) without Pagefind;
  (d) the same as (b) without the "Measuring impact" pages.

The generated banks carry 24 months of page views (gen_corpus.py), so the impact
pages do all their work. Their share of a build is also timed inside one build: the
plugin's events and the building of each impact page, over the whole build. It also times `kb usage import` over a generated access log
of 1,000,000 lines (KB_BENCH_LOG_LINES changes that), in lines a minute.

Builds run one at a time in fresh processes, alternating, so a noisy machine
affects every variant alike. It reports medians, the ratios b/a and c/a, peak
memory, item page size, the bytes a first search downloads from Pagefind, what a
phone downloads to open each kind of page before any search, the heaviest HTML
page, the time of `kb check` (and what the privacy scan adds to it, and the last
privacy gate's share of the build) and `kb newsletter draft`, and how long a live preview
takes to rebuild after one item is edited, against its first (cold) build.
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_privacy  # noqa: E402
import gen_corpus  # noqa: E402

BIN = Path(sys.executable).parent
KB = [str(BIN / "kb")]
MKDOCS = [sys.executable, "-m", "mkdocs"]
USAGE_LINES = int(os.environ.get("KB_BENCH_LOG_LINES", "1000000"))
"""Lines in the access log `kb usage import` reads (tests use fewer)."""


def run_measured(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run a command; return (seconds, peak resident memory in bytes of the process)."""
    # Output goes to a file, not a pipe: a build can log more than a pipe holds, and
    # nobody reads the pipe until the process ends.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=log
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            error = log.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{error[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


def fresh_start(work: Path, out: str) -> None:
    """Start a build as CI does, with no site folder from an earlier run.

    Otherwise each build pays for deleting the last one (MkDocs in the build, kb build
    in the background), and the disk is still busy with it during the next build.
    """
    for folder in [work / out, *work.glob(f".{out}.*")]:
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def plain_site(bank: Path, out: Path) -> Path:
    """The same pages as a plain Material site: items copied into docs, outside the nav."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    shutil.copytree(bank / "content", docs)
    for type_dir in (bank / "knowledge_bank").iterdir():
        if type_dir.is_dir():
            shutil.copytree(type_dir, docs / "knowledge-bank" / type_dir.name)
    ours = yaml.safe_load((bank / "mkdocs.yml").read_text().replace("!ENV", ""))
    written = [str(p.relative_to(docs)) for p in sorted(docs.rglob("*.md")) if "knowledge-bank" not in p.parts]
    config = {
        "site_name": ours["site_name"],
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False, "language": "en"},
        "plugins": ["search"],
        "markdown_extensions": ["admonition", "attr_list", "def_list", "tables", {"toc": {"permalink": True}}],
        "nav": written,
        "not_in_nav": "/knowledge-bank/",
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return out


def without_impact(bank: Path) -> Path:
    """A copy of the bank's mkdocs.yml with the "Measuring impact" pages left out of the nav."""
    lines = (bank / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.startswith("  - Measuring impact:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    target = bank / "mkdocs-no-impact.yml"
    target.write_text("".join(kept), encoding="utf-8")
    return target


def kb_has(command: str) -> bool:
    result = subprocess.run([*KB, command, "--help"], capture_output=True, text=True)
    return result.returncode == 0


def remove_drafts(bank: Path) -> None:
    for draft in (bank / "newsletters").glob("2026-q3*.md"):
        draft.unlink()


def item_page_sizes(site: Path) -> list[int]:
    return [page.stat().st_size for page in site.glob("knowledge-bank/*/item-*/index.html")]


# Notes which downloads had finished when the first results appeared on the page.
FIRST_RESULTS_WATCH = """
new MutationObserver(function () {
  var status = document.querySelector('.kb-search__status');
  if (!window.kbFirstResults && status && /result/.test(status.textContent)) {
    window.kbFirstResults = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def pagefind_first_search_bytes(site: Path) -> dict | None:
    """Bytes sent over the network from /pagefind/ for one search, as {"first_results", "with_counts"}.

    "first_results" is what had arrived when the results appeared; "with_counts" adds the
    filter files the pane loads next to count the results. Text files are gzip-compressed,
    as any real web host does; Pagefind's index files are already compressed. Returns None
    if Chromium or Playwright is missing.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    sys.path.insert(0, str(PROJECT / "tests"))
    from browser_support import CHROMIUM, CHROMIUM_ARGS, SiteServer  # noqa: E402

    if CHROMIUM is None or not (site / "pagefind").is_dir():
        return None
    with SiteServer(site, gzip=True) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(FIRST_RESULTS_WATCH)
        requests = []
        page.on("requestfinished", lambda request: requests.append(request) if "/pagefind/" in request.url else None)
        page.goto(f"{server.origin}/search/?query=family")
        page.wait_for_function("() => window.kbFirstResults", timeout=180_000)
        page.wait_for_function(
            "() => document.querySelector('.kb-search__filters').getAttribute('aria-busy') === 'false'",
            timeout=180_000,
        )
        page.wait_for_load_state("networkidle")
        first = set(page.evaluate("window.kbFirstResults"))
        sizes = {request.url: request.sizes()["responseBodySize"] for request in requests}
        browser.close()
    return {
        "first_results": sum(size for url, size in sizes.items() if url in first),
        "with_counts": sum(sizes.values()),
    }


def heaviest_pages(site: Path) -> dict:
    """The largest HTML file the build wrote, and how many are over 200 KB (the limit)."""
    sizes = sorted(((page.stat().st_size, page) for page in site.rglob("*.html")), reverse=True)
    size, page = sizes[0]
    return {
        "heaviest_page_kb": round(size / 1024, 1),
        "heaviest_page": page.relative_to(site).as_posix(),
        "pages_over_200_kb": sum(1 for bytes_, _ in sizes if bytes_ > 200 * 1024),
    }


def phone_pages(site: Path) -> dict[str, str]:
    """One address for each kind of page a phone opens most, found in the built site."""

    def first(pattern: str) -> str | None:
        found = sorted(site.glob(pattern))
        return found[0].parent.relative_to(site).as_posix() + "/" if found else None

    pages = {
        "home": "",
        "search, before any search": "search/",
        "item": first("knowledge-bank/tool/*/index.html"),
        "plan section": "plan/learning/",
        "type list": "knowledge-bank/tool/",
        "locality": first("knowledge-bank/locality/*/index.html"),
        "topic": first("knowledge-bank/tags/*/index.html"),
        "training": "training/upcoming/",
    }
    return {name: address for name, address in pages.items() if address is not None and (site / address).exists()}


def phone_page_bytes(site: Path) -> dict | None:
    """Bytes a phone (390 x 844, empty cache) downloads to open each kind of page, before any
    search, over gzip as any real web host sends text. None if Chromium or Playwright is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    sys.path.insert(0, str(PROJECT / "tests"))
    from browser_support import CHROMIUM, CHROMIUM_ARGS, SiteServer  # noqa: E402

    if CHROMIUM is None:
        return None
    found = {}
    with SiteServer(site, gzip=True) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, address in phone_pages(site).items():
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            requests = []
            page.on("requestfinished", lambda request: requests.append(request))
            page.goto(f"{server.origin}/{address}")
            page.wait_for_load_state("networkidle")
            sizes = [request.sizes() for request in requests]
            found[name] = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
            context.close()
        browser.close()
    return found


PREVIEW = """
import sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

bank, out, item = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

def once():
    # What `make serve` (mkdocs serve --dirty) does on each change: a fresh config, then a
    # build in the same process and into the same folder. The plugins live on between
    # builds, as in `mkdocs serve`, and are shut down only at the end.
    config = load_config(str(bank / "mkdocs.yml"), site_dir=out)
    config.plugins.on_startup(command="serve", dirty=True)
    start = time.perf_counter()
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    return time.perf_counter() - start, config

cold, _ = once()
item.write_text(item.read_text(encoding="utf-8").replace("## Why this matters", "## Why this matters now", 1), encoding="utf-8")
warm, config = once()
config.plugins.on_shutdown()
print(f"{cold:.3f} {warm:.3f}")
"""


IMPACT = """
import sys, time
from pathlib import Path
from sofs_kb.impact.downloads import downloads
from sofs_kb.impact.pages import impact_pages
from sofs_kb.impact.project import ImpactProject
from sofs_kb.project_config import read_site_config

project = ImpactProject.load(read_site_config(Path(sys.argv[1])))  # the bank and training are loaded anyway
times = []
for _ in range(3):
    start = time.perf_counter()
    report = project.report(project.plan_year())
    impact_pages(report)
    [download.text() for download in downloads(report)]
    times.append(time.perf_counter() - start)
print(sorted(times)[1], len(report.usage.months))
"""


def impact_seconds(bank: Path) -> tuple[float, int]:
    """The Measuring impact work alone: its figures (measures, and the months of page views
    gen_corpus.py writes), page plans and CSV downloads, timed in one process. Returns
    (seconds, months of usage data read).

    The difference between builds with and without it is smaller than the noise
    between two runs of the same build, so we also time the work itself.
    """
    result = subprocess.run(
        [sys.executable, "-c", IMPACT, str(bank / "mkdocs.yml")], capture_output=True, text=True, cwd=bank
    )
    if result.returncode != 0:
        raise SystemExit(f"impact measurement failed:\n{result.stderr[-3000:]}")
    seconds, months = result.stdout.split()
    return float(seconds), int(months)


IMPACT_IN_BUILD = """
import functools, sys, time
import mkdocs.commands.build as build_module
from mkdocs.config import load_config
from sofs_kb.mkdocs_plugins.impact import ImpactPlugin

spent = {"pages": 0.0, "plugin": 0.0}


def timed(function, key, when=lambda *a, **k: True):
    @functools.wraps(function)  # keeps MkDocs' event priority on the plugin's methods
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            if when(*args, **kwargs):
                spent[key] += time.perf_counter() - start
    return wrapper


if __name__ == "__main__":  # the checks run in a second process, which imports this one
    is_impact = lambda page, *a, **k: page.file.src_uri.startswith("impact/")
    build_module._build_page = timed(build_module._build_page, "pages", is_impact)
    build_module._populate_page = timed(build_module._populate_page, "pages", is_impact)
    ImpactPlugin.on_pre_build = timed(ImpactPlugin.on_pre_build, "plugin")
    ImpactPlugin.on_files = timed(ImpactPlugin.on_files, "plugin")
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command="build", dirty=False)
    start = time.perf_counter()
    build_module.build(config)
    total = time.perf_counter() - start
    config.plugins.on_shutdown()
    print(total, spent["plugin"], spent["pages"])
"""


def impact_in_build(bank: Path, out: Path) -> dict:
    """The impact pages' share of one real build, timed inside it: the plugin's own events and
    the building of every impact page, over the whole build, in the same process at the same time."""
    fresh_start(out.parent, out.name)
    script = out.parent / "impact_in_build.py"
    script.write_text(IMPACT_IN_BUILD, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(bank / "mkdocs.yml"), str(out)],
                            capture_output=True, text=True, cwd=bank, env={**os.environ, "KB_PAGEFIND": "false"})
    if result.returncode != 0:
        raise SystemExit(f"impact-in-build measurement failed:\n{result.stderr[-3000:]}")
    total, plugin, pages = (float(x) for x in result.stdout.split()[-3:])
    return {"build_seconds": round(total, 2), "plugin_seconds": round(plugin, 3), "pages_seconds": round(pages, 3),
            "share": round((plugin + pages) / total, 4)}


USAGE_IMPORT = """
import sys, time
from pathlib import Path
from sofs_kb.impact.addresses import site_addresses
from sofs_kb.impact.usage import Site, read_file
from sofs_kb.loader import load_bank
from sofs_kb.project_config import read_site_config

config = read_site_config(Path(sys.argv[1]))
log = Path(sys.argv[2])
site = Site(site_addresses(load_bank(config.settings("partnership"))), config.site_url)
start = time.perf_counter()
with log.open("rb") as stream:
    lines = sum(1 for _ in stream)  # the baseline: only reading the lines
baseline = time.perf_counter() - start
start = time.perf_counter()
result, _ = read_file(log, site, [])
seconds = time.perf_counter() - start
print(lines, baseline, seconds, result.views, result.bad)
"""

LOG_PAGES = ["/", "/knowledge-bank/", "/plan/learning/", "/training/", "/impact/"]


def write_log(path: Path, bank: Path, lines: int, seed: int = 5) -> None:
    """A combined-format access log with a realistic mix: pages, assets, bots, errors and broken lines."""
    rng = random.Random(seed)
    items = [f"/knowledge-bank/{p.parent.name}/{p.stem}/" for p in sorted((bank / "knowledge_bank").rglob("*.md"))]
    agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36",
              "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile Safari/604.1",
              "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            kind = rng.random()
            target = rng.choice(items) if kind < 0.5 else rng.choice(LOG_PAGES) if kind < 0.7 else \
                "/assets/stylesheets/main.css" if kind < 0.9 else "/no-such-page/"
            if kind > 0.999:
                out.write("a broken line\n")
                continue
            status = 200 if rng.random() > 0.05 else 404
            out.write(f'192.0.2.{number % 250} - - [{1 + number % 28:02d}/Oct/2026:10:{number % 60:02d}:00 +0000] '
                      f'"GET {target}?q={number % 7} HTTP/1.1" {status} 5120 "-" "{rng.choice(agents)}"\n')


def usage_import_speed(bank: Path, lines: int) -> dict:
    """Lines a minute that `kb usage import` reads from a combined-format log (target: 1,000,000),
    against only reading the same lines, in the same process."""
    log = bank.parent / f"access-{lines}.log"
    write_log(log, bank, lines)
    result = subprocess.run([sys.executable, "-c", USAGE_IMPORT, str(bank / "mkdocs.yml"), str(log)],
                            capture_output=True, text=True, cwd=bank)
    log.unlink()
    if result.returncode != 0:
        raise SystemExit(f"usage import measurement failed:\n{result.stderr[-3000:]}")
    count, baseline, seconds, views, bad = result.stdout.split()
    return {
        "lines": int(count),
        "seconds": round(float(seconds), 3),
        "lines_per_minute": round(int(count) / float(seconds) * 60),
        "over_reading_alone": round(float(seconds) / float(baseline), 2),
        "views_kept": int(views),
        "bad_lines": int(bad),
    }


def preview_rebuild(bank: Path) -> dict:
    """A live preview's first build, and its rebuild after one item is edited."""
    item = sorted((bank / "knowledge_bank" / "tool").glob("*.md"))[0]
    original = item.read_text(encoding="utf-8")
    fresh_start(bank.parent, "out-preview")
    try:
        result = subprocess.run(
            [sys.executable, "-c", PREVIEW, str(bank), str(bank.parent / "out-preview"), str(item)],
            capture_output=True, text=True, env={**os.environ, "KB_PAGEFIND": "false"},
        )
    finally:
        item.write_text(original, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"preview measurement failed:\n{result.stderr[-3000:]}")
    cold, warm = (float(x) for x in result.stdout.split())
    return {"cold_seconds": round(cold, 3), "rebuild_seconds": round(warm, 3), "rebuild_over_cold": round(warm / cold, 3)}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_size(count: int, runs: int, seed: int, work: Path) -> dict:
    bank = work / f"bank-{count}"
    gen_corpus.generate(bank, count, seed)
    plain = plain_site(bank, work / f"plain-{count}")
    variants = {
        "a_plain": (MKDOCS + ["build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(work / "out-a")], plain, {}),
        "b_full": (KB + ["build", "-f", str(bank / "mkdocs.yml"), "-d", str(work / "out-b")], bank, {}),
        "c_no_pagefind": (
            KB + ["build", "-f", str(bank / "mkdocs.yml"), "-d", str(work / "out-c")],
            bank,
            {"KB_PAGEFIND": "false"},
        ),
        "d_no_impact": (
            KB + ["build", "-f", str(without_impact(bank)), "-d", str(work / "out-d")],
            bank,
            {"KB_IMPACT": "false"},
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    memory: dict[str, int] = {name: 0 for name in variants}
    for run in range(runs):
        for name, (command, cwd, env) in variants.items():
            fresh_start(work, "out-" + name[0])
            seconds, peak = run_measured(command, cwd, env)
            times[name].append(seconds)
            memory[name] = max(memory[name], peak)
            print(f"  N={count} run {run + 1}/{runs} {name}: {seconds:.2f} s, {peak / 2**20:.0f} MB", flush=True)

    result: dict = {
        "items": count,
        "median_seconds": {name: round(median(values), 3) for name, values in times.items()},
        "peak_memory_mb": {name: round(peak / 2**20, 1) for name, peak in memory.items()},
    }
    a = result["median_seconds"]["a_plain"]
    result["ratio_b_over_a"] = round(result["median_seconds"]["b_full"] / a, 3)
    result["ratio_c_over_a"] = round(result["median_seconds"]["c_no_pagefind"] / a, 3)
    # Each build over the plain build just before it: the spread shows how noisy the machine was.
    for variant, key in (("b_full", "ratio_b_over_a_each_run"), ("c_no_pagefind", "ratio_c_over_a_each_run")):
        pairs = sorted(ours / plain for ours, plain in zip(times[variant], times["a_plain"]))
        result[key] = {"min": round(pairs[0], 3), "median": round(median(pairs), 3), "max": round(pairs[-1], 3)}
    result["impact_share"] = round(result["median_seconds"]["b_full"] / result["median_seconds"]["d_no_impact"] - 1, 3)

    sizes = item_page_sizes(work / "out-b")
    result["item_page_kb"] = {
        "median": round(median(sizes) / 1024, 1),
        "max": round(max(sizes) / 1024, 1) if sizes else None,
    }
    result["plain_item_page_kb"] = round(
        median([p.stat().st_size for p in (work / "out-a").glob("knowledge-bank/*/item-*/index.html")]) / 1024, 1
    )

    if kb_has("check"):
        checks = [bench_privacy.timed(KB + ["check"], bank) for _ in range(runs)]
        check_times = [wall for wall, _ in checks]
        result["kb_check_seconds"] = round(median(check_times), 3)
        result["kb_check_over_build"] = round(result["kb_check_seconds"] / result["median_seconds"]["b_full"], 3)
        # What the privacy scan adds to kb check (target: at most 10%), and the last gate's
        # share of the full build it is part of.
        privacy = bench_privacy.check_overhead(bank, runs, with_scan=checks)
        result["privacy_share_of_check"] = privacy["privacy_share_of_check"]
        gate = bench_privacy.gate_seconds(bank, work / "out-b")
        result["privacy_gate_seconds"] = gate["privacy_gate_seconds"]
        result["privacy_gate_share_of_build"] = round(gate["privacy_gate_seconds"] / result["median_seconds"]["b_full"], 3)
    if kb_has("newsletter"):
        draft_times = []
        for _ in range(runs):
            remove_drafts(bank)
            draft_times.append(run_measured(KB + ["newsletter", "draft", "2026-Q3"], bank)[0])
        # Leave the bank as it was: an unedited draft would fail the checks of a later build.
        remove_drafts(bank)
        result["kb_newsletter_draft_seconds"] = round(median(draft_times), 3)

    seconds, months = impact_seconds(bank)
    result["impact_seconds"] = round(seconds, 3)
    result["impact_usage_months"] = months
    result["impact_share_measured"] = round(result["impact_seconds"] / result["median_seconds"]["b_full"], 4)
    result["preview"] = preview_rebuild(bank)
    result["impact_in_build"] = impact_in_build(bank, work / "out-impact")
    result["usage_import"] = usage_import_speed(bank, USAGE_LINES)

    result.update(heaviest_pages(work / "out-b"))
    phone = phone_page_bytes(work / "out-b")
    if phone is not None:
        result["phone_page_kb"] = {name: round(size / 1024, 1) for name, size in phone.items()}
        result["phone_page_kb_max"] = max(result["phone_page_kb"].values())
    transfer = pagefind_first_search_bytes(work / "out-b")
    if transfer is not None:
        result["pagefind_first_search_kb"] = round(transfer["first_results"] / 1024, 1)
        result["pagefind_search_with_counts_kb"] = round(transfer["with_counts"] / 1024, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the build against plain mkdocs-material.")
    parser.add_argument("--items", type=int, action="append", required=True, help="bank size; repeat for several")
    parser.add_argument("--runs", type=int, default=3, help="builds of each variant per size (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the generated banks and sites in this folder")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    figures = {"runs": args.runs, "seed": args.seed, "cpus": os.cpu_count(), "sizes": []}
    try:
        for count in args.items:
            print(f"Benchmarking {count} items ({args.runs} runs of each variant)...", flush=True)
            size = bench_size(count, args.runs, args.seed, work)
            figures["sizes"].append(size)
            # Print each size as soon as it is done, so a long run that is cut short keeps its figures.
            print(f"  figures for {count} items: {json.dumps(size, sort_keys=True)}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    for size in figures["sizes"]:
        s = size["median_seconds"]
        print(
            f"\n{size['items']} items: plain {s['a_plain']:.2f} s, ours {s['b_full']:.2f} s "
            f"(b/a {size['ratio_b_over_a']}), without Pagefind {s['c_no_pagefind']:.2f} s "
            f"(c/a {size['ratio_c_over_a']}); peak memory {size['peak_memory_mb']}; "
            f"item page {size['item_page_kb']['median']} KB"
        )
        each = size["ratio_b_over_a_each_run"]
        print(f"  b/a run by run: {each['min']} to {each['max']}, median {each['median']}")
        print(
            f"  impact pages: {size['impact_seconds']} s of work with {size['impact_usage_months']} months of page "
            f"views, {size['impact_share_measured'] * 100:.1f}% of the build (builds with and without differ by "
            f"{size['impact_share'] * 100:.1f}%); preview {size['preview']}"
        )
        inside = size["impact_in_build"]
        print(
            f"  impact pages inside one build (without Pagefind): plugin {inside['plugin_seconds']} s + pages "
            f"{inside['pages_seconds']} s of {inside['build_seconds']} s = {inside['share'] * 100:.1f}% (target < 5%)"
        )
        usage = size["usage_import"]
        print(
            f"  kb usage import: {usage['lines']:,} lines in {usage['seconds']} s = {usage['lines_per_minute']:,} lines "
            f"a minute (target 1,000,000); {usage['over_reading_alone']} times the time to only read the lines"
        )
        print(
            f"  heaviest HTML page: {size['heaviest_page_kb']} KB ({size['heaviest_page']}); "
            f"pages over 200 KB: {size['pages_over_200_kb']}"
        )
        if size.get("phone_page_kb"):
            print(f"  phone page, gzip, before any search: at most {size['phone_page_kb_max']} KB {size['phone_page_kb']}")
        for key in ("kb_check_seconds", "kb_check_over_build", "privacy_share_of_check", "privacy_gate_share_of_build",
                    "kb_newsletter_draft_seconds", "pagefind_first_search_kb",
                    "pagefind_search_with_counts_kb"):
            if size.get(key) is not None:
                print(f"  {key}: {size[key]}")
    # The targets compare each size with the next one down, for example 10,000 items with 5,000.
    by_size = {size["items"]: size for size in figures["sizes"]}
    counts = sorted(by_size)
    figures["scaling"] = []
    for small, large in zip(counts, counts[1:]):
        step = {
            "from": small,
            "to": large,
            "build_ratio": round(by_size[large]["median_seconds"]["b_full"] / by_size[small]["median_seconds"]["b_full"], 3),
            "item_page_ratio": round(
                by_size[large]["item_page_kb"]["median"] / by_size[small]["item_page_kb"]["median"], 3
            ),
        }
        figures["scaling"].append(step)
        print(
            f"\nbuild({large}) / build({small}) = {step['build_ratio']}; "
            f"item page size ratio {step['item_page_ratio']}"
        )
    if len(counts) >= 2:
        first, last = by_size[counts[0]], by_size[counts[-1]]
        figures["item_page_growth"] = round(last["item_page_kb"]["median"] / first["item_page_kb"]["median"], 3)
        print(f"item page size, {counts[-1]} items over {counts[0]}: {figures['item_page_growth']}")
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
