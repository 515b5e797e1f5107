"""Search synonyms from data: the glossary's acronyms and our own groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT, write
from sofs_kb.checks.acronyms import Glossary
from sofs_kb.problems import ContentError
from sofs_kb.synonyms import Synonyms, load_synonyms


def shipped() -> Synonyms:
    glossary, problems = Glossary.read(PROJECT / "data" / "glossary.yml", "data/glossary.yml")
    assert problems == []
    return load_synonyms(PROJECT / "data" / "search-synonyms.yml", "data/search-synonyms.yml", glossary)


def test_a_page_is_also_found_by_the_other_phrases_of_its_groups():
    synonyms = shipped()
    extra = synonyms.extra_terms("We listen to the <b>Voice of the   child</b>. Domestic abuse was a worry.")
    assert "child's voice" in extra and "wishes and feelings" in extra
    assert "DA" in extra and "domestic violence" in extra
    assert "voice of the child" not in extra and "domestic abuse" not in extra  # it has those already
    # Curly apostrophes, other cases and line breaks match too; parts of words do not.
    assert "voice of the child" in synonyms.extra_terms("The child’s\nVoice matters.")
    assert synonyms.extra_terms("A database of dates") == []


def test_glossary_acronyms_are_synonyms_and_searched_as_their_words():
    synonyms = shipped()
    assert "Norfolk Safeguarding Children Partnership" in synonyms.extra_terms("The NSCP agreed it.")
    assert "NSCP" in synonyms.extra_terms("The Norfolk Safeguarding Children Partnership agreed it.")
    acronyms = synonyms.acronyms()
    assert acronyms["nscp"] == "Norfolk Safeguarding Children Partnership"
    assert acronyms["da"] == "domestic abuse"


def test_extra_html_is_escaped_and_empty_when_nothing_matches():
    synonyms = Synonyms([("A&B", "<b>x</b> thing")])
    assert synonyms.extra_html("nothing here") == ""
    assert synonyms.extra_html("a&b") == "<p>&lt;b>x&lt;/b> thing</p>"


def test_every_problem_in_the_synonyms_file_is_named_at_once(tmp_path: Path):
    bad = write(tmp_path / "search-synonyms.yml", "groups:\n  - [alone]\n  - [fine, good]\n  - ['', only]\nother: 1\n")
    with pytest.raises(ContentError) as caught:
        load_synonyms(bad, "data/search-synonyms.yml")
    messages = [str(problem) for problem in caught.value.problems]
    assert any(message.startswith("data/search-synonyms.yml: other:") for message in messages), messages
    # The groups are still checked, so every problem is named in one run.
    assert "data/search-synonyms.yml: groups: group 1: needs two or more phrases that mean the same." in messages
    wrong_group = write(tmp_path / "two.yml", "groups:\n  - [alone]\n  - [fine, good]\n  - ['', only]\n")
    with pytest.raises(ContentError) as caught:
        load_synonyms(wrong_group, "data/search-synonyms.yml")
    assert [str(problem) for problem in caught.value.problems] == [
        "data/search-synonyms.yml: groups: group 1: needs two or more phrases that mean the same.",
        "data/search-synonyms.yml: groups: group 3: needs two or more phrases that mean the same.",
    ]
    broken = write(tmp_path / "three.yml", "groups: [unclosed\n")
    with pytest.raises(ContentError) as caught:
        load_synonyms(broken, "data/search-synonyms.yml")
    assert str(caught.value.problems[0]).startswith("data/search-synonyms.yml: file: could not be read")


def test_a_missing_file_leaves_the_glossary_groups():
    glossary = Glossary({"NSCP": ["Norfolk Safeguarding Children Partnership"]})
    synonyms = load_synonyms(Path("/nonexistent/search-synonyms.yml"), "x", glossary)
    assert synonyms.groups == [("NSCP", "Norfolk Safeguarding Children Partnership")]
