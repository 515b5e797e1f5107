"""Run every privacy rule over a piece of normalised text, and over whole files.

`Scanner` holds what does not change between files (the options, the watch list,
the word lists). `scan_unit` is the one place the rules are applied, so the
Markdown check, the spreadsheet check and the last gate on the built site all
find the same things in the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
from .text import BREAK, Unit

_DIGIT = re.compile(r"\d")
_AT = re.compile(r"@|\bat\b|\[at\]|\(at\)", re.I)
# Surnames a page cites as research: "Munro (2011)", "Turnell and Edwards (1999)",
# "Bunn et al. 2013", and reference lists: "Turnell, A. and Edwards, S."
# Surnames a page cites as research: "Munro (2011)", "Turnell and Edwards (1999)",
# "Bunn et al. 2013", read back from each year; and reference lists: "Turnell, A. and Edwards, S."
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_CITED_BEFORE_YEAR = re.compile(
    rf"({_TOKEN})(?:[ \t]+(?:and|&)[ \t]+({_TOKEN}))?(?:[ \t]+et[ \t]+al\.?)?,?[ \t]*\(?[ \t]*$"
)
_REFERENCE = re.compile(rf"({_TOKEN}),[ \t]+(?:[A-Z]\.[ \t]*)+")


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
    for year in _YEAR.finditer(text):
        cited = _CITED_BEFORE_YEAR.search(text, max(0, year.start() - 60), year.start())
        if cited:
            found.update(g.lower() for g in cited.groups() if g)
    if ", " in text and "." in text:
        for m in _REFERENCE.finditer(text):
            found.add(m.group(1).lower())
    return frozenset(found)


_CLUE = re.compile(r"\d+|@")
_MORE_CLUES = re.compile(r"\d+|@|\bdot\b|\bat\b|\[at\]|\(at\)|born|birth|d\.?\s?o\.?\s?b\b", re.I)
_BEFORE, _AFTER, _WORD_REACH = 32, 48, 70
"""Characters before and after a digit or '@' that an identifier can span ('Flat 3, 7 Mill
Lane', 'NHS number: ...'), and after a word for birth ('born on the 3rd of March')."""


_SIX_DIGITS = re.compile(r"[0-9](?:[ \t.\-/()]{0,3}[0-9]){5}")
_INWARD_CODE = re.compile(r"[0-9][ \t]*[A-Za-z]{2}(?![A-Za-z0-9])")
_HOUSE_NUMBER = re.compile(
    r"[0-9]{1,4}[A-Za-z]?(?:[ \t]*-[ \t]*[0-9]{1,4})?[ \t]*,?[ \t]+(?:[A-Z]|[a-z]+[ \t]+(?:[a-z]+[ \t]+)?"
    r"(?:road|street|lane|avenue|close|drive|crescent|terrace|grove|gardens|way|loke)\b)|Flat|Apartment|Maisonette"
)
_SMALL = 4000
"""Below this many characters, reading the whole text costs less than finding the clues."""


def neighbourhoods(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Only the text near a digit, an '@', a spelled-out 'at' or 'dot', or a word for birth,
    joined by BREAK; and where each piece starts, there and in `text`.

    Every identifier holds one of these, so the finders need read no more. In most prose
    that is a small part of the text, and the finders are the slow part of the scan.
    """
    if len(text) < _SMALL:
        return text, [(0, 0)]
    low = text.lower()
    more = "dot" in low or "at]" in low or "at)" in low or "born" in low or "birth" in low or "dob" in low or "o.b" in low
    spans: list[list[int]] = []
    for clue in (_MORE_CLUES if more else _CLUE).finditer(text):
        reach = _AFTER if clue.group(0)[0].isdigit() or clue.group(0) == "@" else _WORD_REACH
        start, end = max(0, clue.start() - _BEFORE), clue.end() + reach
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    places, pieces, position = [], [], 0
    for start, end in spans:
        piece = text[start:end]
        places.append((position, start))
        pieces.append(piece)
        position += len(piece) + 1
    return BREAK.join(pieces), places


class Scanner:
    def __init__(self, watch_list: WatchList | None = None, email_allowed=lambda domain: False, lexicon: Lexicon | None = None):
        self.watch_list = watch_list or WatchList([])
        self.email_allowed = email_allowed
        self.lexicon = lexicon or Lexicon.load()

    def hits(self, text: str, *, address: bool = False, cited: frozenset[str] = frozenset(), exact_dates: bool = False) -> list[Hit]:
        """Every finding in one piece of normalised text, overlaps resolved."""
        hits: list[Hit] = []
        near, places = neighbourhoods(text)
        if near:
            # Each finder runs only if a quick look finds what it needs. Found in the
            # neighbourhoods, whose offsets differ from the text's: mapped back after.
            found: list[Hit] = []
            if _SIX_DIGITS.search(near):  # NHS, National Insurance and phone numbers
                found += find_nhs_numbers(near) + find_ni_numbers(near) + find_phone_numbers(near)
            if _INWARD_CODE.search(near):
                found += find_postcodes(near)
            if not address and _HOUSE_NUMBER.search(near):
                found += find_addresses(near)
            found += find_dates_of_birth(near) + find_emails(near, self.email_allowed)
            if exact_dates:
                found += find_exact_dates(near)
            hits += _in_text(found, places)
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


    def scan_together(self, units: list[Unit], *, cited: frozenset[str] = frozenset()) -> list[tuple[Unit, Finding]]:
        """Many small pieces (link addresses, titles, attributes) scanned as one text, for speed.

        BREAK between them keeps a name or a number from running from one into the next.
        """
        found: list[tuple[Unit, Finding]] = []
        for address in (False, True):
            group = [unit for unit in units if unit.address == address]
            if not group:
                continue
            starts, position = [], 0
            for unit in group:
                starts.append(position)
                position += len(unit.text) + 1
            text = BREAK.join(unit.text for unit in group)
            for hit in self.hits(text, address=address, cited=cited):
                n = bisect_right(starts, hit.start) - 1
                unit = group[n]
                line = unit.line + unit.text.count("\n", 0, hit.start - starts[n])
                found.append((unit, Finding(hit.kind, line, unit.where, hit.text, hit.key)))
        return found


def _in_text(found: list[Hit], places: list[tuple[int, int]]) -> list[Hit]:
    """Hits found in the neighbourhoods, with offsets in the whole text."""
    starts = [near for near, _ in places]
    placed = []
    for hit in found:
        near, start = places[bisect_right(starts, hit.start) - 1]
        shift = start - near
        placed.append(Hit(hit.kind, hit.start + shift, hit.end + shift, hit.text, hit.key))
    return placed


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Drop a finding that lies inside a more telling one (a phone number inside an NHS number)."""
    if len(hits) < 2:
        return hits
    kept: list[Hit] = []
    taken: list[tuple[int, int]] = []  # spans of kept findings, other than school warnings
    starts: list[int] = []
    schools: list[tuple[int, int]] = []
    for hit in sorted(hits, key=lambda h: (_RANK[h.kind], h.start, -(h.end - h.start))):
        # Only a kept finding that starts before this one ends can overlap it: look at the
        # nearest few by position, so thousands of findings take no longer than a few.
        i = bisect_right(starts, hit.end - 1)
        if any(b > hit.start for a, b in taken[max(0, i - 8) : i]):
            continue
        if hit.kind == "school":
            if any(a < hit.end and hit.start < b for a, b in schools[-8:]):
                continue
            schools.append((hit.start, hit.end))
        kept.append(hit)
        if hit.kind != "school":
            n = bisect_right(starts, hit.start)
            starts.insert(n, hit.start)
            taken.insert(n, (hit.start, hit.end))
    return sorted(kept, key=lambda h: h.start)
