"""Personal names: a list of given names, and the context that makes a word a name.

A given name alone is not reported ("Grace" is also a word, and "Jayden" in a
list of popular names names no one). These are:

- a given name and a surname: "Jayden Smith", "Jayden S.", "JAYDEN SMITH";
- a title and a surname: "Mrs Smith", "Dr Okafor" (not "Mr Men");
- a given name with an age: "Jayden, 7", "Jayden (aged 7)", "7-year-old Jayden";
- a name given to a family member or a child: "his mum, Kerry", "Kerry (mum)",
  "the boy Jayden", "Child's name: Jayden";
- in a link address or file name: "jayden-smith".

Let through: citations ("Eileen Munro (2011)", "Turnell et al."), a surname that a
research summary cites, places named after people ("James Paget University
Hospital"), and a given name followed by a word that is not a surname: a place, a
service, a team or an everyday word ("Grace Road", "Victoria Station").

The lists live in `data/` beside this file; where each comes from is in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .identifiers import Hit

DATA = Path(__file__).parent / "data"

_TOKEN = r"[A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
_CAPS = r"[A-Z]{2,}(?:['’-][A-Z]{2,})?"
_TOKENS = re.compile(rf"(?<![\w'’-])(?:{_TOKEN}|{_CAPS})(?![\w-])")
_INITIAL = re.compile(r"[ \t]*\n?[ \t]*([A-Z])(\.|(?=[ \t]*(?:[,;:)]|$|\n|\x00)))", re.M)
_CITATION_AFTER = re.compile(
    r"(?:['’]s)?(?:\s*,)?\s*(?:\(\s*(?:(?:19|20)\d{2}|n\.d\.)|(?:19|20)\d{2}[a-z]?\s*[),;:]|et\s+al\b|and\s+"
    rf"{_TOKEN}\s*\(\s*(?:19|20)\d{{2}}|&\s*{_TOKEN}\s*\(\s*(?:19|20)\d{{2}})"
)
# A place, building or prize named after a person: "James Paget University Hospital".
_NAMED_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+(?:University|Hospital|Centre|Center|Building|House|Ward|Wing|School|Academy|Primary|"
    r"College|Institute|Road|Street|Lane|Avenue|Close|Drive|Way|Court|Trust|Foundation|Award|Lecture|Prize|"
    r"Fund|Unit|Clinic|Hall|Library|Museum|Theatre|Park|Memorial|Society|Medal|Room|Suite|Bridge|Square)\b"
)
# After an everyday-word name, these make a street, not a person: "Rose Lane", "Hope Street".
_STREET_WORDS = frozenset("Lane Road Street Hill Green Way Walk Row Park Close Avenue Drive Court Gardens Grove".split())
_SAINT_BEFORE = re.compile(r"(?:\bSt\.?|\bSaint|\bSS\.?)[ \t]+$")

TITLES = (
    "Mr|Mrs|Ms|Miss|Mx|Mstr|Master|Dr|Doctor|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Revd|Reverend|Cllr|"
    "Councillor|Sister|Nurse|Sgt|Sergeant|PC|DC|DS|DI|Inspector|Judge|Baroness|Baron|Auntie|Aunty|Uncle|Nanny|Nan|Grandma|Grandad"
)
_TITLE = re.compile(rf"\b({TITLES})\.?[ \t]+(?:(?:{_TOKEN}|[A-Z]\.?)[ \t]+)*?({_TOKEN})(?![\w-])")
_ACADEMIC = {"Dr", "Doctor", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron"}

_AGE = r"(?:[1-9]|1[0-9])"
_AGE_UNIT = r"(?:[ \t]*(?:-[ \t]*)?(?:years?|yrs?|y/?o|months?|mths?)(?:[ \t]*old)?)?"
# Read just after a given name: ', 7', ' (aged 7)', ' is 7'. Groups 1 to 3 are the strong words.
_AGE_AFTER = re.compile(
    rf"(?:['’]s)?(?:[ \t]*,[ \t]*(?:(aged?|age:?)[ \t]*)?|[ \t]*\([ \t]*(?:(aged?|age:?)[ \t]*)?|[ \t]+(?:(aged?)|is|was|who[ \t]+is|turned)[ \t]+)"
    rf"{_AGE}(?!\d){_AGE_UNIT}(?=[ \t]*(?:[),.;:!?\n\x00]|$|and\b|[a-z]))"
    r"(?![ \t]*(?:%|per\b|out\b|to\b|-|:\d|\.\d|times\b|of\b|hours?\b|days?\b|minutes?\b|weeks?\b|places\b|people\b|staff\b))",
)
# Read just before a given name: '7-year-old '.
_AGE_BEFORE = re.compile(rf"\b{_AGE}[ \t]*-?[ \t]*(?:year|month)s?[ \t]*-?[ \t]*old[ \t]+$", re.I)

FAMILY = (
    r"mum|mummy|mam|mother|dad|daddy|father|step-?(?:mum|dad|mother|father|brother|sister|son|daughter)|"
    r"nan|nana|nanny|gran|granny|grandma|grandmother|grandad|granddad|grandfather|grandpa|grandparent|"
    r"aunt|auntie|aunty|uncle|brother|sister|half-?(?:brother|sister)|cousin|son|daughter|baby|partner|"
    r"boyfriend|girlfriend|husband|wife|carer|foster[ \t]+carer|kinship[ \t]+carer|guardian|child|boy|girl|"
    r"sibling|twin|niece|nephew|toddler|teenager|young[ \t]+person|pupil|parent"
)
# Read just before a given name: 'his mum, ', 'the boy ', 'Nan ('. Group 1 is the punctuation.
_FAMILY_BEFORE = re.compile(
    rf"\b(?:{FAMILY})(?:[ \t]*(,|:|\(|[ \t]-[ \t]|[ \t]+(?:called|named|is|was|known[ \t]+as))[ \t]*|[ \t]+)$",
    re.I,
)
# Read just after a given name: ' (mum)', ', her father'.
_FAMILY_AFTER = re.compile(
    rf"[ \t]*(?:,|\()[ \t]*(?:(?i:his|her|their|the|a)[ \t]+|{_TOKEN}['’]s[ \t]+)?(?i:{FAMILY})\b"
)
# Read just before a given name: 'Child's name: ', 'Mother: '.
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:(?:child|mother|father|parent|carer|pupil|client|person|young[ \t]+person|service[ \t]+user)(?:['’]s)?[ \t]+)?"
    r"(?:(?:first|given|full|last|family|sur|fore|middle|maiden|preferred|known[ \t]+as)[ \t]*)?names?"
    r"|\b(?:child|mother|father|mum|dad|carer|parent|pupil|client|service[ \t]+user|young[ \t]+person|subject))[ \t]*[:=][ \t]*$",
    re.I,
)
_SURNAME_LABEL_FULL = re.compile(rf"\b(?:last|family|sur|maiden)[ \t]*name[ \t]*[:=][ \t]*({_TOKEN})", re.I)
_NEXT = re.compile(rf"[ \t]*\n?[ \t]*({_TOKEN}|{_CAPS})(?![\w-])")
_TITLE_WORDS = frozenset(TITLES.split("|"))
_QUICK_TOKENS = re.compile(r"[A-Z][A-Za-z'’-]*")
"""Capitalised words, found fast, to see whether a page holds any given name or title at all."""
_SLUG_SPLIT = re.compile(r"[^a-z]+")
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}\b")


@dataclass(frozen=True)
class Lexicon:
    given: dict[str, bool]
    """Given names in lower case; True for one that is also an everyday word ("mark", "grace")."""
    common: frozenset[str]
    surname_words: frozenset[str]
    not_surnames: frozenset[str]
    title_false_friends: frozenset[str]
    capitalised: dict[str, bool] = field(default_factory=dict)
    """The given names as written in prose ("Jayden"), less places and services: the fast look-up."""

    def __post_init__(self) -> None:
        if not self.capitalised:
            self.capitalised.update(
                (name.capitalize(), word) for name, word in self.given.items() if name not in self.not_surnames
            )

    @classmethod
    @cache
    def load(cls) -> Lexicon:
        given: dict[str, bool] = {}
        for name in ("given-names.txt", "given-names-extra.txt"):
            for line in _lines(DATA / name):
                word, _, mark = line.partition(" ")
                given[word] = mark.strip() == "*"
        return cls(
            given=given,
            common=frozenset(_lines(DATA / "common-words.txt")),
            surname_words=frozenset(w for line in _lines(DATA / "surname-words.txt") for w in line.split()),
            not_surnames=frozenset(w for line in _lines(DATA / "not-surnames.txt") for w in line.split()),
            title_false_friends=frozenset(_false_friends(_lines(DATA / "title-false-friends.txt"))),
        )

    def is_given(self, token: str, strict: bool = False) -> bool:
        """A given name; with `strict`, not one that is also an everyday word."""
        low = token.lower().split("-")[0]  # Lacey-Mae
        word = self.given.get(low)
        return word is not None and not (strict and word) and low not in self.not_surnames

    def is_surname(self, token: str) -> bool:
        low = token.lower()
        if len(low) < 2 or low in self.not_surnames:
            return False
        if low in self.surname_words or self.given.get(low) is False:
            return True
        if "-" in low:  # Smith-Jones
            return all(self.is_surname(part) for part in low.split("-") if part)
        return low not in self.common


def _false_friends(lines: list[str]) -> list[str]:
    """Single words, several to a line; or a phrase on a line of its own, between quotes."""
    found = []
    for line in lines:
        if line.startswith('"'):
            found.append(line.strip('"').lower())
        else:
            found += line.lower().split()
    return found


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def _hit(start: int, end: int, text: str) -> Hit:
    return Hit("name", start, end, text, " ".join(text.replace("\x00", " ").split()).casefold())


def find_names(text: str, cited: frozenset[str] = frozenset(), lexicon: Lexicon | None = None) -> list[Hit]:
    """Names in normalised prose. `cited` holds surnames (lower case) the page cites as research.

    One pass over the capitalised words: only a given name starts a rule, and each rule
    then reads just the few characters around it. That keeps the scan fast on long pages.
    """
    lex = lexicon or Lexicon.load()
    hits: list[Hit] = []
    given = lex.capitalised
    words = set(_QUICK_TOKENS.findall(text))
    # Most pages hold no given name at all: find that out with one set operation.
    candidates = given.keys() & (words | {w.split("-")[0].capitalize() for w in words if "-" in w or w.isupper()})
    for first in _TOKENS.finditer(text) if candidates else ():
        word = first.group(0)
        everyday = given.get(word)
        if everyday is None:
            if "-" not in word and not word.isupper():
                continue  # most capitalised words: one look-up, and on
            everyday = given.get(word.split("-")[0].capitalize())
            if everyday is None:
                continue
        start, end = first.span()
        caps = word.isupper()
        if caps and everyday:
            continue
        hit = _pair(text, start, end, word, caps, everyday, cited, lex) or _context(text, start, end, everyday)
        if hit is not None:
            hits.append(hit)
    if words & _TITLE_WORDS:
        hits += _titles(text, cited, lex)
    if "name" in text.lower():
        for m in _SURNAME_LABEL_FULL.finditer(text):
            if lex.is_surname(m.group(1)):
                hits.append(_hit(m.start(), m.end(), m.group(0)))
    return hits


def _pair(text, start, end, word, caps, everyday, cited, lex) -> Hit | None:
    """A given name and a surname, or an initial: 'Jayden Smith', 'Jayden S.'."""
    if _SAINT_BEFORE.search(text, max(0, start - 8), start):
        return None
    stop = None
    nxt = _NEXT.match(text, end)
    if nxt is not None and nxt.group(1).isupper() == caps:
        surname = nxt.group(1)
        street = everyday and surname in _STREET_WORDS
        if lex.is_surname(surname) and surname.lower() not in cited and not street:
            stop = nxt.end()
    if stop is None and not caps:
        initial = _INITIAL.match(text, end)
        if initial and (initial.group(2) or initial.group(1) not in "AI"):
            stop = initial.end()
    if stop is None or _CITATION_AFTER.match(text, stop) or _NAMED_AFTER.match(text, stop):
        return None
    return _hit(start, stop, text[start:stop])


def _context(text, start, end, everyday) -> Hit | None:
    """A given name with an age, a family role or a label around it."""
    age = _AGE_AFTER.match(text, end)
    # An everyday-word name ("Grace", "May") needs the word 'aged' or brackets.
    if age and (not everyday or age.group(1) or age.group(2) or age.group(3) or "(" in age.group(0)):
        return _hit(start, age.end(), text[start : age.end()])
    family = _FAMILY_BEFORE.search(text, max(0, start - 40), start)
    if family and (not everyday or family.group(1)):
        return _hit(family.start(), end, text[family.start() : end])
    role = _FAMILY_AFTER.match(text, end)
    if role:
        return _hit(start, role.end(), text[start : role.end()])
    before = _AGE_BEFORE.search(text, max(0, start - 30), start) or _LABEL_BEFORE.search(text, max(0, start - 50), start)
    if before:
        stop = end
        more = _NEXT.match(text, end)
        if more and before.re is _LABEL_BEFORE:
            stop = more.end()
        return _hit(before.start(), stop, text[before.start() : stop])
    return None


def _titles(text: str, cited: frozenset[str], lex: Lexicon) -> list[Hit]:
    hits = []
    friends = lex.title_false_friends
    for m in _TITLE.finditer(text):
        surname = m.group(2)
        after = " ".join(text[m.start(2) : m.start(2) + 40].lower().split())
        if surname.lower() in cited or surname.lower() in friends or any(" " in p and after.startswith(p) for p in friends):
            continue
        if not (lex.is_surname(surname) or lex.is_given(surname, strict=True)):
            continue
        if m.group(1) in _ACADEMIC and _CITATION_AFTER.match(text, m.end()):
            continue
        hits.append(_hit(m.start(), m.end(), m.group(0)))
    return hits


def find_names_in_address(text: str, cited: frozenset[str] = frozenset(), lexicon: Lexicon | None = None) -> list[Hit]:
    """Names in a link address or file name, written in lower case: 'jayden-smith-plan.pdf'."""
    lex = lexicon or Lexicon.load()
    words = [w for w in _SLUG_SPLIT.split(_EXTENSION.sub(" ", text.lower())) if len(w) > 1]
    hits = []
    for first, second in zip(words, words[1:]):
        if (
            lex.is_given(first, strict=True)
            and second not in cited
            and second not in lex.not_surnames
            and (second in lex.surname_words or lex.given.get(second) is False or (second not in lex.common and len(second) > 2))
        ):
            start = text.lower().find(first)
            hits.append(Hit("name", max(start, 0), max(start, 0) + len(first), f"{first} {second}", f"{first} {second}"))
    return hits


# --- a school together with a child: a warning --------------------------------------------------------

_SCHOOL = re.compile(
    r"\b((?:St\.?[ \t]+|Saint[ \t]+)?(?:[A-Z][\w'’.-]*[ \t]+){0,3}?[A-Z][\w'’.-]*[ \t]+"
    r"(?:(?:C(?:\s?of\s?|\s)E|CE|VA|VC|RC|Church[ \t]+of[ \t]+England|Catholic|Community|Infant|Infants|Junior|"
    r"Primary|Secondary|High|Grammar|Free|Nursery|Middle|Sixth[ \t]+Form)[ \t]+)*"
    r"(?:Primary|Junior|Juniors|Infant|Infants|Academy|High|School|College|Nursery|Pre-?school|Grammar|Secondary))\b"
)
_CHILD_NEARBY = re.compile(
    r"\b(?:Year|Yr|Y)[ \t]?\d{1,2}\b|\bReception\b|\b(?:attends?|attended|attending|goes[ \t]+to|went[ \t]+to|pupil|"
    r"student|(?:his|her|their)[ \t]+(?:class|teacher|school|head)|the[ \t]+child|child|son|daughter|boy|girl|aged[ \t]+\d|"
    r"(?:he|she)[ \t]+(?:is|was|goes|started|moved|joined))\b",
    re.I,
)
_NOT_A_SCHOOL_NAME = frozenset({"The", "A", "An", "Her", "His", "Their", "Our", "Your", "Each", "Every", "This", "That", "Any", "Some", "Local", "New", "Secondary", "Primary", "Junior", "Infant", "High"})
_SENTENCE = re.compile(r"[^.!?\x00\n]*(?:\n(?![ \t]*\n)[^.!?\x00\n]*)*")


_SCHOOL_WORDS = ("Primary", "Junior", "Infant", "Academy", "High", "School", "College", "Nursery", "Pre-", "Preschool", "Grammar", "Secondary")


def find_school_and_child(text: str) -> list[Hit]:
    hits = []
    if not any(word in text for word in _SCHOOL_WORDS):  # a school's name has one of these
        return hits
    for m in _SCHOOL.finditer(text):
        if m.group(1).split()[0] in _NOT_A_SCHOOL_NAME:
            continue
        start = max(text.rfind(c, 0, m.start()) for c in ".!?\x00")
        stops = [i for i in (text.find(c, m.end()) for c in ".!?\x00") if i >= 0]
        sentence = text[start + 1 : min(stops) if stops else len(text)]
        if _CHILD_NEARBY.search(sentence.replace(m.group(1), " ")):
            hits.append(Hit("school", m.start(), m.end(), m.group(1), " ".join(m.group(1).split()).casefold()))
    return hits


class WatchList:
    """Names that must never appear, matched as whole words, ignoring case."""

    def __init__(self, names):
        self.names = sorted({" ".join(name.split()) for name in names if name.strip()}, key=len, reverse=True)
        pattern = "|".join(r"\s+".join(map(re.escape, name.split())) for name in self.names)
        self._regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if pattern else None

    @classmethod
    def read(cls, path: Path) -> WatchList:
        """One name a line; blank lines and lines starting with # are skipped."""
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))

    def find(self, text: str) -> list[Hit]:
        if self._regex is None:
            return []
        return [
            Hit("watch-list", m.start(), m.end(), m.group(0), " ".join(m.group(0).split()).casefold())
            for m in self._regex.finditer(text)
        ]

    def __len__(self) -> int:
        return len(self.names)
