"""Generate a knowledge bank of N valid items, for benchmarks and scale tests.

    python scripts/gen_corpus.py OUT_DIR N [--seed S] [--usage-months M] [--force]

Copies the site (settings, pages, vocabularies; not the shipped items or
newsletters) to OUT_DIR and writes N items there: every type, every plan
section, realistic bodies with headings, lists and links to other items.
It also writes M months of page views (default 24, to October 2026) into
data/usage, as `kb usage import` would. The same N and seed always give the same files. It replaces OUT_DIR only if
the folder is empty or was made by this script, unless you add --force.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
COPIED = ("content", "data", "mkdocs.yml")

TYPES = ("practice-resource", "research-summary", "practice-example", "tool")
TOPICS = (
    "safety planning", "voice of the child", "family network", "supervision",
    "appreciative inquiry", "mapping", "danger statements", "safety goals",
    "words and pictures", "audit", "plain language", "scaling questions",
    "direct work", "case recording", "multi-agency working", "early help",
    "training", "leadership", "data", "feedback from families",
)
OWNERS = (
    "Superleaders group", "Signs of Safety Partnership Steering Group",
    "Practice Leaders network", "Early help practice team", "Quality assurance team",
)
# Mostly short, everyday words, so generated pages read like the real ones and pass
# `kb check`'s plain-English limits (even the stricter ones for family-facing items).
WORDS = (
    "family network worries safety plan child school health visitor meeting "
    "strengths goals practice questions support parents carers agencies "
    "review progress change listen words pictures scale danger statement "
    "clear plain language together steps timely help "
    "we the a and to it is can with for what how who when our you they this at home "
    "work well talk ask hear say make keep safe next week each day new good time"
).split()


def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def plan_ids(site: Path) -> list[str]:
    ids = []
    for page in sorted((site / "content" / "plan").glob("*.md")):
        if page.name == "index.md":
            continue
        front = page.read_text(encoding="utf-8").split("---", 2)[1]
        ids.append(yaml.safe_load(front)["id"])
    return ids


def item_text(rng, index, type_id, slug, sections, audiences, localities, peers) -> str:
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 1030))
    audience = rng.sample(audiences, rng.randint(1, 3))
    # Family-facing pages must pass stricter plain-English limits, so they get shorter sentences.
    family_facing = "families" in audience

    def say(low: int = 6, high: int = 16) -> str:
        return sentence(rng, min(low, 4), min(high, 9)) if family_facing else sentence(rng, low, high)

    def prose(count: int = 4) -> str:
        return " ".join(say() for _ in range(count))

    meta = {
        "title": f"{sentence(rng, 3, 7)[:-1]} ({index})",
        "summary": say(10, 20),
        "type": type_id,
        "plan_sections": rng.sample(sections, rng.randint(1, 3)),
        "audience": audience,
        "tags": rng.sample(TOPICS, rng.randint(1, 4)),
        "owner": rng.choice(OWNERS),
        "published": published.isoformat(),
        "review_by": (published + timedelta(days=rng.choice((540, 730, 1095)))).isoformat(),
        "status": "published",
    }
    if type_id == "research-summary":
        meta["source"] = {
            "citation": f"Author, A. ({published.year}) {sentence(rng, 4, 8)[:-1]}. Publisher.",
            "url": f"https://research.example.org/papers/{slug}",
        }
        meta["key_findings"] = [say() for _ in range(rng.randint(2, 4))]
    elif type_id == "practice-example":
        meta["anonymised"] = True
        meta["locality"] = rng.choice(localities)
    elif type_id == "tool":
        meta["steps"] = [say(4, 10) for _ in range(rng.randint(3, 6))]
    links = "".join(
        f"- [{peer_title}](../{peer_type}/{peer_slug}.md)\n"
        for peer_type, peer_slug, peer_title in rng.sample(peers, min(3, len(peers)))
    )
    body = (
        f"## Why this matters\n\n{prose()}\n\n"
        f"## What to do\n\n"
        + "".join(f"{n}. {say(5, 12)}\n" for n in range(1, rng.randint(3, 6)))
        + f"\n## What we learned\n\n{prose(3)}\n\n"
        + (f"## Related reading\n\n{links}" if links else "")
    )
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n{body}"


# Marks a folder this script made, so running it again may replace that folder,
# and never a folder of someone's own work.
MARKER = ".generated-bank"


class FolderInUse(Exception):
    pass


USAGE_LAST_MONTH = (2026, 10)


def write_usage(out: Path, items: list[tuple[str, str, date]], months: int, seed: int) -> None:
    """Page views for `months` months up to October 2026: a few popular items, a long tail, some never seen."""
    rng = random.Random(seed + 1000)
    folder = out / "data" / "usage"
    folder.mkdir(parents=True, exist_ok=True)
    weight = {slug: (rng.paretovariate(1.2) if rng.random() > 0.08 else 0.0) for _, slug, _ in items}
    year, month = USAGE_LAST_MONTH
    index = year * 12 + month - 1
    for step in range(months - 1, -1, -1):
        y, m = divmod(index - step, 12)
        first = date(y, m + 1, 1)
        rows = [("/", rng.randint(800, 1200)), ("/knowledge-bank/", rng.randint(300, 600))]
        for type_id, slug, published in items:
            if published < first and weight[slug]:
                rows.append((f"/knowledge-bank/{type_id}/{slug}/", int(weight[slug] * rng.randint(1, 6))))
        lines = ["address,views"] + [f"{address},{views}" for address, views in sorted(rows) if views]
        (folder / f"{y}-{m + 1:02d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out: Path, count: int, seed: int = 1, force: bool = False, usage_months: int = 24) -> None:
    rng = random.Random(seed)
    out = out.resolve()
    if out == PROJECT or PROJECT.is_relative_to(out):
        raise FolderInUse(f"{out}: this folder holds the project itself. Choose another folder.")
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).is_file() and not force:
            raise FolderInUse(
                f"{out}: the folder is not empty, and this script did not make it. "
                "Choose a new folder, or add --force to replace it."
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("Made by scripts/gen_corpus.py. Running it again replaces this folder.\n")
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, out / name)
        else:
            shutil.copy2(source, out / name)
    (out / "newsletters").mkdir()
    vocabulary = yaml.safe_load((out / "data" / "vocabularies.yml").read_text(encoding="utf-8"))
    sections = plan_ids(out)
    audiences = list(vocabulary["audiences"])
    localities = list(vocabulary["localities"])

    # Decide every slug first, so bodies can link to items written later.
    planned = []
    for index in range(count):
        type_id = TYPES[index % len(TYPES)]
        planned.append((type_id, f"item-{index:05d}", f"Item {index}"))
    written = []
    for index, (type_id, slug, _) in enumerate(planned):
        peers = [planned[rng.randrange(count)] for _ in range(3)] if count > 1 else []
        peers = [peer for peer in peers if peer[1] != slug]
        folder = out / "knowledge_bank" / type_id
        folder.mkdir(parents=True, exist_ok=True)
        text = item_text(rng, index, type_id, slug, sections, audiences, localities, peers)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        written.append((type_id, slug, date.fromisoformat(yaml.safe_load(text.split("---", 2)[1])["published"])))
    if usage_months:
        write_usage(out, written, usage_months, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="where to write the generated site (replaced)")
    parser.add_argument("count", type=int, help="how many items to generate")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--usage-months", type=int, default=24, help="months of page views to write (default 24)")
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR even if this script did not make it")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be 1 or more")
    try:
        generate(args.out_dir, args.count, args.seed, force=args.force, usage_months=args.usage_months)
    except FolderInUse as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {args.count} items to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
