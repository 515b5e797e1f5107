"""Run every privacy rule over a piece of normalised text, and over whole files.

`Scanner` holds what does not change between files (the options, the watch list,
the word lists). `scan_unit` is the one place the rules are applied, so the
Markdown check, the spreadsheet check and the last gate on the built site all
find the same things in the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .identifiers import (
    Hit,
    find_addresses,
    find_dates_of_birth,
    find_emails,
    find_exact_dates,
    find_ni_numbers,
    find_nhs_numbers,
    find_phone_numbers,
    find_postcodes,
)
from .names import _TOKEN, Lexicon, WatchList, find_names, find_names_in_address, find_school_and_child
from .text import Unit

_DIGIT = re.compile(r"\d")
_AT = re.compile(r"@|\bat\b|\[at\]|\(at\)", re.I)
# Surnames a page cites as research: "Munro (2011)", "Turnell and Edwards (1999)",
# "Bunn et al. 2013", and reference lists: "Turnell, A. and Edwards, S."
_CITED = re.compile(
    rf"({_TOKEN})(?:[ \t]+(?:and|&)[ \t]+({_TOKEN}))?(?:[ \t]+et[ \t]+al\.?)?,?[ \t]*\(?[ \t]*(?:19|20)\d{{2}}"
    rf"|({_TOKEN}),[ \t]+(?:[A-Z]\.[ \t]*)+"
)
# Where one rule's finding covers another's, report the more telling one.
_RANK = {"watch-list": 0, "date-of-birth": 1, "nhs-number": 2, "ni-number": 3, "email": 4, "phone": 5,
         "postcode": 6, "address": 7, "name": 8, "exact-date": 9, "school": 10}


@dataclass(frozen=True)
class Finding:
    kind: str
    line: int
    where: str
    text: str
    key: str


def cited_surnames(text: str) -> frozenset[str]:
    found: set[str] = set()
    for m in _CITED.finditer(text):
        found.update(g.lower() for g in m.groups() if g)
    return frozenset(found)


class Scanner:
    def __init__(self, watch_list: WatchList | None = None, email_allowed=lambda domain: False, lexicon: Lexicon | None = None):
        self.watch_list = watch_list or WatchList([])
        self.email_allowed = email_allowed
        self.lexicon = lexicon or Lexicon.load()

    def hits(self, text: str, *, address: bool = False, cited: frozenset[str] = frozenset(), exact_dates: bool = False) -> list[Hit]:
        """Every finding in one piece of normalised text, overlaps resolved."""
        hits: list[Hit] = []
        if _DIGIT.search(text):
            hits += find_nhs_numbers(text)
            hits += find_ni_numbers(text)
            hits += find_postcodes(text)
            hits += find_phone_numbers(text)
            hits += find_dates_of_birth(text)
            if not address:
                hits += find_addresses(text)
            if exact_dates:
                hits += find_exact_dates(text)
        if "@" in text or _AT.search(text):
            hits += find_emails(text, self.email_allowed)
        if address:
            hits += find_names_in_address(text, cited, self.lexicon)
        else:
            hits += find_names(text, cited, self.lexicon)
            hits += find_school_and_child(text)
        hits += self.watch_list.find(text)
        return _resolve(hits)

    def scan_unit(self, unit: Unit, *, cited: frozenset[str] = frozenset(), exact_dates: bool = False, where_at=None) -> list[Finding]:
        findings = []
        text = unit.text
        offset, line = 0, unit.line
        for hit in self.hits(text, address=unit.address, cited=cited, exact_dates=exact_dates):
            line += text.count("\n", offset, hit.start) if hit.start >= offset else -text.count("\n", hit.start, offset)
            offset = hit.start
            where = where_at(line) if where_at is not None and not unit.address else unit.where
            findings.append(Finding(hit.kind, line, where, hit.text, hit.key))
        return findings


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Drop a finding that lies inside a more telling one (a phone number inside an NHS number)."""
    if len(hits) < 2:
        return hits
    hits = sorted(hits, key=lambda h: (_RANK[h.kind], h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if any(k.start < hit.end and hit.start < k.end and (k.kind != "school" or hit.kind == "school") for k in kept):
            continue
        kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
