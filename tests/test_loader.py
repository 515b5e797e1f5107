"""The loader on the fixture content: editions, drafts, folders and media."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from conftest import write
from sofs_kb.loader import load_bank
from sofs_kb.problems import ContentError
from sofs_kb.settings import Settings


def settings_for(project: Path, **changes) -> Settings:
    base = Settings(
        project_dir=project,
        docs_dir=project / "content",
        bank_dir=project / "knowledge_bank",
        newsletters_dir=project / "newsletters",
        plan_dir=project / "content/plan",
        vocabulary_file=project / "data/vocabularies.yml",
        today=date(2026, 11, 26),
    )
    return dataclasses.replace(base, **changes)


def errors_for(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_bank(settings_for(project))
    return [str(p) for p in caught.value.problems]


def test_published_items_newest_first_and_drafts_held_back(site_dir: Path):
    bank = load_bank(settings_for(site_dir))
    assert [i.id for i in bank.items][:3] == ["mapping-guide", "network-meeting", "scaling-questions"]
    assert {e.id for e in bank.unpublished} == {"unfinished-draft", "future-guide"}
    assert [s.id for s in bank.plan][0] == "leadership"


def test_embargo_lifts_on_the_publication_day(site_dir: Path):
    bank = load_bank(settings_for(site_dir, today=date(2027, 1, 15)))
    assert bank.item("future-guide") is not None


def test_partnership_items_only_in_the_partnership_edition(site_dir: Path):
    path = site_dir / "knowledge_bank/tool/scaling-questions.md"
    path.write_text(path.read_text().replace("status: published", "status: published\nvisibility: partnership"))
    public = load_bank(settings_for(site_dir))
    assert public.item("scaling-questions") is None
    assert all(e.id != "scaling-questions" for e in public.unpublished)
    partnership = load_bank(settings_for(site_dir, edition="partnership"))
    assert partnership.item("scaling-questions") is not None


def test_images_beside_items_are_carried_over(site_dir: Path):
    (site_dir / "knowledge_bank/tool/images").mkdir()
    (site_dir / "knowledge_bank/tool/images/houses.png").write_bytes(b"\x89PNG")
    bank = load_bank(settings_for(site_dir))
    assert [uri for _, uri in bank.media] == ["knowledge-bank/tool/images/houses.png"]


def test_misplaced_files_are_reported(site_dir: Path):
    write(site_dir / "knowledge_bank/loose.md", "---\ntitle: x\n---\n")
    write(site_dir / "knowledge_bank/tools/x.md", "---\ntitle: x\n---\n")
    write(site_dir / "knowledge_bank/tool/deeper/x.md", "---\ntitle: x\n---\n")
    write(site_dir / "knowledge_bank/tool/index.md", "---\ntitle: x\n---\n")
    write(site_dir / "knowledge_bank/tool/README.md", "Notes for writers are ignored.")
    found = errors_for(site_dir)
    assert found == [
        "knowledge_bank/loose.md: folder: items must be inside a type folder: "
        "practice-resource, research-summary, practice-example, tool.",
        "knowledge_bank/tool/deeper/x.md: folder: items must sit directly in knowledge_bank/tool/, "
        "not in a folder inside it.",
        "knowledge_bank/tool/index.md: file name: 'index.md' cannot be used as an item's file name. "
        "Choose another.",
        "knowledge_bank/tools: folder: 'tools' is not a type of item. Use one of: practice-resource, "
        "research-summary, practice-example, tool.",
    ]


def test_plan_and_vocabulary_problems(site_dir: Path):
    plan = site_dir / "content/plan/learning.md"
    plan.write_text(plan.read_text().replace("id: learning\n", "id: leadership\n"))
    (site_dir / "data/vocabularies.yml").write_text("audiences:\n  Social Care: x\nlocalities: {}\n")
    found = "\n".join(errors_for(site_dir))
    assert "content/plan/learning.md: id: 'leadership' is also used by content/plan/leadership.md" in found
    assert "data/vocabularies.yml: audiences: 'Social Care' is not a valid id." in found
    assert "data/vocabularies.yml: localities: must not be empty." in found


def test_newsletter_file_name_and_quarter_must_agree(site_dir: Path):
    issue = site_dir / "newsletters/2026-q3.md"
    issue.rename(site_dir / "newsletters/2026-q4.md")
    write(site_dir / "newsletters/summer.md", "---\ntitle: x\n---\n")
    found = errors_for(site_dir)
    assert found == [
        "newsletters/2026-q4.md: quarter: '2026-Q3' does not match the file name. "
        "Use 2026-Q4 or rename the file to 2026-q3.md.",
        "newsletters/summer.md: file name: must be the issue's quarter, like 2026-q4.md.",
    ]


def test_unchanged_items_are_not_read_again(site_dir: Path, monkeypatch):
    import sofs_kb.loader as loader

    load_bank(settings_for(site_dir))
    reads: list[str] = []
    original = loader.read_source
    monkeypatch.setattr(loader, "read_source", lambda path, rel: (reads.append(rel), original(path, rel))[1])

    load_bank(settings_for(site_dir))
    assert [r for r in reads if r.startswith("knowledge_bank/")] == []

    edited = site_dir / "knowledge_bank/tool/three-houses.md"
    edited.write_text(edited.read_text().replace("title: Three houses", "title: Three houses, edited"))
    bank = load_bank(settings_for(site_dir))
    assert [r for r in reads if r.startswith("knowledge_bank/")] == ["knowledge_bank/tool/three-houses.md"]
    assert bank.item("three-houses").title == "Three houses, edited"


def test_a_vocabulary_change_validates_items_again(site_dir: Path):
    load_bank(settings_for(site_dir))
    vocabulary = site_dir / "data/vocabularies.yml"
    vocabulary.write_text(vocabulary.read_text().replace("  health: Health\n", ""))
    found = errors_for(site_dir)
    assert any("scaling-questions.md: audience: 'health' is not an audience" in f for f in found)


def test_the_fields_the_loader_read_are_what_kb_check_would_read(site_dir: Path):
    # kb check reuses the loader's reading of each item instead of parsing it again,
    # so the fields and their line numbers must match its own quick reading.
    from sofs_kb.checks.documents import _quick_front_matter

    write(site_dir / "knowledge_bank/tool/broken.md", "---\ntitle: [\n---\nBody.\n")
    front_matter: dict = {}
    with pytest.raises(ContentError):
        load_bank(settings_for(site_dir), front_matter=front_matter)
    items = sorted((site_dir / "knowledge_bank").glob("*/*.md"))
    readable = [path for path in items if path.name != "broken.md"]
    assert sorted(front_matter) == readable  # drafts too; the broken file is left to kb check
    for path in readable:
        lines = path.read_text().splitlines()
        end = lines.index("---", 1)
        meta, key_lines = _quick_front_matter(lines, 0, end)
        assert front_matter[path][1] == key_lines, path
        assert {k: str(v) for k, v in front_matter[path][0].items()} == {k: str(v) for k, v in meta.items()}, path
