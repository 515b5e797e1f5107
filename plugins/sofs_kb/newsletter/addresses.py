"""Email addresses the email edition uses: From, To, Reply-To and the two mailing lists.

Every address comes from a person (a flag or mkdocs.yml), so each is checked
before it goes near a header: a line break would let one value add headers of
its own ("Bcc: ..."). email-validator checks the rest of the syntax, with no
look-up on the network.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

EXAMPLE = "staff-news@norfolk.gov.uk"


def shown(value: str, limit: int = 80) -> str:
    """A value as it can be printed on one line: control characters written as escapes."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else ch.encode("unicode_escape").decode() for ch in value)
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value)


def address_problem(value: object, *, named: bool = False) -> str | None:
    """Why `value` is not one email address, or None if it is.

    `named` allows a name before the address, as in `Signs of Safety team <team@norfolk.gov.uk>`.
    """
    text = str(value)
    if has_control_characters(text):
        return (
            f"{shown(text)} has a line break or another control character in it. "
            f"Give one address on one line, like {EXAMPLE}."
        )
    try:
        validate_email(text.strip(), check_deliverability=False, allow_smtputf8=False, allow_display_name=named)
    except EmailNotValidError as error:
        form = f"{EXAMPLE}, or Team name <{EXAMPLE}>" if named else EXAMPLE
        return f"{shown(text)} is not an email address: {error} Write it like {form}."
    return None


def plain(value: str) -> str:
    """The address alone, in lower case, for comparing two addresses. The value must be valid."""
    checked = validate_email(value.strip(), check_deliverability=False, allow_smtputf8=False, allow_display_name=True)
    return checked.normalized.lower()
