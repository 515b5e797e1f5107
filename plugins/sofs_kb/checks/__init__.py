"""Content checks: what `kb check` and the `sofs/checks` build plugin look for.

Plain Python, no MkDocs. One module per family of rules:

| module | rules |
|---|---|
| `schema` | `fields`: the loader's own validation of each field |
| `placeholders` | `placeholder`: REPLACE left by `kb new` |
| `links` | `links/*` and `images/*` |
| `review` | `review/stale` (a warning) |
| `plain_english` | `plain-english/*`, measured with textstat |
| `acronyms` | `acronyms/*`, against the glossary |
| `privacy/` | `personal-data/*`: the privacy scan (see its `__init__`) |
| `allow_list` | the reviewed list of accepted findings |
"""

from .options import DEFAULT_LIMITS, FAMILY_FACING, PAGE_KINDS, CheckOptions, Limits, limits_with
from .runner import CheckReport, run_checks

__all__ = [
    "DEFAULT_LIMITS",
    "FAMILY_FACING",
    "PAGE_KINDS",
    "CheckOptions",
    "CheckReport",
    "Limits",
    "limits_with",
    "run_checks",
]
