"""Benchmark our build against plain mkdocs-material on the same generated bank.

    python scripts/bench.py --items 5000 [--items 10000] [--runs 3] [--seed 1]

For each size it generates a bank with scripts/gen_corpus.py, then alternates:

  (a) plain mkdocs-material: the same pages, items outside the nav, search plugin only;
  (b) the full project build, `kb build`, with Pagefind and every plugin;
  (c) the same as (b) without Pagefind.

Builds run one at a time in fresh processes, alternating, so a noisy machine
affects every variant alike. It reports medians, the ratios b/a and c/a, peak
memory, item page size, the bytes a first search downloads from Pagefind, and
the time of `kb check` and `kb newsletter draft` where those commands exist.
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
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

import gen_corpus  # noqa: E402

BIN = Path(sys.executable).parent
KB = [str(BIN / "kb")]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def run_measured(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run a command; return (seconds, peak resident memory in bytes) of that process tree's largest process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{error[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


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


def kb_has(command: str) -> bool:
    result = subprocess.run([*KB, command, "--help"], capture_output=True, text=True)
    return result.returncode == 0


def item_page_sizes(site: Path) -> list[int]:
    return [page.stat().st_size for page in site.glob("knowledge-bank/*/item-*/index.html")]


def pagefind_first_search_bytes(site: Path) -> int | None:
    """Bytes the browser downloads from /pagefind/ to show the first results for one search."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None or not (site / "pagefind").is_dir():
        return None
    sys.path.insert(0, str(PROJECT / "tests"))
    from browser_support import CHROMIUM_ARGS, SiteServer  # noqa: E402

    total = 0
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sizes: list[int] = []

        def record(response):
            if "/pagefind/" in response.url:
                sizes.append(len(response.body()))

        page.on("response", record)
        page.goto(f"{server.origin}/search/?query=family")
        page.wait_for_selector(".kb-result", timeout=60_000)
        page.wait_for_load_state("networkidle")
        total = sum(sizes)
        browser.close()
    return total


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
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    memory: dict[str, int] = {name: 0 for name in variants}
    for run in range(runs):
        for name, (command, cwd, env) in variants.items():
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

    sizes = item_page_sizes(work / "out-b")
    result["item_page_kb"] = {
        "median": round(median(sizes) / 1024, 1),
        "max": round(max(sizes) / 1024, 1) if sizes else None,
    }
    result["plain_item_page_kb"] = round(
        median([p.stat().st_size for p in (work / "out-a").glob("knowledge-bank/*/item-*/index.html")]) / 1024, 1
    )

    if kb_has("check"):
        check_times = [run_measured(KB + ["check"], bank)[0] for _ in range(runs)]
        result["kb_check_seconds"] = round(median(check_times), 3)
        result["kb_check_over_build"] = round(result["kb_check_seconds"] / result["median_seconds"]["b_full"], 3)
    if kb_has("newsletter"):
        draft_times = []
        for _ in range(runs):
            for leftover in (bank / "newsletters").glob("2026-q3*.md"):
                leftover.unlink()
            draft_times.append(run_measured(KB + ["newsletter", "draft", "2026-Q3"], bank)[0])
        result["kb_newsletter_draft_seconds"] = round(median(draft_times), 3)

    transfer = pagefind_first_search_bytes(work / "out-b")
    result["pagefind_first_search_kb"] = round(transfer / 1024, 1) if transfer is not None else None
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
            figures["sizes"].append(bench_size(count, args.runs, args.seed, work))
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
        for key in ("kb_check_seconds", "kb_check_over_build", "kb_newsletter_draft_seconds", "pagefind_first_search_kb"):
            if size.get(key) is not None:
                print(f"  {key}: {size[key]}")
    by_size = {size["items"]: size for size in figures["sizes"]}
    if len(by_size) >= 2:
        small, large = sorted(by_size)[:2], None
        large = sorted(by_size)[-1]
        small = sorted(by_size)[0]
        figures["scaling_b"] = round(
            by_size[large]["median_seconds"]["b_full"] / by_size[small]["median_seconds"]["b_full"], 3
        )
        figures["item_page_growth"] = round(
            by_size[large]["item_page_kb"]["median"] / by_size[small]["item_page_kb"]["median"], 3
        )
        print(f"\nbuild({large}) / build({small}) = {figures['scaling_b']}; item page size ratio {figures['item_page_growth']}")
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
