"""Measure what training adds to a site build, as a ratio against the same build without it.

    python scripts/bench_training.py [--items 1000] [--events 2000] [--repeat 3]

Makes a bank of ITEMS generated items (scripts/gen_corpus.py) with the shipped
courses, replaces the dates with EVENTS generated ones spread over five plan
years, then builds the site with `sofs/training` switched off and on, taking
the best of REPEAT runs of each. Also times the training core on its own
(load, listings, every calendar feed, tracking) and reports the feeds' size.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import generate  # noqa: E402

COLUMNS = ("course", "start", "end", "locality", "venue", "places", "booked", "status",
           "booking", "attended", "evaluation")
COURSES = ("briefings", "foundation", "family-networking", "practice-leaders",
           "development-sessions", "leadership-learning")
LOCALITIES = ("breckland", "great-yarmouth", "kings-lynn", "north-norfolk", "norwich", "south-norfolk")
FIRST_YEAR = 2022
YEARS = 5
TODAY = date(2026, 11, 26)


def write_events(project: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder = project / "data/training"
    for old in folder.glob("*.csv"):
        old.unlink()
    per_year = count // YEARS
    for offset in range(YEARS):
        year = FIRST_YEAR + offset
        start_of_year = date(year, 4, 1)
        rows, seen = [], set()
        while len(rows) < per_year:
            day = start_of_year + timedelta(days=rng.randrange(365))
            if day.weekday() >= 5:
                continue
            course, locality = rng.choice(COURSES), rng.choice(LOCALITIES)
            hour = rng.choice((9, 10, 13))
            key = (course, day, hour, locality)
            if key in seen:
                continue
            seen.add(key)
            start = datetime(day.year, day.month, day.day, hour, 30)
            places = rng.choice((25, 30, 50))
            booked = rng.randint(0, places)
            if day < TODAY:
                status = "cancelled" if rng.random() < 0.03 else "delivered"
            else:
                status = "full" if booked == places else "open"
            delivered = status == "delivered"
            rows.append({
                "course": course, "start": f"{start:%Y-%m-%d %H:%M}",
                "end": f"{start + timedelta(hours=2):%Y-%m-%d %H:%M}", "locality": locality,
                "venue": "Online" if course == "briefings" else "Town Hall", "places": places,
                "booked": booked, "status": status, "booking": "",
                "attended": rng.randint(0, booked) if delivered else "",
                "evaluation": round(rng.uniform(3, 5), 1) if delivered else "",
            })
        with (folder / f"{year}-{(year + 1) % 100:02d}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def set_training(project: Path, on: bool) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  - sofs/training(:\n      enabled: false)?\n", "  - sofs/training\n" if on else
                  "  - sofs/training:\n      enabled: false\n", text)
    if not on:
        text = re.sub(r"  - Training:\n(      .*\n|          .*\n)+", "", text)
    # The course pages link to pages only the training plugin makes, so they go too.
    courses, parked = project / "content" / "training", project / "training-switched-off"
    if not on and courses.exists():
        courses.rename(parked)
    if on and parked.exists():
        parked.rename(courses)
    text = re.sub(r"(  - sofs/knowledge-bank:\n)", r"\1      today: '2026-11-26'\n", text, count=1) \
        if "today:" not in text else text
    config.write_text(text, encoding="utf-8")


def best_build(project: Path, repeat: int) -> float:
    from sofs_kb.build import build_site

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        build_site(project / "mkdocs.yml", project / "site")
        times.append(time.perf_counter() - started)
    return min(times)


def core_only(project: Path, repeat: int) -> tuple[float, int, int]:
    from sofs_kb.mkdocs_plugins.project import load_project
    from sofs_kb.mkdocs_plugins.training import training_for_project
    from sofs_kb.training import track_plan_year
    from sofs_kb.training.calendar import calendar_files
    from sofs_kb.training.pages import training_pages
    from sofs_kb.training.view import TrainingView

    project_settings = load_project(project / "mkdocs.yml")
    bank = project_settings.load_bank()
    times, size, count = [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        data = training_for_project(project_settings, bank)
        training_pages(TrainingView(data))
        files = calendar_files(data)
        for year in data.plan_years:
            track_plan_year(data, year)
        times.append(time.perf_counter() - started)
        size, count = sum(len(content) for content in files.values()), len(data.events)
    return min(times), size, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000, help="knowledge-bank items (default 1000)")
    parser.add_argument("--events", type=int, default=2000, help="training dates over five years (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build; the best counts (default 3)")
    args = parser.parse_args(argv)
    import logging

    from sofs_kb.build import BuildFailed, show_mkdocs_messages

    show_mkdocs_messages()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # errors only: a build of thousands of items warns a lot
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "bench"
        generate(project, args.items)
        write_events(project, args.events)
        try:
            set_training(project, on=False)
            without = best_build(project, args.repeat)
            set_training(project, on=True)
            with_training = best_build(project, args.repeat)
        except BuildFailed as error:
            print(f"error: the generated bank did not build. {error}", file=sys.stderr)
            return 1
        core, size, count = core_only(project, args.repeat)
    print(f"items: {args.items}, training dates: {count} over {YEARS} plan years")
    print(f"site build without training: {without:.2f} s")
    print(f"site build with training:    {with_training:.2f} s  (ratio {with_training / without:.2f})")
    print(f"training core alone (load, pages, {count + 6 + 6 + 1} feeds, tracking): {core:.2f} s")
    print(f"calendar feeds: {size / 1_000_000:.1f} MB in total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
