"""Front matter is read strictly, with line numbers, where MkDocs would drop it silently."""

from __future__ import annotations

from pathlib import Path

from sofs_kb.sources import parse_source, read_source


def parse(text: str):
    return parse_source(text, Path("x.md"), "x.md")


def test_dates_stay_text_so_the_model_can_explain_them():
    source, problems = parse("---\ntitle: A\npublished: 2026-02-30\n---\nBody\n")
    assert problems == []
    assert source.meta == {"title": "A", "published": "2026-02-30"}
    assert source.body == "Body"


def test_field_lines_count_from_the_top_of_the_file():
    source, _ = parse("\n\n---\ntitle: A\nowner: B\n---\nBody")
    assert source.key_lines == {"title": 4, "owner": 5}


def test_a_field_written_twice_is_an_error():
    _, problems = parse("---\ntitle: A\ntitle: B\n---\nBody")
    assert [str(p) for p in problems] == ["x.md: title: is written twice, on lines 2 and 3. Keep one of them."]


def test_malformed_yaml_names_the_line():
    _, problems = parse("---\ntitle: A\nsummary: one: two\n---\nBody")
    assert problems[0].field == "front matter"
    assert problems[0].line == 3
    assert "line 3 could not be read" in problems[0].reason


def test_missing_and_unclosed_front_matter():
    _, missing = parse("Just a body.")
    assert "is missing" in missing[0].reason
    _, unclosed = parse("---\ntitle: A\n")
    assert "is not closed" in unclosed[0].reason


def test_front_matter_that_is_not_fields():
    _, problems = parse("---\n- a\n- b\n---\nBody")
    assert "must be a list of fields" in problems[0].reason


def test_non_utf8_bytes(tmp_path: Path):
    path = tmp_path / "latin.md"
    path.write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    source, problems = read_source(path, "latin.md")
    assert source is None
    assert str(problems[0]).startswith("latin.md: encoding: the file is not UTF-8 text")


def test_a_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff---\ntitle: A\n---\nBody".encode("utf-8"))
    source, problems = read_source(path, "bom.md")
    assert problems == [] and source.meta == {"title": "A"}
