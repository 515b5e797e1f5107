"""Time `kb newsletter draft` for one quarter over a large generated bank.

    python scripts/bench_newsletter.py [--items 10000] [--quarter 2025-Q2] [--runs 5] [--keep DIR]

Makes a bank with scripts/gen_corpus.py (the shipped settings, saved feeds and
plan, plus N generated items), then runs the real command end to end, as an
editor would, several times. The target is under 2 seconds for 10,000 items.

Two baselines are measured in the same run, on the same machine:
- `kb --help`: starting Python and importing the command, which every run pays;
- loading and checking the whole bank, which the draft avoids by reading only
  the items dated in its quarter (and the ones issues feature).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_corpus import generate  # noqa: E402

KB = [sys.executable, "-m", "sofs_kb.cli"]
TARGET = 2.0


def timed(command: list[str], cwd: Path, runs: int) -> tuple[list[float], str]:
    """Wall-clock seconds for each run, and what the last run printed. Exits if the command fails."""
    times = []
    output = ""
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        output = result.stdout.strip()
    return times, output


def whole_bank_load(site: Path) -> float:
    code = (
        "import time; from pathlib import Path;"
        "from sofs_kb.mkdocs_plugins.project import load_project;"
        "p = load_project(Path('mkdocs.yml')); t = time.perf_counter(); b = p.load_bank();"
        "print(time.perf_counter() - t, len(b.items))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, check=True)
    return float(result.stdout.split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="how many items to generate (default 10000)")
    parser.add_argument("--quarter", default="2025-Q2", help="the quarter to draft (default 2025-Q2)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the draft (default 5)")
    parser.add_argument("--keep", type=Path, help="generate the bank here and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as scratch:
        site = (args.keep or Path(scratch) / "site").resolve()
        print(f"Generating {args.items} items in {site} ...", flush=True)
        generate(site, args.items)

        draft = [*KB, "newsletter", "draft", args.quarter, "--force", "--today", "2026-11-26"]
        timed(draft, site, 1)  # warm the file cache, as on an editor's machine
        draft_times, said = timed(draft, site, args.runs)
        startup = statistics.median(timed([*KB, "--help"], site, args.runs)[0])
        load = whole_bank_load(site)
        median = statistics.median(draft_times)

        print()
        print(f"kb newsletter draft {args.quarter}, {args.items} items, {args.runs} runs:")
        print(f"  median {median:.2f} s, fastest {min(draft_times):.2f} s, slowest {max(draft_times):.2f} s")
        print(f"  target {TARGET:.1f} s: the median is {median / TARGET:.0%} of it")
        print("Baselines measured in the same run:")
        print(f"  kb --help (start-up only): {startup:.2f} s; the draft takes {median / startup:.1f}x that")
        print(f"  loading and checking the whole bank in-process: {load:.2f} s ({load / median:.1f}x the whole draft)")
        print(f"The command said: {said}")
        return 0 if median < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
