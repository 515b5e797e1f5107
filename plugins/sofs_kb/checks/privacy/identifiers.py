"""Identifiers: NHS and National Insurance numbers, postcodes, phone numbers, email
addresses, dates of birth, exact dates and home addresses.

Each finder is a plain function from normalised text (see `text.py`) to `Hit`s, so it
can be tested on true positives and near misses alone. Separators may be spaces,
dots, dashes or a line break, in any mix, because people write numbers every way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str
    key: str
    """The same identifier however it was written: digits only, lower case, one space."""


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _near_before(text: str, start: int, pattern: re.Pattern, reach: int = 24) -> bool:
    return bool(pattern.search(text, max(0, start - reach), start))


_ISBN = re.compile(r"\bisbn(?:-?1[03])?\b", re.I)
_SEP = r"[ \t.\-‐‑–/]{0,3}"  # any mix of spaces, dots, dashes, slashes between groups


# --- NHS numbers: ten digits whose last is the Modulus 11 check digit ---------------------------------

_NHS_USUAL = re.compile(rf"(?<![\w.\-/])(\d{{3}}){_SEP}(\d{{3}}){_SEP}(\d{{4}})(?![\w\-/]|\.\d)")
_NHS_ANY = re.compile(r"(?<![\w.\-/])\d{2,}(?:[ \t.\-]{1,2}\d{2,}){1,4}(?![\w\-/]|\.\d)")
_NHS_WORD = re.compile(r"\bnhs\b|\bchi\b|\bhealth (?:and care )?number\b", re.I)


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS Modulus 11 check: weights 10 down to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> list[Hit]:
    """3-3-4 or ten together anywhere; any other grouping only just after the word 'NHS'.

    An ISBN-10 passes the same check, so a number just after 'ISBN' is not one.
    """
    found: dict[int, Hit] = {}
    for match in _NHS_USUAL.finditer(text):
        digits = match.group(1) + match.group(2) + match.group(3)
        if nhs_check_digit_ok(digits) and not _near_before(text, match.start(), _ISBN, 12):
            found[match.start()] = Hit("nhs-number", match.start(), match.end(), match.group(0), digits)
    low = text.lower()
    near_word = ("nhs" in low or "chi" in low or "health" in low) and _NHS_WORD.search(text)
    for match in (_NHS_ANY.finditer(text) if near_word else ()):
        digits = _digits(match.group(0))
        if (
            match.start() not in found
            and nhs_check_digit_ok(digits)
            and _near_before(text, match.start(), _NHS_WORD, 30)
        ):
            found[match.start()] = Hit("nhs-number", match.start(), match.end(), match.group(0), digits)
    return list(found.values())


# --- National Insurance numbers -------------------------------------------------------------------

# Two prefix letters (D, F, I, Q, U and V never used; O never second), six digits, suffix A-D.
_NINO = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z])[ \t]?([A-CEGHJ-NPR-TW-Z])[ \t.\-]{0,2}(\d{2})[ \t.\-]{0,2}(\d{2})"
    r"[ \t.\-]{0,2}(\d{2})[ \t.\-]{0,2}([A-D])(?![A-Za-z0-9])",
    re.I,
)
_NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def find_ni_numbers(text: str) -> list[Hit]:
    found = []
    for m in _NINO.finditer(text):
        prefix = (m.group(1) + m.group(2)).upper()
        if prefix in _NINO_NEVER:
            continue
        key = prefix + m.group(3) + m.group(4) + m.group(5) + m.group(6).upper()
        found.append(Hit("ni-number", m.start(), m.end(), m.group(0), key))
    return found


# --- full UK postcodes (outward and inward code) ----------------------------------------------------

# Every postcode area in the UK, Crown dependencies and BFPO. A letter-digit pair that is
# not one ('Y6', a school year) is never the start of a postcode.
_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC "
    "EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME "
    "MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA "
    "TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
).split()
_AREA_SET = frozenset(_AREAS)
# A simple pattern finds candidates quickly; the area and the letters are checked after.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?)[ \t]*\n?[ \t]*(\d)([A-Za-z]{2})(?![A-Za-z0-9])"
)
_INWARD_LETTERS = frozenset("ABDEFGHJLNPQRSTUWXYZ")
_CENTRAL_LONDON = frozenset({"E", "EC", "N", "NW", "SE", "SW", "W", "WC"})
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")


def find_postcodes(text: str) -> list[Hit]:
    found = []
    if "GIR" in text.upper():
        found += [Hit("postcode", m.start(), m.end(), m.group(0), "GIR 0AA") for m in _GIR.finditer(text)]
    for m in _POSTCODE.finditer(text):
        area, district, inward = m.group(1), m.group(2), m.group(3) + m.group(4)
        if area.upper() not in _AREA_SET or not set(m.group(4).upper()) <= _INWARD_LETTERS:
            continue
        if len(district) == 2 and district[1].isalpha() and area.upper() not in _CENTRAL_LONDON:
            continue  # a letter after the district digit only in central London (EC1A, W1A, SW1A...)
        # 'Y6 2nd', 'M25 3rd': an ordinal after an upper-case code is not a postcode.
        if _ORDINAL.fullmatch(inward) and not area.islower():
            continue
        found.append(Hit("postcode", m.start(), m.end(), m.group(0), (area + district + " " + inward).upper()))
    return found


_GIR = re.compile(r"(?<![A-Za-z0-9])GIR[ \t]*0AA(?![A-Za-z0-9])", re.I)


# --- UK phone numbers ------------------------------------------------------------------------------

_PHONE = re.compile(
    r"(?<![\w+])((?:\+|00)[ \t]*44[ \t.\-]*(?:\(0\)[ \t.\-]*)?|\(?0)((?:[ \t.\-)(/]{0,2}\d){9,10})(?![\d])"
)


def find_phone_numbers(text: str) -> list[Hit]:
    found = []
    for m in _PHONE.finditer(text):
        prefix, rest = m.group(1), m.group(2)
        national = "0" + _digits(rest)  # '+44 (0)1603...' and '01603...' alike
        groups = re.findall(r"\d+", rest)
        # UK numbers: 0, then 1, 2, 3, 5, 7, 8 or 9, then 8 or 9 more digits, written in groups of
        # two or more digits (so '0 1 2 3 4 5 6 7 8 9', a scale, is not one).
        if (
            len(national) in (10, 11)
            and national[1] in "1235789"
            and all(len(g) >= 2 for g in groups[1:])
            and not _near_before(text, m.start(), _ISBN, 12)
        ):
            found.append(Hit("phone", m.start(), m.end(), m.group(0).strip(), national))
    return found


# --- email addresses, written normally or spelled out ----------------------------------------------

_AT = r"(?:\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>)\s*|\s+at\s+|\s+@\s+)"
_DOT = r"(?:\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|<\s*dot\s*>)\s*|\s+dot\s+|\s*\.\s*)"
_SPELLED = re.compile(rf"(?<![\w.+-])([\w.+-]+){_AT}([A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)+)\b", re.I)
_TOP_LEVEL = frozenset(
    "uk com org net gov nhs ac co sch police mod edu info io me biz eu ie scot wales cymru london email "
    "online uk.com live life family care help".split()
)


def _domain(text: str) -> str:
    text = re.sub(r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|<\s*dot\s*>|\s+dot\s+)\s*", ".", text, flags=re.I)
    return re.sub(r"\s+", "", text).lower()


_DOMAIN_AFTER_AT = re.compile(r"@[ \t]*([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?![\w-])")
_LOCAL_BEFORE_AT = re.compile(r"(?<![\w.+'%-])([\w.+'%-]+)[ \t]*$")
_SPELLED_HINT = re.compile(r"\bdot\b|[\[({<]\s*at\s*[\])}>]|\s@\s", re.I)


def find_emails(text: str, allowed: Callable[[str], bool] = lambda domain: False) -> list[Hit]:
    found = []
    for m in _DOMAIN_AFTER_AT.finditer(text):
        local = _LOCAL_BEFORE_AT.search(text, max(0, m.start() - 64), m.start())
        domain = m.group(1).lower()
        if local and not allowed(domain):
            found.append(Hit("email", local.start(), m.end(), text[local.start() : m.end()], f"{local.group(1).lower()}@{domain}"))
    low = text.lower()
    if ("dot" in low or " @ " in low or "at]" in low or "at)" in low or "at}" in low or "at>" in low) and _SPELLED_HINT.search(text):
        taken = {hit.start for hit in found}
        for m in _SPELLED.finditer(text):
            between = text[m.end(1) : m.start(2)]
            spelled_dot = re.search(r"dot", m.group(2), re.I) is not None
            spelled_at = not re.fullmatch(r"\s+at\s+", between, re.I)
            labels = _domain(m.group(2)).split(".")
            # 'name at norfolk dot gov dot uk. Tell us': stop at the last label that ends a domain.
            last = max((n for n, label in enumerate(labels) if label in _TOP_LEVEL and n > 0), default=0)
            domain = ".".join(labels[: last + 1])
            if m.start() in taken or not (spelled_dot or spelled_at) or not last:
                continue
            if not allowed(domain):
                found.append(Hit("email", m.start(), m.end(), m.group(0), f"{m.group(1).lower()}@{domain}"))
    return found


# --- dates of birth, in every type, and exact dates in practice examples ----------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_NUMERIC = r"(?:0?[1-9]|[12]\d|3[01])[ \t]*[/.\-][ \t]*(?:0?[1-9]|1[0-2])[ \t]*[/.\-][ \t]*(?:\d{4}|\d{2})(?![\d])"
_ISO = rf"{_YEAR}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:0?[1-9]|[12]\d|3[01])(?!\d)"
_WORDY = (
    rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?(?![\w])"
    rf"|{_MONTH}\s+(?:the\s+)?{_DAY}(?:\s*,?\s*{_YEAR})?(?![\w])"
    rf"|{_MONTH}\s*,?\s*{_YEAR}(?!\d)"
)
_DATE = rf"(?:{_NUMERIC}|{_ISO}|{_WORDY})"
_BORN = r"(?<![\w-])born(?![\w-])"
_BIRTH_WORD = (
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b|\bbirth\s+year\b"
    r"|\byear\s+of\s+birth\b|(?<![\w.])b\.(?=\s*\d))"
)
_PARTIAL = (
    rf"(?:{_DATE}|{_DAY}(?:[ \t]*[/.\-][ \t]*\d{{1,4}}){{0,2}}(?![\w/])|{_MONTH}(?![a-z])(?:\s+{_DAY})?(?:\s*,?\s*\d{{2,4}})?|{_YEAR})"
)
_FORWARD = re.compile(
    # 'DOB 14.3.15', 'date of birth: 1 May', 'her birthday is in May'
    rf"{_BIRTH_WORD}[\s:=,\-–(]*(?:(?:is|was|on|of|the|in|as|given|recorded|written|noted)\s+){{0,3}}{_PARTIAL}"
    # 'born 14/03/2015', 'born on the 3rd of March', 'born in Norwich in 2015'
    rf"|{_BORN}[^.!?\n\x00]{{0,40}}?(?<![\w])(?:{_DATE}|(?:in\s+)?{_YEAR}(?![\d]|s\b))",
    re.I,
)
_KEYWORD = re.compile(rf"{_BIRTH_WORD}|{_BORN}", re.I)
# '14/03/2015 (DOB)': a date just before the word.
_BACKWARD = re.compile(rf"(?:{_NUMERIC}|{_ISO}|{_WORDY})\s*[(\[,\-]?\s*$", re.I)
_BIRTH_HINT = re.compile(r"d\.?\s?o\.?\s?b\b|\bb\.\s*\d", re.I)


def find_dates_of_birth(text: str) -> list[Hit]:
    low = text.lower()
    # The patterns are slow: run them only where a word for birth is.
    if "born" not in low and "birth" not in low and not (("dob" in low or "o.b" in low or "b." in low) and _BIRTH_HINT.search(text)):
        return []
    found: list[Hit] = []
    end = 0
    for word in _KEYWORD.finditer(text):
        if word.start() < end:
            continue
        forward = _FORWARD.match(text, word.start())
        if forward:
            found.append(Hit("date-of-birth", forward.start(), forward.end(), forward.group(0), _key(forward.group(0))))
            end = forward.end()
            continue
        backward = _BACKWARD.search(text, max(end, word.start() - 40), word.start())
        if backward:
            whole = text[backward.start() : word.end()]
            found.append(Hit("date-of-birth", backward.start(), word.end(), whole, _key(whole)))
            end = word.end()
    return found


_EXACT_DATE = re.compile(
    rf"(?<![\w/.\-])(?:{_NUMERIC}|{_ISO}|{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR})(?![\w])",
    re.I,
)


def find_exact_dates(text: str) -> list[Hit]:
    """Any full date: a practice example must not give one (write 'in the spring')."""
    return [Hit("exact-date", m.start(), m.end(), m.group(0), _key(m.group(0))) for m in _EXACT_DATE.finditer(text)]


# --- home addresses: a house number and a street -----------------------------------------------------

_STREETS = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Cres|Court|Ct|Place|Grove|Gardens|Gdns|"
    "Terrace|Walk|Row|Hill|Green|Park|View|Rise|Mews|Square|Sq|Parade|Chase|Yard|Meadow|Meadows|Fields|Vale|"
    "Gate|Loke|Wharf|Quay|Boulevard|Croft|Dale|Garth|Heights|Lea|Mead|Orchard|Paddock|Passage|Ride|Spinney|"
    "Approach|Broadway|Causeway|Common|Drove|Estate|Circle|Hollow|Pightle|Plain|Yard|Nook|Bank|End"
)
_ADDRESS = re.compile(
    r"\d{1,4}[A-Za-z]?(?:\s*-\s*\d{1,4})?\s*,?[ \t]+"
    rf"((?:(?:St\.?|Saint|[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)[ \t]+){{1,3}}(?:{_STREETS}))\b\.?"
)
_FLAT_BEFORE = re.compile(r"\b(?:Flat|Apartment|Apt|Unit|Room|Maisonette)\.?\s+\d{1,4}[A-Za-z]?\s*,?\s+$")
_FLAT = re.compile(r"\b(?:Flat|Apartment|Maisonette)\s+\d{1,4}[A-Za-z]?\b")
_NOT_BEFORE_NUMBER = frozenset("/.,£$-_")
_ADDRESS_LOWER = re.compile(
    r"(?<![\w/.,£$-])(\d{1,4}[a-z]?)\s*,?[ \t]+((?:(?!the\b|a\b|an\b|of\b|in\b|on\b|to\b|and\b|or\b|per\b|more\b|miles?\b|"
    r"minutes?\b|hours?\b|days?\b|weeks?\b|years?\b|steps?\b)[a-z][a-z'’]+[ \t]+){1,2}"
    r"(?:road|street|lane|avenue|close|drive|crescent|terrace|grove|gardens|way|loke))\b"
)
# A number and a street that are not a home: '10 Downing Street' is public, and
# '2 Close' starts a sentence in a list of steps. Kept short on purpose.
_NOT_HOMES = re.compile(r"\b(?:Downing Street)\b")


def find_addresses(text: str) -> list[Hit]:
    found = []
    for m in _ADDRESS.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before in _NOT_BEFORE_NUMBER or _NOT_HOMES.search(m.group(1)):
            continue
        flat = _FLAT_BEFORE.search(text, max(0, m.start() - 24), m.start())
        start = flat.start() if flat else m.start()
        found.append(Hit("address", start, m.end(), text[start : m.end()].strip(), _key(text[start : m.end()])))
    if "Flat" in text or "Apartment" in text or "Maisonette" in text:
        taken = [(h.start, h.end) for h in found]
        for m in _FLAT.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                found.append(Hit("address", m.start(), m.end(), m.group(0), _key(m.group(0))))
    if re.search(r"\d[a-z]?\s*,?[ \t]+[a-z]", text):
        for m in _ADDRESS_LOWER.finditer(text):
            found.append(Hit("address", m.start(), m.end(), m.group(0).strip(), _key(m.group(0))))
    return found

