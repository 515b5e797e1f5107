"""Each personal-data detector, on true positives and on near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from sofs_kb.checks.privacy.identifiers import (
    find_dates_of_birth,
    find_emails,
    find_exact_dates,
    find_nhs_numbers,
    find_ni_numbers,
    find_phone_numbers,
    find_postcodes,
    nhs_check_digit_ok,
)
from sofs_kb.checks.privacy.messages import mask
from sofs_kb.checks.privacy.names import WatchList
from sofs_kb.checks.options import CheckOptions


def texts(matches) -> list[str]:
    return [match.text for match in matches]


# --- NHS numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("NHS number 943 476 5919.", "943 476 5919"),
        ("NHS number 9434765919.", "9434765919"),
        ("NHS number 943-476-5919.", "943-476-5919"),
        ("(401 023 2137)", "401 023 2137"),
        ("4010232137", "4010232137"),
        ("943 4765919", "943 4765919"),
        ("943.476.5919", "943.476.5919"),
        ("943 476-5919", "943 476-5919"),
    ],
)
def test_nhs_numbers_that_pass_modulus_11(text: str, found: str):
    assert texts(find_nhs_numbers(text)) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5918",  # ten digits, wrong check digit
        "1234567890",  # ten digits that fail Modulus 11
        "943 476 591",  # nine digits
        "94347659190",  # eleven digits
        "ref 12-943-476-5919",  # part of a longer reference
        "2019 to 2022",
    ],
)
def test_near_misses_are_not_nhs_numbers(text: str):
    assert find_nhs_numbers(text) == []


def test_check_digit_rules():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765910")
    # 6 x 2 = 12, remainder 1, so the check digit would be 10: no tenth digit makes it valid.
    assert not any(nhs_check_digit_ok(f"000000006{d}") for d in "0123456789")
    # 5 x 2 = 10, remainder 10, check digit 1.
    assert [d for d in "0123456789" if nhs_check_digit_ok(f"000000005{d}")] == ["1"]
    # Check digit 11 becomes 0.
    assert nhs_check_digit_ok("0000000000")


# --- National Insurance numbers ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["JG103759B", "JG 10 37 59 B", "jg 10 37 59 b", "AB123456C", "NI: ZR 99 88 77 D."])
def test_national_insurance_numbers(text: str):
    assert len(find_ni_numbers(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "QQ123456C",  # Q is never the first letter (HMRC's own example)
        "DA123456A",  # nor D
        "AO123456A",  # O is never the second letter
        "BG123456A",  # prefixes that are never issued
        "GB123456A",
        "ZZ123456A",
        "AB123456E",  # the suffix is A to D
        "AB123456",  # no suffix
        "AB1234567C",  # seven digits
        "XAB123456C",  # inside a longer code
    ],
)
def test_near_misses_are_not_national_insurance_numbers(text: str):
    assert find_ni_numbers(text) == []


# --- postcodes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["NR1 3QQ", "nr1 3qq", "NR13QQ", "SW1A 1AA", "B33 8TH", "CR2 6XH", "EC1A 1BB", "GIR 0AA", "M1 1AE"])
def test_full_postcodes(text: str):
    assert texts(find_postcodes(f"at {text}, then")) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "NR1",  # an outward code (district) alone
        "NR30",
        "NR30 1",  # a sector
        "NR1 3Q",  # one letter short
        "NR1 3QQQ",  # too long
        "NR1 3CI",  # C and I are never in the inward code
        "Q1 1AA",  # Q never starts a postcode
        "room B12",
    ],
)
def test_near_misses_are_not_full_postcodes(text: str):
    assert find_postcodes(f"at {text}, then") == []


# --- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "01603 223344",
        "(01603) 223344",
        "01603 223 344",
        "020 7946 0958",
        "07700 900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)1603 223344",
        "0800 123 4567",
        "0300 123 4567",
    ],
)
def test_uk_phone_numbers(text: str):
    assert texts(find_phone_numbers(f"Ring {text} today.")) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "999",
        "111",
        "01603",  # an area code alone
        "0 1 2 3 4 5 6 7 8 9 10",  # a scale
        "2019 2020 2021",
        "06 1234 5678",  # 06 is not used in the UK
        "0160 322",  # too short
        "12/03/2019",
        "ref 201603223344",  # inside a longer number
    ],
)
def test_near_misses_are_not_phone_numbers(text: str):
    assert find_phone_numbers(f"Ring {text} today.") == []


# --- email addresses ------------------------------------------------------------------------------


def test_email_addresses_and_allowed_domains():
    options = CheckOptions(allowed_email_domains=("example.org", "@nhs.example.net"))
    text = "Write to jo.bloggs@gmail.com, team@example.org, a@mail.example.org, x@nhs.example.net or b@example.org.uk."
    assert texts(find_emails(text, options.email_allowed)) == ["jo.bloggs@gmail.com", "b@example.org.uk"]
    # With no allowed domains, every address is reported.
    assert len(find_emails(text)) == 5


@pytest.mark.parametrize("text", ["Use @mentions in Teams.", "Meet at 3@ the school.", "user@localhost", "tag @team"])
def test_near_misses_are_not_email_addresses(text: str):
    assert find_emails(text) == []


# --- dates of birth --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "born on 12 March",
        "born in March 2019",
        "was born 2019",
        "born 14/03/2015",
        "born on the 3rd of March",
        "born on 3rd March 2015",
        "born in Norwich in 2015",
        "born: 14-03-2015",
        "DOB 14.3.15",
        "D.O.B. 14/03/2015",
        "DOB: 4/5",
        "d.o.b. 12",
        "date of birth: 1 May 2016",
        "date of birth was May",
        "her birthday is 4 May",
        "14/03/2015 (DOB)",
    ],
)
def test_dates_of_birth(text: str):
    assert len(find_dates_of_birth(f"Note: {text} here.")) == 1


@pytest.mark.parametrize(
    "text", ["12/03/2019", "1/3/19", "12.03.2019", "2019-03-12", "12th of March 2019", "12 Mar 2019", "March 12, 2019"]
)
def test_exact_dates(text: str):
    # Any full date: only practice examples are checked for these.
    assert len(find_exact_dates(f"Note: {text} here.")) == 1
    assert find_dates_of_birth(f"The course runs on {text}.") == []


@pytest.mark.parametrize(
    "text",
    [
        "aged 7", "in the spring", "over six weeks", "in March", "in 2019", "scored 2 to 8", "2.5 hours",
        "born early", "a new baby", "born in Norfolk", "first-born", "most staff were born in the 1990s",
        "the date of birth is kept on the child's record",
    ],
)
def test_near_misses_are_not_dates_of_birth(text: str):
    assert find_dates_of_birth(f"Note: {text} here.") == []


# --- watch list ------------------------------------------------------------------------------------


def test_watch_list_matches_whole_names_ignoring_case(tmp_path: Path):
    path = tmp_path / "names.txt"
    path.write_text("# comment\n\nAnn Smith\nBrackenbury\n", encoding="utf-8")
    names = WatchList.read(path)
    assert len(names) == 2
    assert texts(names.find("Then ANN   SMITH and the Brackenbury family came.")) == ["ANN   SMITH", "Brackenbury"]
    # Near misses: part of a longer word, or a first name alone.
    assert names.find("The Annual review with Ann and Smithson.") == []
    assert WatchList([]).find("anything") == []


# --- what the messages show ---------------------------------------------------------------------------


def test_messages_show_only_the_start_of_what_was_found():
    assert mask("943 476 5919", "nhs-number") == "943…"
    assert mask("jo.bloggs@gmail.com", "email") == "j…@g…"
    assert mask("Morwenna Quillfeather", "watch-list") == "M… Q…"
    assert mask("Jayden Smith", "name") == "J… S…"
    assert mask("NR1 2DH", "postcode") == "NR1…"
    assert mask("12 Elm Road", "address") == "1… E… Road"


# --- hostile input ------------------------------------------------------------------------------------

HOSTILE = [
    "<a " * 20000,  # tags that never close
    '<a "' * 20000,  # quotes that never close
    "<!--" * 20000,
    "[" * 20000 + "](" * 20000,
    "Jayden " * 20000,  # a finding at every word
    "AB " * 20000,
    "born " * 20000,
    ("| a " * 50 + "|\n|---|\n") * 800,  # a table rule under every row
    "0 " * 60000,
]


def test_hostile_text_is_scanned_in_bounded_time():
    """Each of these took minutes (time growing with the square of its length) before the
    patterns were made linear; now each takes well under a second. The limit only stops a
    regression from hanging the suite."""
    import subprocess
    import sys

    code = (
        "import sys, json\n"
        "from sofs_kb.checks.privacy import Scanner\n"
        "from sofs_kb.checks.privacy.text import markdown_units\n"
        "scanner = Scanner()\n"
        "for text in json.load(sys.stdin):\n"
        "    body, units = markdown_units(text, 1)\n"
        "    scanner.hits(body)\n"
        "    for unit in units: scanner.hits(unit.text, address=unit.address)\n"
        "print('done')\n"
    )
    import json

    result = subprocess.run([sys.executable, "-c", code], input=json.dumps(HOSTILE), capture_output=True, text=True, timeout=300)
    assert result.stdout.strip() == "done", result.stderr
