"""What a privacy finding says: what was found (masked), why it matters, and how to fix it.

CI logs and pull request pages can be public, so a message never repeats what it
found: it shows initials, or the first few characters, enough to find it on the line.
"""

from __future__ import annotations

import re

KINDS: dict[str, tuple[str, str, str]] = {
    # kind: (what it is, why it matters, how to fix it)
    "name": (
        "a person's name",
        "A name can identify a child, a family member or a colleague.",
        "Remove it, or write a role instead: 'the child', 'Mum', 'the social worker'.",
    ),
    "watch-list": (
        "a name on the watch list",
        "The watch list holds names that must never appear on the site.",
        "Remove the name, or write a role instead.",
    ),
    "date-of-birth": (
        "a date of birth",
        "A date of birth, with a little more detail, identifies a child.",
        "Remove it, or give an age instead, like 'aged 7'.",
    ),
    "exact-date": (
        "an exact date in a practice example",
        "An exact date can let someone who knows the family recognise them.",
        "Write 'in the spring' or 'over six weeks' instead.",
    ),
    "address": (
        "a home address",
        "A house number and street say where a family lives.",
        "Remove it. Say 'at home' or name the locality instead.",
    ),
    "postcode": (
        "a full postcode",
        "A full postcode narrows a home down to a few houses.",
        "Remove it, or name the locality instead.",
    ),
    "nhs-number": (
        "an NHS number",
        "An NHS number identifies one person for life.",
        "Remove it.",
    ),
    "ni-number": (
        "a National Insurance number",
        "A National Insurance number identifies one person for life.",
        "Remove it.",
    ),
    "phone": (
        "a phone number",
        "A phone number can reach, and identify, one person.",
        "Remove it. A team's public number needs an allow-list entry with a reason.",
    ),
    "email": (
        "an email address",
        "An email address can reach, and identify, one person.",
        "Remove it. A team's shared mailbox needs an allow-list entry with a reason.",
    ),
    "school": (
        "a school named together with a child",
        "A school and a child's year group or age can identify the child.",
        "Name the school only if you must, and never with details of a child.",
    ),
}

ALLOW_HINT = "If it is not about a person, a reviewer can add an entry to data/check-allow-list.yml saying why."


def mask(text: str, kind: str) -> str:
    """Initials for names and places; the first characters of a number; the domain of an email."""
    text = " ".join(text.replace("\x00", " ").split())
    if kind == "email" and "@" in text:
        local, domain = text.split("@", 1)
        return f"{local.strip()[:1]}…@{domain.strip()[:1]}…"
    if kind in ("name", "watch-list", "school", "address"):
        words = []
        for word in text.split():
            if kind in ("school", "address") and word.rstrip(".,") in _KEEP:
                words.append(word)
            elif kind == "name" and not word[:1].isupper() and any(w[:1].isupper() for w in text.split()):
                continue  # in 'his mum, Kerry' only the name's initial
            elif word[:1].isalnum():
                words.append(word[:1] + "…")
        return " ".join(words)
    if kind == "date-of-birth" and text[:1].isalpha():
        return text.split()[0].rstrip(":") + " …"  # the word it follows: 'born …', 'DOB …'
    if kind == "postcode":
        return text.split()[0][:3] + "…" if " " in text else text[:2] + "…"
    shown = re.match(r"\W*(?:\w\W*){0,3}", text)
    return (shown.group(0).rstrip() if shown else "") + "…"


_KEEP = frozenset(
    "Primary Junior Infant Infants Academy High School College Nursery Road Street Lane Avenue Close Drive "
    "Way Crescent Court Place Grove Gardens Terrace Flat".split()
)


def describe(kind: str, text: str) -> str:
    what, why, fix = KINDS[kind]
    hint = "" if kind in ("watch-list",) else f" {ALLOW_HINT}"
    return f"{what} ({mask(text, kind)}). {why} {fix}{hint}"
