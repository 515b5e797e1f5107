"""What the privacy scan costs: its share of `kb check`, and the last gate's share of a build.

    python scripts/bench_privacy.py [N] [--runs 5]

Generates N items (default 5,000) with scripts/gen_corpus.py, then, in fresh
processes taking turns so a busy machine slows both alike:

- `kb check` as shipped;
- `kb check` with the privacy scan replaced by one that finds nothing, in that
  process only (the product has no switch to turn the scan off).

It prints both medians and what the scan adds, as a share of `kb check` without
it (target: at most 10%), in processor time (steadier on a shared machine) and in
wall time. It then builds the site once and times the last gate
over everything the build wrote, against that build's time. scripts/bench.py
reports the same figures for each bank size it builds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

TARGET = 0.10
NO_SCAN = (
    "import sofs_kb.checks.privacy as privacy\n"
    "privacy.start = lambda documents, files, scanner: list\n"
    "from sofs_kb.cli import main\n"
    "main(['check'])\n"
)
GATE = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from sofs_kb.checks.output_gate import check_site\n"
    "from sofs_kb.mkdocs_plugins.checks import check_options\n"
    "from sofs_kb.mkdocs_plugins.project import load_project\n"
    "project = load_project(Path('mkdocs.yml'))\n"
    "options = check_options(project.mkdocs)\n"
    "start = time.process_time()\n"
    "report = None  # the gate runs the privacy scan itself, as kb build does with the checks off\n"
    "problems = check_site(Path(sys.argv[1]), project.settings, options, report)\n"
    "print(time.process_time() - start, len(problems))\n"
)


def timed(command: list[str], cwd: Path, allowed: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """(wall seconds, processor seconds) of a command, in a fresh process.

    Processor time is what the command itself used, so it varies less than wall time
    when other work shares the machine.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in allowed or "Traceback" in stderr:
        sys.exit(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def check_overhead(bank: Path, runs: int, with_scan: list[tuple[float, float]] | None = None) -> dict:
    """Median seconds of kb check with and without the privacy scan, and the share the scan adds.

    `with_scan` holds timings of kb check as shipped already taken (bench.py has them).
    """
    python = sys.executable
    measured, without = with_scan is None, []
    with_scan = with_scan or []
    for _ in range(runs):
        if measured:
            with_scan.append(timed([python, "-m", "sofs_kb.cli", "check"], bank))
        without.append(timed([python, "-c", NO_SCAN], bank))
    wall_a, wall_b = (statistics.median(t[0] for t in runs_) for runs_ in (with_scan, without))
    cpu_a, cpu_b = (statistics.median(t[1] for t in runs_) for runs_ in (with_scan, without))
    return {
        "kb_check_seconds": round(wall_a, 3),
        "kb_check_without_privacy_seconds": round(wall_b, 3),
        "kb_check_cpu_seconds": round(cpu_a, 3),
        "kb_check_without_privacy_cpu_seconds": round(cpu_b, 3),
        "privacy_share_of_check": round(cpu_a / cpu_b - 1, 3),
        "privacy_share_of_check_wall": round(wall_a / wall_b - 1, 3),
    }


def gate_seconds(bank: Path, site: Path) -> dict:
    """Processor seconds the last gate takes over a built site, the privacy scan of the sources included."""
    result = subprocess.run([sys.executable, "-c", GATE, str(site)], cwd=bank, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the privacy gate failed:\n{result.stderr[-2000:]}")
    seconds, problems = result.stdout.split()
    files = sum(1 for p in site.rglob("*") if p.is_file())
    return {"privacy_gate_seconds": round(float(seconds), 3), "privacy_gate_files": files, "privacy_gate_findings": int(problems)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", nargs="?", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank"
        gen_corpus.generate(bank, args.items, 1)
        figures = {"items": args.items, **check_overhead(bank, args.runs)}
        build, _ = timed([str(Path(sys.executable).parent / "kb"), "build", "-d", str(Path(tmp) / "site")], bank, allowed=(0,))
        figures["kb_build_seconds"] = round(build, 3)
        figures.update(gate_seconds(bank, Path(tmp) / "site"))
        figures["privacy_gate_share_of_build"] = round(figures["privacy_gate_seconds"] / build, 3)
    print(json.dumps(figures))
    return 0 if figures["privacy_share_of_check"] <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
