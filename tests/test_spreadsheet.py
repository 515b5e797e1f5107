"""CSV files that are safe to open in a spreadsheet: cells that could run as formulas are made text."""

from __future__ import annotations

import csv
import io

import pytest

from sofs_kb.spreadsheet import safe_cell, write_csv


@pytest.mark.parametrize("value", ["=1+1", "+44 1603", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")",
                                   " =1+1", "\n@x"])
def test_formula_triggers_are_made_text(value: str):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value, expected", [
    ("Three houses", "Three houses"), (1339, "1339"), (-3, "-3"), (4.5, "4.5"), (None, ""), ("90%", "90%"),
    ("a=b", "a=b"),
])
def test_ordinary_cells_and_numbers_are_unchanged(value, expected):
    assert safe_cell(value) == expected


def test_write_csv_escapes_every_cell_and_header():
    out = io.StringIO(newline="")
    write_csv(out, ["=Title", "Views"], [["=cmd|' /C calc'!A0", 12], ["Plain, with comma", -1]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=Title", "Views"], ["'=cmd|' /C calc'!A0", "12"], ["Plain, with comma", "-1"]]


def test_impact_downloads_escape_titles(site_dir):
    import subprocess
    import sys

    item = site_dir / "knowledge_bank/tool/three-houses.md"
    item.write_text(item.read_text().replace("title: Three houses", 'title: "=HYPERLINK(\\"https://evil.example\\")"')
                    .replace("review_by: 2027-03-12", "review_by: 2026-11-30"))
    result = subprocess.run([sys.executable, "-m", "sofs_kb.cli", "report", "--format", "csv", "-o", "out"],
                            cwd=site_dir, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader((site_dir / "out/items-to-review.csv").open(encoding="utf-8")))
    titles = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"https://evil.example\")" in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
