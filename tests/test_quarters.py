from datetime import date

import pytest

from sofs_kb.quarters import Quarter, QuarterError


@pytest.mark.parametrize("text", ["2026-Q4", "2026q4", "2026-q4", " 2026Q4 "])
def test_quarter_forms(text):
    assert Quarter.parse(text) == Quarter(2026, 4)


@pytest.mark.parametrize("text", ["2026-Q5", "2026", "Q4-2026", "26-q1", ""])
def test_bad_quarters(text):
    with pytest.raises(QuarterError, match="is not a quarter"):
        Quarter.parse(text)


def test_quarter_dates_and_names():
    q = Quarter(2026, 4)
    assert (q.start, q.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert q.next() == Quarter(2027, 1)
    assert Quarter.of(date(2026, 2, 28)) == Quarter(2026, 1)
    assert q.contains(date(2026, 12, 31)) and not q.contains(date(2027, 1, 1))
    assert (q.slug, str(q), q.label) == ("2026-q4", "2026-Q4", "October to December 2026")
