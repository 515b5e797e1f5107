"""Time `kb check` against a full site build of the same generated bank, in one run.

    python scripts/bench_check.py [N] [--keep DIR]

Generates N items (default 5,000) with scripts/gen_corpus.py, then times, as
people run them:

- `kb check` over the whole bank;
- `kb build`, the full site build, with the checks plugin switched off
  (the baseline the target is measured against);
- `kb build` as shipped, with the checks plugin on;
- the small test site built with the checks plugin on and off, as the test
  suite builds it many times over.

The target: kb check takes less than half the time of the full build.
Exits with status 1 if it does not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TEST_SITE = PROJECT / "tests" / "fixtures" / "site"
TARGET = 0.5
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def kb(*args: str, cwd: Path, allowed: tuple[int, ...] = (0,)) -> float:
    """Run a kb command and return how long it took, in seconds."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sofs_kb.cli", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode not in allowed:
        sys.exit(f"kb {' '.join(args)} failed in {cwd}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    if args[0] == "check":
        print(f"  kb check said: {result.stdout.splitlines()[-1]}")
    return took


def without_checks(project: Path) -> Path:
    """A copy of mkdocs.yml with the checks plugin switched off."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if "  - sofs/checks:\n" not in text:
        sys.exit("mkdocs.yml does not switch on sofs/checks as expected.")
    config = project / "mkdocs-no-checks.yml"
    config.write_text(text.replace("  - sofs/checks:\n", "  - sofs/checks:\n      enabled: false\n", 1), encoding="utf-8")
    return config


def best_of(runs: int, action) -> float:
    return min(action() for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=5000, help="items to generate (default 5000)")
    parser.add_argument("--keep", type=Path, help="generate the bank here and keep it, instead of a temporary folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    bank = (args.keep or work / "bank").resolve()
    try:
        print(f"Generating {args.count} items in {bank} ...")
        generated = subprocess.run([sys.executable, str(PROJECT / "scripts" / "gen_corpus.py"), str(bank), str(args.count)], env=ENV)
        if generated.returncode != 0:
            return 1  # gen_corpus.py has said why
        plain = without_checks(bank)

        print("Timing kb check ...")
        check = kb("check", cwd=bank, allowed=(0, 1))
        print("Timing the full build, checks plugin off ...")
        build = kb("build", "-f", str(plain), "--site-dir", str(work / "site-plain"), cwd=bank)
        print("Timing the full build as shipped, checks plugin on ...")
        build_checked = kb("build", "--site-dir", str(work / "site-checked"), cwd=bank)

        print("Timing the test site (best of 3) ...")
        small = work / "small"
        shutil.copytree(TEST_SITE, small)
        small_plain = without_checks(small)
        small_on = best_of(3, lambda: kb("build", "--site-dir", str(work / "small-on"), cwd=small))
        small_off = best_of(3, lambda: kb("build", "-f", str(small_plain), "--site-dir", str(work / "small-off"), cwd=small))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = check / build
    print()
    print(f"Bank of {args.count} items, all times in seconds")
    print(f"  kb check                          {check:7.1f}")
    print(f"  full build, checks plugin off     {build:7.1f}")
    print(f"  full build, checks plugin on      {build_checked:7.1f}")
    print(f"  kb check / full build             {ratio:7.2f}   (target: under {TARGET})")
    print(f"  checks' share of the shipped build{(build_checked - build) / build_checked:7.0%}")
    print(f"Test site build: checks on {small_on:.2f}, off {small_off:.2f}")
    if ratio >= TARGET:
        print(f"Target missed: kb check took {ratio:.2f} of the build's time.")
        return 1
    print("Target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
