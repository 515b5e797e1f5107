"""`kb report` output as JSON, for other programs. (The CSV tables are impact/downloads.py.)"""

from __future__ import annotations

import json

from .report import ImpactReport


def to_json(report: ImpactReport) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
