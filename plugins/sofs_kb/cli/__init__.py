"""The `kb` command: build the site and look after its content.

Each group of commands lives in its own module and is registered below.
Every command reports problems in plain English, one per line as
`file: field: reason`, and exits with status 1 (never a Python traceback)
when the content needs fixing.
"""

from __future__ import annotations

import os

from .base import main

# Material prints a long notice about its successor on every run; our docs cover it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from . import build_command  # noqa: E402,F401  (registers `kb build`)
from . import newsletter  # noqa: E402,F401  (registers `kb newsletter`)
from . import newsletter_email  # noqa: E402,F401  (registers `kb newsletter email`)
from . import training  # noqa: E402,F401  (registers `kb training`)
from . import check_command  # noqa: E402,F401  (registers `kb check`)
from . import new_command  # noqa: E402,F401  (registers `kb new`)
from . import report_command  # noqa: E402,F401  (registers `kb report` and `kb report board`)
from . import usage_command  # noqa: E402,F401  (registers `kb usage import`)
from . import review_command  # noqa: E402,F401  (registers `kb review pack`)

__all__ = ["main"]
