"""The GitHub Actions workflows: actionlint (with ShellCheck) on every one, and the rules we
hold them to: actions pinned to commit SHAs, least-privilege permissions per job, a
timeout on every job, caches, Dependabot, and Debian's Chromium and Java for the tests.

tests/test_pull_request_flow.py runs the workflows' own steps on a real change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, require_tool

GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
ACTIONLINT = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
SHELLCHECK = shutil.which("shellcheck", path=str(BIN)) or shutil.which("shellcheck")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def actionlint(folder: Path) -> subprocess.CompletedProcess:
    require_tool(ACTIONLINT is not None, "actionlint is not installed (make installs it from the lock file)")
    require_tool(SHELLCHECK is not None, "shellcheck is not installed (make installs it from the lock file)")
    env = {**os.environ, "PATH": f"{Path(SHELLCHECK).parent}:{os.environ['PATH']}"}
    return subprocess.run([ACTIONLINT, "-no-color"], cwd=folder, capture_output=True, text=True, env=env)


def test_actionlint_passes_on_every_workflow():
    assert {path.name for path in WORKFLOWS} >= {"checks.yml", "pull-request.yml", "preview-cleanup.yml", "deploy.yml"}
    result = actionlint(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_and_shellcheck_catch_a_broken_workflow(tmp_path: Path):
    """The same run on a copy with two mistakes: an unknown job in needs, and an unquoted variable."""
    shutil.copytree(GITHUB, tmp_path / ".github")
    broken = tmp_path / ".github/workflows/deploy.yml"
    text = broken.read_text(encoding="utf-8")
    text = text.replace("    needs: check\n", "    needs: chekc\n", 1)
    text = text.replace('--site "$RUNNER_TEMP/site"\n          fi', '--site $RUNNER_TEMP/site\n          fi', 1)
    broken.write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    result = actionlint(tmp_path)
    assert result.returncode == 1
    assert 'job "publish" needs job "chekc" which does not exist' in result.stdout
    assert "SC2086" in result.stdout


def every_step():
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                yield path.name, job_id, step


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it():
    lines = [
        (path.name, line.strip())
        for path in WORKFLOWS
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(- )?uses: ", line)
    ]
    assert lines
    for name, line in lines:
        target = line.split("uses: ", 1)[1]
        if target.startswith("./"):
            continue  # our own reusable workflow, in this repository
        assert PINNED.match(target), f"{name}: {line} is not pinned to a full commit SHA with '# vX.Y.Z'"


def test_the_same_action_has_the_same_pin_everywhere():
    pins: dict[str, set[str]] = {}
    for _, _, step in every_step():
        if "uses" in step and not step["uses"].startswith("./"):
            action, sha = step["uses"].split("@")
            pins.setdefault(action, set()).add(sha)
    assert pins and all(len(shas) == 1 for shas in pins.values()), pins


def test_permissions_are_granted_per_job_and_every_job_has_a_timeout():
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow.get("permissions") == {}, f"{path.name}: the workflow itself must grant nothing"
        for job_id, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {job_id} says no permissions"
            if "uses" in job:
                continue  # a call to checks.yml: its own jobs have timeouts
            assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: job {job_id} has no timeout"
            assert job["timeout-minutes"] <= 45


def test_only_the_jobs_that_publish_may_write():
    writers = {
        (path.name, job_id): {scope for scope, level in job["permissions"].items() if level == "write"}
        for path in WORKFLOWS
        for job_id, job in load(path)["jobs"].items()
    }
    assert {key: scopes for key, scopes in writers.items() if scopes} == {
        ("deploy.yml", "publish"): {"contents"},
        ("preview-cleanup.yml", "remove"): {"contents", "pull-requests"},
        ("pull-request.yml", "preview"): {"contents"},
        ("pull-request.yml", "report"): {"pull-requests"},
    }


def test_no_expression_is_pasted_into_a_script():
    """Values reach scripts through env:, never `${{ }}` inside run:, so no title or branch
    name can inject shell commands."""
    for name, job_id, step in every_step():
        if "run" in step:
            assert "${{" not in step["run"], f"{name} {job_id}: {step.get('name')}"


def test_forks_and_dependabot_get_no_preview_and_the_preview_waits_for_every_check():
    jobs = load(GITHUB / "workflows/pull-request.yml")["jobs"]
    assert "head.repo.full_name == github.repository" in jobs["site"]["if"]
    assert "dependabot[bot]" in jobs["site"]["if"]
    assert jobs["check"]["if"] == "${{ !cancelled() }}"  # forks are still checked
    assert set(jobs["preview"]["needs"]) == {"site", "check"}
    assert "needs.check.result == 'success'" in jobs["preview"]["if"]
    assert "needs.site.result == 'success'" in jobs["preview"]["if"]


def test_main_deploys_only_what_the_checks_built_after_they_passed():
    jobs = load(GITHUB / "workflows/deploy.yml")["jobs"]
    assert jobs["check"]["uses"] == "./.github/workflows/checks.yml"
    assert jobs["check"]["with"]["upload-site"] is True
    assert jobs["publish"]["needs"] == "check" and "if" not in jobs["publish"]
    downloads = [step for step in jobs["publish"]["steps"] if "download-artifact" in step.get("uses", "")]
    assert [step["with"]["name"] for step in downloads] == ["public-site"]
    # The site is uploaded only when every step of the content job passed.
    content = load(GITHUB / "workflows/checks.yml")["jobs"]["content"]
    upload = next(s for s in content["steps"] if s.get("with", {}).get("name") == "public-site")
    assert upload["if"].startswith("${{ success() &&")


def test_content_checks_install_from_the_lock_with_a_pip_cache_and_run_no_tests():
    content = load(GITHUB / "workflows/checks.yml")["jobs"]["content"]
    setup = next(s for s in content["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "requirements.txt"}
    scripts = "\n".join(s["run"] for s in content["steps"] if "run" in s)
    assert "make .venv/.installed" in scripts
    assert "kb check --format github --summary" in scripts
    assert "--edition public" in scripts and "--edition partnership" in scripts
    assert "pytest" not in scripts and "make test" not in scripts


def test_the_tests_run_through_ci_run_on_debian_with_pip_and_npm_caches():
    tests = load(GITHUB / "workflows/checks.yml")["jobs"]["tests"]
    assert tests["if"] == "needs.scope.outputs.code == 'true'"
    assert tests["container"] == "python:3.11-bookworm"  # Debian 12, as .ci/run expects
    caches = {s["with"]["path"] for s in tests["steps"] if "actions/cache" in s.get("uses", "")}
    assert caches == {"~/.cache/pip", "~/.npm"}
    assert tests["steps"][-1]["run"] == "bash .ci/run"
    ci_run = (PROJECT / ".ci/run").read_text(encoding="utf-8")
    assert "missing+=(chromium)" in ci_run and "default-jre-headless" in ci_run
    assert "playwright install" not in ci_run  # Debian's Chromium, never Playwright's download


def test_dependabot_updates_pip_npm_and_actions_weekly_in_groups():
    config = load(GITHUB / "dependabot.yml")
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["directory"] == "/"
        assert any(group["patterns"] == ["*"] for group in update["groups"].values())
