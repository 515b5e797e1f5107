"""The content model on its own: no files, no build."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from sofs_kb.model import ITEM_TYPES, NewsletterIssue, describe
from sofs_kb.model.items import PracticeExample, ResearchSummary, Tool

CONTEXT = {
    "plan_sections": {"leadership": "Leadership", "learning": "Learning"},
    "audiences": {"health": "Health", "police": "Police"},
    "localities": {"norwich": "Norwich"},
    "evidence": {"staff-survey": "Staff survey"},
}

BASE = {
    "title": "Item",
    "summary": "A summary.",
    "plan_sections": ["learning"],
    "audience": ["health"],
    "owner": "Superleaders group",
    "published": "2026-03-01",
    "review_by": "2027-03-01",
    "status": "published",
}


def problems(model, data) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=CONTEXT)
    return describe(caught.value, model)


def test_a_valid_tool_with_friendly_shortcuts():
    tool = Tool.model_validate(
        {**BASE, "type": "tool", "audience": "health", "tags": ["Voice  of the Child"], "steps": "One step."},
        context=CONTEXT,
    )
    assert tool.audience == ["health"]
    assert tool.tags == ["voice of the child"]
    assert tool.steps == ["One step."]
    assert tool.published == date(2026, 3, 1)


def test_every_type_has_a_model_and_labels():
    assert list(ITEM_TYPES) == ["practice-resource", "research-summary", "practice-example", "tool"]
    for model in ITEM_TYPES.values():
        assert model.LABEL and model.PLURAL and model.DESCRIPTION


def test_type_specific_fields_are_required():
    assert ("source", "is required but missing. Add it to the front matter.") in problems(
        ResearchSummary, {**BASE, "type": "research-summary", "key_findings": ["x"]}
    )
    found = dict(problems(PracticeExample, {**BASE, "type": "practice-example", "anonymised": False}))
    assert found["anonymised"].startswith("must be true.")
    assert found["locality"].startswith("is required")


def test_research_source_needs_an_https_address():
    found = dict(
        problems(
            ResearchSummary,
            {**BASE, "type": "research-summary", "key_findings": ["x"], "source": {"citation": "A", "url": "http://x.org"}},
        )
    )
    assert found["source.url"] == "'http://x.org' is not a full web address starting with https://."


def test_unknown_terms_are_named_together():
    found = dict(problems(Tool, {**BASE, "type": "tool", "steps": ["a"], "plan_sections": ["a", "b", "learning"]}))
    assert found["plan_sections"] == (
        "'a' and 'b' are not plan sections. Choose from: leadership, learning."
    )


def test_practice_example_locality_uses_the_shared_vocabulary():
    found = dict(problems(PracticeExample, {**BASE, "type": "practice-example", "anonymised": True, "locality": "cromer"}))
    assert found["locality"] == "'cromer' is not a locality. Choose from: norwich."


def test_evidence_links_must_name_a_measure_in_the_plan():
    found = dict(problems(Tool, {**BASE, "type": "tool", "steps": ["a"], "evidence": ["made-up"]}))
    assert found["evidence"].startswith("'made-up' is not an evidence measure.")


def test_review_date_must_follow_publication():
    found = dict(problems(Tool, {**BASE, "type": "tool", "steps": ["a"], "review_by": "2026-01-01"}))
    assert found["review_by"] == "must be after the published date (2026-03-01); it is 2026-01-01."


def test_summary_is_plain_text():
    found = dict(problems(Tool, {**BASE, "type": "tool", "steps": ["a"], "summary": "See <b>this</b>"}))
    assert found["summary"] == "must be plain text, without HTML tags."


def test_visibility_and_embargo():
    tool = Tool.model_validate({**BASE, "type": "tool", "steps": ["a"], "visibility": "partnership"}, context=CONTEXT)
    assert tool.is_live(date(2026, 3, 1), "partnership")
    assert not tool.is_live(date(2026, 3, 1), "public")
    assert not tool.is_live(date(2026, 2, 28), "partnership")


def test_newsletter_quarter_and_published_date():
    data = {
        "title": "News",
        "summary": "S",
        "type": "newsletter",
        "issue": 2,
        "quarter": "2026q4",
        "editors": "Steering group",
        "owner": "Steering group",
        "status": "published",
    }
    found = dict(problems(NewsletterIssue, data))
    assert found["published"].startswith("is required when status is published")
    issue = NewsletterIssue.model_validate({**data, "status": "draft"}, context=CONTEXT)
    assert str(issue.quarter) == "2026-Q4"
    assert dict(problems(NewsletterIssue, {**data, "quarter": "autumn"}))["quarter"].startswith(
        "'autumn' is not a quarter"
    )
