"""Publishing to the gh-pages branch (.github/scripts/pages_branch.py), against a real local
git remote: the live site and previews side by side, one commit, and no lost update when
two jobs publish at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import github_scripts
from conftest import PROJECT, write

pages_branch = github_scripts.load("pages_branch")
SCRIPT = PROJECT / ".github/scripts/pages_branch.py"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    git("init", "--quiet", "--bare", "origin.git", cwd=tmp_path)
    git("init", "--quiet", "-b", "main", "clone", cwd=tmp_path)
    repo = tmp_path / "clone"
    git("remote", "add", "origin", str(tmp_path / "origin.git"), cwd=repo)
    return repo


def site(folder: Path, words: str) -> Path:
    write(folder / "index.html", f"<html><head><title>{words}</title></head><body>{words}</body></html>")
    write(folder / "knowledge-bank/index.html", f"<html><head></head><body>{words} bank</body></html>")
    return folder


def branch_files(repo: Path) -> dict[str, str]:
    names = git("ls-tree", "-r", "--name-only", "origin/gh-pages", cwd=repo).splitlines()
    return {name: git("show", f"origin/gh-pages:{name}", cwd=repo) for name in names}


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=repo, capture_output=True, text=True)
    git("fetch", "--quiet", "origin", "+refs/heads/gh-pages:refs/remotes/origin/gh-pages", cwd=repo) if result.returncode == 0 else None
    return result


def test_live_site_and_previews_live_side_by_side(clone: Path, tmp_path: Path):
    assert run(clone, "live", "--site", str(site(tmp_path / "live", "live one"))).returncode == 0
    assert run(clone, "preview", "--pr", "7", "--site", str(site(tmp_path / "p7", "preview seven"))).returncode == 0
    assert run(clone, "preview", "--pr", "8", "--site", str(site(tmp_path / "p8", "preview eight"))).returncode == 0
    files = branch_files(clone)
    assert "live one" in files["index.html"]
    assert "preview seven" in files["pr-preview/pr-7/index.html"]
    assert '<head><meta name="robots" content="noindex">' in files["pr-preview/pr-7/knowledge-bank/index.html"]
    assert "noindex" not in files["index.html"]
    assert ".nojekyll" in files
    # A new live site keeps the previews of open pull requests and drops the rest.
    assert run(clone, "live", "--site", str(site(tmp_path / "live2", "live two")), "--open-prs", "8 12").returncode == 0
    files = branch_files(clone)
    assert "live two" in files["index.html"] and "pr-preview/pr-8/index.html" in files
    assert not any(name.startswith("pr-preview/pr-7/") for name in files)
    # Closing pull request 8 removes its preview and nothing else.
    assert run(clone, "remove", "--pr", "8").returncode == 0
    files = branch_files(clone)
    assert not any(name.startswith("pr-preview/") for name in files) and "live two" in files["index.html"]
    # The branch is always a single commit, so it never grows.
    assert git("rev-list", "--count", "origin/gh-pages", cwd=clone) == "1"


def test_publishing_the_same_files_again_changes_nothing(clone: Path, tmp_path: Path):
    folder = site(tmp_path / "live", "same")
    run(clone, "live", "--site", str(folder))
    first = git("rev-parse", "origin/gh-pages", cwd=clone)
    result = run(clone, "live", "--site", str(folder))
    assert "nothing to publish" in result.stdout
    assert git("rev-parse", "origin/gh-pages", cwd=clone) == first


def test_a_folder_that_is_not_a_built_site_is_refused(clone: Path, tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = run(clone, "live", "--site", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "no index.html, so this is not a built site. Nothing was published." in result.stderr
    assert subprocess.run(["git", "ls-remote", "--heads", "origin", "gh-pages"], cwd=clone, capture_output=True, text=True).stdout == ""


def test_a_job_that_publishes_at_the_same_moment_loses_nothing(clone: Path, tmp_path: Path):
    """While we publish a preview, another job publishes the live site. Our first push is
    refused (--force-with-lease), we start again from the new branch, and both survive."""
    run(clone, "live", "--site", str(site(tmp_path / "live", "old live")))
    other = tmp_path / "other"
    git("clone", "--quiet", str(tmp_path / "origin.git"), str(other), cwd=tmp_path)
    preview = site(tmp_path / "p3", "preview three")
    calls = []

    def change(files: Path) -> None:
        if not calls:  # the other job pushes in between our read and our push
            pages_branch.publish(other, pages_branch.replace_live(site(tmp_path / "new", "new live"), None), "live")
        calls.append(1)
        pages_branch.replace_preview(3, preview)(files)

    assert pages_branch.publish(clone, change, "Preview of pull request #3") is True
    assert len(calls) == 2
    git("fetch", "--quiet", "origin", "+refs/heads/gh-pages:refs/remotes/origin/gh-pages", cwd=clone)
    files = branch_files(clone)
    assert "new live" in files["index.html"] and "preview three" in files["pr-preview/pr-3/index.html"]
