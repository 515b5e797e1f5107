"""CONTRIBUTING.md, the issue forms and the pull request checklists tell writers the truth.

- Every GitHub address in them is the one repository set in pyproject.toml, and every
  `?template=` link names a form or checklist that exists.
- The forms ask for the same fields as the front matter, with the same choices as
  data/vocabularies.yml, the plan's sections and the newsletter's sections.
- The web-editor steps, the starter text and `kb new` all say to set `status: published`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import PROJECT

GITHUB = PROJECT / ".github"
FORMS = GITHUB / "ISSUE_TEMPLATE"
CONTRIBUTING = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
REPOSITORY = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]


def texts() -> dict[str, str]:
    files = [PROJECT / "CONTRIBUTING.md", PROJECT / "README.md", *GITHUB.rglob("*.md"), *FORMS.glob("*.yml")]
    return {str(path.relative_to(PROJECT)): path.read_text(encoding="utf-8") for path in files}


def test_every_github_address_is_the_one_repository():
    found = 0
    for name, text in texts().items():
        for address in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text):
            if address.startswith(("https://github.com/norfolk-sofs/", "https://github.com/o/")):
                found += 1
                assert address == REPOSITORY, f"{name}: {address} is not {REPOSITORY} (pyproject.toml)"
    assert found >= 5


def test_contributing_links_straight_to_each_form_and_checklist():
    forms = {path.name for path in FORMS.glob("*.yml")} - {"config.yml"}
    checklists = {path.name for path in (GITHUB / "PULL_REQUEST_TEMPLATE").glob("*.md")}
    assert forms == {"suggest-a-resource.yml", "report-a-problem.yml", "newsletter-item.yml"}
    for form in forms:
        assert f"{REPOSITORY}/issues/new?template={form}" in CONTRIBUTING, form
    for checklist in checklists:
        assert f"{REPOSITORY}/compare/main...YOUR-BRANCH?quick_pull=1&template={checklist}" in CONTRIBUTING, checklist
    # ...and nothing links to a template that does not exist.
    for name in re.findall(r"template=([\w.-]+)", CONTRIBUTING):
        assert name in forms | checklists, name


def load_form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def choices(form: dict, field_id: str) -> list[str]:
    field = next(item for item in form["body"] if item.get("id") == field_id)
    return field["attributes"]["options"]


def labelled(options: dict[str, str]) -> list[str]:
    return [f"{label} ({key})" for key, label in options.items()]


class _Lenient(yaml.SafeLoader):
    pass


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)


def plan_sections() -> dict[str, str]:
    sections = []
    for path in (PROJECT / "content/plan").glob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if meta and "id" in meta:
            sections.append((meta.get("order", 99), meta["id"], meta["title"]))
    return {key: title for _, key, title in sorted(sections)}


def test_the_forms_offer_exactly_the_sites_own_choices():
    vocabulary = yaml.safe_load((PROJECT / "data/vocabularies.yml").read_text(encoding="utf-8"))
    resource = load_form("suggest-a-resource.yml")
    newsletter = load_form("newsletter-item.yml")
    for form in (resource, newsletter):
        assert choices(form, "audience") == labelled(vocabulary["audiences"])
        assert [option.rsplit(" (", 1)[1][:-1] for option in choices(form, "plan_sections")] == list(plan_sections())
    assert choices(resource, "localities") == labelled(vocabulary["localities"])
    assert [o.rsplit(" (", 1)[1][:-1] for o in choices(resource, "type")] == [
        "practice-resource", "research-summary", "practice-example", "tool"
    ]
    plugins = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)["plugins"]
    topics = next(p["sofs/newsletter"] for p in plugins if isinstance(p, dict) and "sofs/newsletter" in p)["topics"]
    assert choices(newsletter, "section") == [f"{t['title']} ({t['id']})" for t in topics]


def test_the_resource_form_asks_for_the_front_matter_fields():
    ids = {item.get("id") for item in load_form("suggest-a-resource.yml")["body"]}
    assert {"title", "summary", "type", "plan_sections", "audience", "localities", "tags", "owner", "steps", "source"} <= ids


def test_every_form_carries_the_privacy_warning_and_a_required_promise():
    for path in FORMS.glob("*.yml"):
        if path.name == "config.yml":
            continue
        form = load_form(path.name)
        intro = form["body"][0]["attributes"]["value"]
        assert "**This form is public.**" in intro and "could identify a" in intro, path.name
        promise = next(item for item in form["body"] if item.get("id") == "privacy")
        assert all(option["required"] for option in promise["attributes"]["options"]), path.name


def test_the_web_editor_steps_end_with_status_published_and_when_the_page_goes_live():
    steps = CONTRIBUTING.split("## Adding a resource in your web browser")[1].split("### Starter text")[0]
    items = [" ".join(item.split()) for item in re.split(r"^\d+\. ", steps, flags=re.MULTILINE)[1:]]
    publish = next(i for i, text in enumerate(items) if "Change `status: draft` to `status: published`" in text)
    commit = next(i for i, text in enumerate(items) if text.startswith("Press **Commit changes"))
    assert publish < commit
    assert "`status: published`" in items[-1] and "goes live" in items[-1]
    assert "## When your page goes live" in CONTRIBUTING
    starter = CONTRIBUTING.split("### Starter text")[1].split("```")[1]
    assert "Change it to published before the pull request is" in starter


def test_contributing_gives_measured_times_not_a_few_minutes():
    section = CONTRIBUTING.split("## The Check, and how long it takes")[1].split("\n## ")[0]
    assert re.search(r"setting up took \d+ seconds", section)
    assert re.search(r"both\s+editions \d+ seconds", section)
    assert "a few minutes" not in section
    # The words CONTRIBUTING tells people to look for are the ones the comment uses.
    link_words = "open the site with this change"
    assert link_words in " ".join(CONTRIBUTING.split())
    assert f"'{link_words}'" in (GITHUB / "scripts/pull_request.py").read_text(encoding="utf-8")


def test_kb_new_says_to_change_status_to_published(tmp_path: Path):
    project = tmp_path / "project"
    import shutil

    shutil.copytree(PROJECT / "tests/fixtures/site", project)
    result = subprocess.run(
        [sys.executable, "-m", "sofs_kb.cli", "new", "tool", "Safety circles"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    text = (project / "knowledge_bank/tool/safety-circles.md").read_text(encoding="utf-8")
    note = text.split("status: draft")[0].rsplit("review_by", 1)[1]
    assert "status: published" in note and "never appear" in note
