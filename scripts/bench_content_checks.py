"""Time the commands a content-only pull request runs (checks.yml, job "content").

    python scripts/bench_content_checks.py [--runs 3]

In a fresh clone of this repository (committed files only), it times: the install
from the lock file (`make .venv/.installed`, with pip's cache as it is), `kb check`
with the pull request's Markdown report, and a strict build of each edition. Then,
as the baseline in the same run, one plain `mkdocs build` of the same content with
only Material (no plugins of ours). It prints each median and the ratio
content-path / baseline, because absolute times on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
STEPS = [
    ("install from the lock", ["make", "--quiet", ".venv/.installed"]),
    ("kb check (markdown report)", [".venv/bin/kb", "check", "--format", "github", "--summary", "findings.md"]),
    ("build public edition", [".venv/bin/kb", "build", "--edition", "public", "--site-dir", "out/public"]),
    ("build partnership edition", [".venv/bin/kb", "build", "--edition", "partnership", "--site-dir", "out/partnership"]),
]
PLAIN = """site_name: Plain
docs_dir: content
theme:
  name: material
  font: false
plugins: []
"""


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name, _ in STEPS}
    times["baseline: plain mkdocs build"] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            clone = Path(scratch) / "clone"
            subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(clone)], check=True)
            for name, command in STEPS:
                times[name].append(timed(command, clone))
            (clone / "plain.yml").write_text(PLAIN, encoding="utf-8")
            times["baseline: plain mkdocs build"].append(
                timed([".venv/bin/mkdocs", "build", "-q", "-f", "plain.yml", "-d", "out/plain"], clone)
            )
    medians = {name: statistics.median(values) for name, values in times.items()}
    path_total = sum(medians[name] for name, _ in STEPS)
    checks_total = path_total - medians["install from the lock"]
    for name, value in medians.items():
        print(f"{name:32} {value:6.1f} s")
    print(f"{'content path, all four':32} {path_total:6.1f} s")
    print(f"ratio (check + builds) / baseline: {checks_total / medians['baseline: plain mkdocs build']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
