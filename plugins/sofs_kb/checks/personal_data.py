"""Find personal data before it is published. Every finding here is an error.

Each detector is a plain function from text to matches, so it can be tested
on true positives and near misses alone. The check runs them over every
line of every file: front matter, body, HTML comments and code blocks too,
because all of them are public once merged.

Messages never repeat the whole match: CI logs can be public too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .documents import Document
from .options import CheckOptions

RULE = "personal-data"


@dataclass(frozen=True)
class Match:
    start: int
    text: str


# --- NHS numbers: 10 digits whose last digit is the Modulus 11 check digit ---------------------

_NHS = re.compile(r"(?<![\d-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d-])")


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS Modulus 11 check: weights 10 down to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> list[Match]:
    return [
        Match(m.start(), m.group(0))
        for m in _NHS.finditer(text)
        if nhs_check_digit_ok(m.group(1) + m.group(3) + m.group(4))
    ]


# --- National Insurance numbers -----------------------------------------------------------------

# Two prefix letters (D, F, I, Q, U and V never used; O never second), six digits, suffix A-D.
_NINO = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[ ]?(\d{2})[ ]?(\d{2})[ ]?(\d{2})[ ]?([A-D])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def find_ni_numbers(text: str) -> list[Match]:
    return [Match(m.start(), m.group(0)) for m in _NINO.finditer(text) if m.group(1).upper() not in _NINO_NEVER]


# --- full UK postcodes (outward and inward code) ------------------------------------------------

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPS-UW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def find_postcodes(text: str) -> list[Match]:
    return [Match(m.start(), m.group(0)) for m in _POSTCODE.finditer(text)]


# --- UK phone numbers -------------------------------------------------------------------------

_PHONE = re.compile(r"(?<![\w+])(\+44[ ]?(?:\(0\)[ ]?)?|\(?0)((?:[ \-)]{0,2}\d){9,10})(?![\d])")


def find_phone_numbers(text: str) -> list[Match]:
    found = []
    for m in _PHONE.finditer(text):
        prefix, rest = m.group(1), m.group(2)
        digits = ("0" if prefix.startswith("+") else "") + re.sub(r"\D", "", prefix.replace("(0)", "").removeprefix("+44")) + re.sub(r"\D", "", rest)
        groups = re.findall(r"\d+", rest)
        # UK numbers: 0, then 1, 2, 3, 5, 7, 8 or 9, then 8 or 9 more digits, written in
        # groups of two or more digits (so '0 1 2 3 4 5 6 7 8 9', a scale, is not one).
        if len(digits) in (10, 11) and digits[1] in "1235789" and all(len(g) >= 2 for g in groups[1:]):
            found.append(Match(m.start(), m.group(0).strip()))
    return found


# --- email addresses --------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+%-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?![\w-])")


def find_emails(text: str, allowed: Callable[[str], bool] = lambda domain: False) -> list[Match]:
    return [Match(m.start(), m.group(0)) for m in _EMAIL.finditer(text) if not allowed(m.group(1))]


# --- dates of birth (practice examples only) -----------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE_OF_BIRTH = re.compile(
    "|".join(
        [
            # 12/03/2019, 12-3-19, 12.03.2019 (day first, as in the UK)
            r"(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2})(?![\d/.-])",
            # 2019-03-12
            rf"(?<![\d-]){_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-])",
            # 12 March 2019, 12th of March 2019
            rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b",
            # March 12, 2019
            rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
            # born on 12 March, born in March 2019, born 2019
            rf"\bborn\s+(?:on\s+|in\s+)?(?:{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_YEAR}|{_MONTH}\s+{_DAY}\b|{_YEAR})",
            # DOB 12/3, date of birth: ..., birthday is 4 May
            rf"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bbirthday\b)[\s:,-]*(?:is\s+|was\s+|on\s+)?(?:\d|{_MONTH}(?!\w))\S*",
        ]
    ),
    re.IGNORECASE,
)
_DATE_FIELDS = re.compile(r"^\s*(published|review_by)\s*:")


def find_dates_of_birth(text: str) -> list[Match]:
    return [Match(m.start(), m.group(0)) for m in _DATE_OF_BIRTH.finditer(text)]


# --- names on a watch list ----------------------------------------------------------------------


class WatchList:
    """Names that must never appear, matched as whole words, ignoring case."""

    def __init__(self, names: Iterable[str]):
        self.names = sorted({" ".join(name.split()) for name in names if name.strip()}, key=len, reverse=True)
        pattern = "|".join(r"\s+".join(map(re.escape, name.split())) for name in self.names)
        self._regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if pattern else None

    @classmethod
    def read(cls, path: Path) -> WatchList:
        """One name a line; blank lines and lines starting with # are skipped."""
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))

    def find(self, text: str) -> list[Match]:
        if self._regex is None:
            return []
        return [Match(m.start(), m.group(0)) for m in self._regex.finditer(text)]

    def __len__(self) -> int:
        return len(self.names)


# --- the check ----------------------------------------------------------------------------------

_URL = re.compile(r"\b(?:https?|ftp)://\S+")
_DIGIT = re.compile(r"\d")

_WHAT = {
    "nhs-number": "looks like an NHS number (it passes the Modulus 11 check)",
    "ni-number": "looks like a National Insurance number",
    "postcode": "is a full postcode",
    "phone": "looks like a UK phone number",
    "email": "is an email address",
    "date-of-birth": "looks like a date of birth or an exact date",
    "watch-list": "is a name on the watch list",
}
_FIX = {
    "date-of-birth": "Practice examples must not give exact dates. Use an age or a season instead, like 'aged 4' or 'in the spring'.",
    "watch-list": "Remove the name or change it.",
    "email": "Remove it, or use a team address on a domain allowed in mkdocs.yml.",
}
_DEFAULT_FIX = "Remove it. If it is not about a person (an office's public number, say), ask a reviewer to add it to the allow-list."


def check(document: Document, options: CheckOptions, watch_list: WatchList) -> list[Problem]:
    problems: list[Problem] = []
    in_example = document.kind == "practice-example"
    front_end = document.front_matter_end
    for number, line in enumerate(document.lines, start=1):
        if not line.strip():
            continue
        found: list[tuple[str, Match]] = []
        # Most lines hold no digit and no @: skip the detectors that need them (speed).
        if _DIGIT.search(line):
            plain = _URL.sub(lambda m: " " * len(m.group(0)), line) if "://" in line else line
            found += [("nhs-number", m) for m in find_nhs_numbers(plain)]
            found += [("ni-number", m) for m in find_ni_numbers(plain)]
            found += [("postcode", m) for m in find_postcodes(plain)]
            found += [("phone", m) for m in find_phone_numbers(plain)]
        if "@" in line:
            found += [("email", m) for m in find_emails(line, options.email_allowed)]
        found += [("watch-list", m) for m in watch_list.find(line)]
        if in_example and not (number <= front_end and _DATE_FIELDS.match(line)):
            plain = _URL.sub(lambda m: " " * len(m.group(0)), line) if "://" in line else line
            found += [("date-of-birth", m) for m in find_dates_of_birth(plain)]
        field = "front matter" if number <= front_end else "body"
        for kind, match in found:
            problems.append(
                Problem(
                    document.rel,
                    field,
                    f"'{mask(match.text, kind)}' {_WHAT[kind]}. {_FIX.get(kind, _DEFAULT_FIX)}",
                    line=number,
                    rule=f"{RULE}/{kind}",
                    text=match.text,
                )
            )
    return problems


def mask(text: str, kind: str = "") -> str:
    """Enough of a match to find it on the line, not enough to leak it."""
    if kind == "email" and "@" in text:
        local, domain = text.split("@", 1)
        return f"{local[:1]}***@{domain}"
    shown = 1 if kind == "watch-list" else 3
    out, seen = [], 0
    for char in text:
        if char.isalnum():
            seen += 1
            out.append(char if seen <= shown else "*")
        else:
            out.append(char)
    return "".join(out)
