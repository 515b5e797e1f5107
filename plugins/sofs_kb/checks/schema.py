"""Schema: exactly the validation the build does, by calling the same loader.

The loader is run for the partnership edition, which holds every item, so
that partnership-only items are validated too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..loader import Bank, FrontMatter, load_bank
from ..model import ITEM_TYPES
from ..problems import ContentError, Problem, Severity
from ..settings import Settings

RULE = "fields"
_PRACTICE_EXAMPLE = f"/{ITEM_TYPES['practice-example'].TYPE}/"


def check(
    settings: Settings, front_matter: dict[Path, FrontMatter] | None = None
) -> tuple[list[Problem], Bank | None]:
    """The loader's problems, and the bank when it loaded (None when there were errors).

    `front_matter` is filled with the fields of each item file the loader could read.
    """
    try:
        bank = load_bank(replace(settings, edition="partnership"), front_matter=front_matter)
    except ContentError as error:
        return [_named(problem) for problem in error.problems], None
    return [_named(problem) for problem in bank.warnings], bank


def _named(problem: Problem) -> Problem:
    # A practice example that is not marked anonymised is a privacy problem first.
    # Like every privacy finding, it stays an error in a draft too.
    if problem.field == "anonymised" and _PRACTICE_EXAMPLE in f"/{problem.path}":
        return replace(problem, rule="personal-data/anonymised", severity=Severity.ERROR)
    return problem
