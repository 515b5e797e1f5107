"""Measure the privacy scan on its labelled corpus: recall and precision for each kind.

    .venv/bin/python scripts/privacy_corpus.py            # the table
    .venv/bin/python scripts/privacy_corpus.py --misses   # and every miss and false alarm
    .venv/bin/python scripts/privacy_corpus.py --write-docs   # update docs/privacy-corpus.md

Each snippet in tests/privacy/corpus.yml is put into a Markdown file in turn as body
text, a heading, a list item, a table cell, a front matter field, image alt text and
link text (or exactly as written), and scanned the way `kb check` scans a file. A
snippet counts once per position: a kind it holds and the scan reports is a true
positive, one it holds and the scan misses is a miss, and one the scan reports that
the snippet does not hold is a false alarm.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from sofs_kb.checks import privacy  # noqa: E402
from sofs_kb.checks.documents import read_document  # noqa: E402
from sofs_kb.checks.options import CheckOptions  # noqa: E402
from sofs_kb.settings import Settings  # noqa: E402

CORPUS = ROOT / "tests/privacy/corpus.yml"
IDENTIFIERS = ("nhs-number", "ni-number", "postcode", "phone", "email", "date-of-birth")
TARGETS = {"identifiers recall": 1.0, "names and addresses recall": 0.95, "overall precision": 0.95}

FRONT = """---
title: Corpus case
summary: {summary}
type: {type}
plan_sections: [learning]
audience: [social-care]
owner: Superleaders group
published: 2026-03-12
review_by: 2027-03-12
status: published
---
"""
POSITIONS = {
    "body": "{text}",
    "heading": "## {text}",
    "list": "- First point.\n- {text}",
    "table": "| What | Detail |\n|---|---|\n| Note | {text} |",
    "front matter": None,
    "alt text": "![{text}](photo.png)",
    "link text": "[{text}](../tool/other.md)",
}


@dataclass
class Case:
    text: str
    expect: frozenset[str]
    group: str
    position: str
    type: str = "tool"


@dataclass
class Result:
    counts: dict[str, Counter] = field(default_factory=dict)
    misses: list[tuple[Case, set[str]]] = field(default_factory=list)
    alarms: list[tuple[Case, set[str]]] = field(default_factory=list)
    cases: int = 0
    snippets: int = 0


def cases() -> tuple[list[Case], int]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    found: list[Case] = []
    snippets = 0

    def add(entry, kinds: list[str], group: str, positions=POSITIONS) -> None:
        nonlocal snippets
        snippets += 1
        text = entry if isinstance(entry, str) else entry["text"]
        also = [] if isinstance(entry, str) else list(entry.get("also", []))
        kind_type = "tool" if isinstance(entry, str) else entry.get("type", "tool")
        for position in positions:
            found.append(Case(text, frozenset(kinds + also), group, position, kind_type))

    for kind, entries in data["positives"].items():
        if kind == "as_written":
            for entry in entries:
                kinds = entry["kind"] if isinstance(entry["kind"], list) else [entry["kind"]]
                add(entry, kinds, "as written", ["as written"])
            continue
        for entry in entries:
            add(entry, [kind], kind)
    for group, entries in data["negatives"].items():
        for entry in entries:
            add(entry, [], group)
    return found, snippets


def document_text(case: Case) -> str:
    summary = "A short summary."
    if case.position == "front matter":
        summary = json.dumps(case.text, ensure_ascii=False)
        body = "Body text."
    elif case.position == "as written":
        body = case.text
    else:
        body = POSITIONS[case.position].format(text=case.text)
    front = FRONT.format(summary=summary, type=case.type)
    if case.type == "practice-example":
        front = front.replace("status: published\n", "status: published\nanonymised: true\nlocality: norwich\n")
    return front + body + "\n"


def run() -> Result:
    all_cases, snippets = cases()
    result = Result(cases=len(all_cases), snippets=snippets)
    # The shipped mkdocs.yml allows addresses on the domains kept for examples.
    scanner = privacy.Scanner(email_allowed=CheckOptions(allowed_email_domains=("example.org", "example.com")).email_allowed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(root, root / "content", root / "knowledge_bank", root / "newsletters", root / "content/plan", root / "data/v.yml")
        for n, case in enumerate(all_cases):
            folder = root / "knowledge_bank" / case.type
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"case-{n}.md"
            path.write_text(document_text(case), encoding="utf-8")
            document = read_document(path, settings, case.type, f"knowledge-bank/{case.type}/case-{n}.md")
            found = {f.kind for f in privacy.scan_document(document, scanner)}
            for kind in case.expect | found:
                counts = result.counts.setdefault(kind, Counter())
                if kind in case.expect and kind in found:
                    counts["tp"] += 1
                elif kind in case.expect:
                    counts["fn"] += 1
                else:
                    counts["fp"] += 1
            if case.expect - found:
                result.misses.append((case, case.expect - found))
            if found - case.expect:
                result.alarms.append((case, found - case.expect))
            path.unlink()
    return result


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def figures(result: Result) -> dict[str, float]:
    total = Counter()
    for counts in result.counts.values():
        total.update(counts)

    def recall(kinds) -> float:
        tp = sum(result.counts.get(k, Counter())["tp"] for k in kinds)
        fn = sum(result.counts.get(k, Counter())["fn"] for k in kinds)
        return ratio(tp, tp + fn)

    return {
        "identifiers recall": recall(IDENTIFIERS),
        "names and addresses recall": recall(("name", "address")),
        "overall precision": ratio(total["tp"], total["tp"] + total["fp"]),
    }


def report(result: Result, misses: bool = False) -> str:
    lines = [
        f"{result.snippets} snippets, {result.cases} cases (each snippet in each position).",
        "",
        "| kind | cases holding it | found | missed | false alarms | recall | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in sorted(result.counts):
        c = result.counts[kind]
        lines.append(
            f"| {kind} | {c['tp'] + c['fn']} | {c['tp']} | {c['fn']} | {c['fp']} | "
            f"{ratio(c['tp'], c['tp'] + c['fn']):.1%} | {ratio(c['tp'], c['tp'] + c['fp']):.1%} |"
        )
    lines.append("")
    for name, value in figures(result).items():
        lines.append(f"- {name}: {value:.1%} (target {TARGETS[name]:.0%})")
    if misses:
        lines += ["", "Missed:"] + [f"  {sorted(k)} {c.position}: {c.text!r}" for c, k in result.misses]
        lines += ["", "False alarms:"] + [f"  {sorted(k)} {c.position} ({c.group}): {c.text!r}" for c, k in result.alarms]
    return "\n".join(lines)


DOC = ROOT / "docs/privacy-corpus.md"
MARK = "<!-- the report: scripts/privacy_corpus.py --write-docs -->"


if __name__ == "__main__":
    result = run()
    print(report(result, misses="--misses" in sys.argv))
    if "--write-docs" in sys.argv:
        head = DOC.read_text(encoding="utf-8").split(MARK)[0]
        DOC.write_text(f"{head}{MARK}\n\n{report(result)}\n", encoding="utf-8")
