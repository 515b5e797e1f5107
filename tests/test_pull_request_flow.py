"""A Superleader's pull request, run here through the workflows' own steps.

A copy of the project becomes a git repository with a local "origin". The deploy path
publishes the live site to its gh-pages branch; then a content-only change (a new tool,
an edited one and a draft) runs the pull-request path: what changed, kb check and both
editions, the preview and its page list, and the comment, posted to a local stand-in for
GitHub's API. Closing the pull request removes the preview. Every command is the one in
.github/workflows/, run by bash (tests/workflow_runner.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import PROJECT, SHIPPED, write
from workflow_runner import LocalRunner

REPOSITORY = "norfolk-sofs/knowledge-bank"
LIVE = "https://norfolk-sofs.github.io/knowledge-bank/"
PR = 5
PREVIEW = f"{LIVE}pr-preview/pr-{PR}/"
TOKEN = "test-token"

NEW_TOOL = """---
title: Safety circles
summary: A drawing tool that helps a child show who keeps them safe.
type: tool
plan_sections: [risk-sensible-practice]
audience: [social-care]
tags: [direct work]
owner: Superleaders group
published: 2026-03-12
review_by: 2027-03-12
status: published
steps:
  - Draw three circles, one inside the other.
  - Ask the child who goes in each circle.
---

## How to use it

Draw three circles. Ask the child who they would go to when they are worried.
Write their own words beside each name. Keep the drawing with the plan.
"""


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


class FakeGitHub:
    """Just the REST calls the scripts make: Pages' address and the pull request's comments."""

    def __init__(self) -> None:
        self.comments: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _reply(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self) -> None:
                outer.requests.append((self.command, self.path))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._reply(401, {"message": "Bad credentials"})
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                base = f"/repos/{REPOSITORY}"
                if self.command == "GET" and self.path == f"{base}/pages":
                    return self._reply(200, {"html_url": LIVE})
                if self.command == "GET" and self.path.startswith(f"{base}/issues/{PR}/comments"):
                    return self._reply(200, outer.comments)
                if self.command == "POST" and self.path == f"{base}/issues/{PR}/comments":
                    comment = {"id": 100 + len(outer.comments), "body": body["body"], "user": {"type": "Bot"}}
                    outer.comments.append(comment)
                    return self._reply(201, comment)
                if self.command == "PATCH" and self.path.startswith(f"{base}/issues/comments/"):
                    number = int(self.path.rsplit("/", 1)[1])
                    comment = next(c for c in outer.comments if c["id"] == number)
                    comment["body"] = body["body"]
                    return self._reply(200, comment)
                return self._reply(404, {"message": "Not Found"})

            do_GET = do_POST = do_PATCH = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def github():
    fake = FakeGitHub()
    yield fake
    fake.close()


def project_repository(root: Path) -> tuple[Path, Path]:
    """A copy of the project's content and workflow scripts, committed on main, with an origin."""
    project = root / "project"
    project.mkdir()
    for name in (*SHIPPED, "pyproject.toml", "requirements.txt", "Makefile", ".github", ".gitignore"):
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    # The workflow scripts read one module of the package, with the standard library only.
    for module in ("__init__.py", "github_markdown.py"):
        write(project / "plugins/sofs_kb" / module, (PROJECT / "plugins/sofs_kb" / module).read_text())
    # This Python's environment stands in for `make .venv/.installed` (already done).
    (project / ".venv").mkdir()
    (project / ".venv/bin").symlink_to(Path(sys.executable).parent)
    (project / ".venv/.installed").touch()
    origin = root / "origin.git"
    git("init", "--quiet", "--bare", str(origin), cwd=root)
    git("init", "--quiet", "-b", "main", cwd=project)
    git("config", "user.email", "test@example.org", cwd=project)
    git("config", "user.name", "Test", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "--quiet", "-m", "base", cwd=project)
    git("remote", "add", "origin", str(origin), cwd=project)
    git("push", "--quiet", "origin", "main", cwd=project)
    return project, origin


def runner(project: Path, temp: Path, github: FakeGitHub, **context: str) -> LocalRunner:
    values = {
        "secrets.KB_WATCH_LIST": "",
        "github.server_url": "https://github.com",
        "github.repository": REPOSITORY,
        "github.run_id": "42",
        "github.token": TOKEN,
        **context,
    }
    return LocalRunner(
        project,
        temp,
        values,
        env={"GITHUB_REPOSITORY": REPOSITORY, "GITHUB_API_URL": github.url, "NO_MKDOCS_2_WARNING": "1"},
    )


def event(name: str, site_url: str, *, base: str = "", head: str = "", before: str = "", commit: str = "") -> dict[str, str]:
    """The values of the expressions checks.yml reads for one event."""
    return {
        "inputs.tests": "auto",
        "github.event_name": name,
        "github.event.pull_request.base.sha": base,
        "github.event.pull_request.head.sha": head,
        "github.event.before": before,
        "inputs.site-url": site_url,
        "github.event.pull_request.head.sha || github.sha": head or commit,
    }


def test_a_content_only_pull_request_from_check_to_preview_to_cleanup(tmp_path: Path, github: FakeGitHub):
    project, origin = project_repository(tmp_path)
    base = git("rev-parse", "HEAD", cwd=project)

    # main: the deploy path publishes the live site (its checks, then its publish job).
    deploy = runner(project, tmp_path / "deploy-run", github, **event("push", LIVE, before="0" * 40, commit=base))
    # `gh pr list` answers from a stand-in: pull requests 3 and 8 are open.
    stub = tmp_path / "bin"
    write(stub / "gh", "#!/bin/sh\nprintf '3\\n8\\n'\n").chmod(0o755)
    deploy.env["PATH"] = f"{stub}:{os.environ['PATH']}"
    url = deploy.job("deploy.yml", "site")
    assert url[0].outputs == {"live": LIVE}
    deploy.job("checks.yml", "scope")
    deploy.job("checks.yml", "content")
    deploy.job("deploy.yml", "publish")
    assert git("--git-dir", str(origin), "cat-file", "-t", "gh-pages:index.html", cwd=tmp_path) == "blob"

    # A Superleader's branch: a new tool, a changed summary, and a draft.
    git("checkout", "--quiet", "-b", "add-safety-circles", cwd=project)
    write(project / "knowledge_bank/tool/safety-circles.md", NEW_TOOL)
    three_houses = project / "knowledge_bank/tool/three-houses.md"
    three_houses.write_text(
        three_houses.read_text().replace("summary: A simple drawing tool", "summary: A simple, friendly drawing tool"),
        encoding="utf-8",
    )
    write(
        project / "knowledge_bank/tool/circles-of-support.md",
        NEW_TOOL.replace("Safety circles", "Circles of support").replace("status: published", "status: draft"),
    )
    git("add", "-A", cwd=project)
    git("commit", "--quiet", "-m", "Add the safety circles tool", cwd=project)
    head = git("rev-parse", "HEAD", cwd=project)

    run = runner(
        project,
        tmp_path / "pr-run",
        github,
        **event("pull_request", PREVIEW, base=base, head=head),
        **{"github.event.pull_request.number": str(PR)},
    )
    site = run.job("pull-request.yml", "site")
    assert site[0].outputs == {"live": LIVE, "preview": PREVIEW}
    scope = run.job("checks.yml", "scope")
    assert scope[0].outputs == {"code": "false", "content": "true"}  # so the test suite is skipped
    content = run.job("checks.yml", "content")
    assert [step.returncode for step in content] == [0] * len(content)
    findings = (tmp_path / "pr-run/findings.md").read_text(encoding="utf-8")
    assert findings.startswith("### ") and "Check: 0 errors" in findings
    assert findings in run.summary.read_text(encoding="utf-8")
    assert (tmp_path / "pr-run/site-partnership/index.html").is_file()

    # The preview: its page list, then the gh-pages branch.
    run.context.update({"needs.site.outputs.live": LIVE, "needs.site.outputs.preview": PREVIEW})
    run.job("pull-request.yml", "preview")
    preview = (tmp_path / "pr-run/preview.md").read_text(encoding="utf-8")
    assert f"[open the site with this change](<{PREVIEW}>)" in preview
    mine = preview.split("**The pages you changed**")[1].split("\n\n**")[0]
    assert f"[Safety circles](<{PREVIEW}knowledge-bank/tool/safety-circles/>)" in mine and " · new" in mine
    assert f"(<{PREVIEW}knowledge-bank/tool/three-houses/>)" in mine
    assert "`knowledge_bank/tool/circles-of-support.md`: it says `status: draft`" in preview
    assert f"(<{PREVIEW}knowledge-bank/tool/>)" in preview  # the tools list shows the new tool
    published = git("--git-dir", str(origin), "show", f"gh-pages:pr-preview/pr-{PR}/knowledge-bank/tool/safety-circles/index.html", cwd=tmp_path)
    assert '<meta name="robots" content="noindex">' in published and "Safety circles" in published
    assert git("--git-dir", str(origin), "cat-file", "-t", "gh-pages:index.html", cwd=tmp_path) == "blob"  # live kept

    # One comment, updated in place on the next run.
    run.context.update({
        "needs.check.result": "success",
        "needs.preview.result": "success",
    })
    run.job("pull-request.yml", "report")
    run.job("pull-request.yml", "report")
    assert len(github.comments) == 1
    body = github.comments[0]["body"]
    assert body.startswith("<!-- kb-pull-request-report -->") and "Check: 0 errors" in body
    assert f"(<{PREVIEW}knowledge-bank/tool/safety-circles/>)" in body
    assert f"commit `{head[:7]}`" in body

    # Closing the pull request removes the preview and says so.
    run.job("preview-cleanup.yml", "remove")
    tree = git("--git-dir", str(origin), "ls-tree", "--name-only", "gh-pages", cwd=tmp_path)
    assert "pr-preview" not in tree.split() and "index.html" in tree.split()
    assert "The preview was removed" in github.comments[0]["body"]
    assert "Check: 0 errors" in github.comments[0]["body"]


def test_a_code_change_runs_the_tests_and_an_unknown_range_runs_everything(tmp_path: Path, github: FakeGitHub):
    project, _ = project_repository(tmp_path)
    base = git("rev-parse", "HEAD", cwd=project)
    write(project / "plugins/sofs_kb/new_module.py", "# new code\n")
    write(project / "knowledge_bank/tool/safety-circles.md", NEW_TOOL)
    git("add", "-A", cwd=project)
    git("commit", "--quiet", "-m", "code and content", cwd=project)
    head = git("rev-parse", "HEAD", cwd=project)
    context = event("pull_request", PREVIEW, base=base, head=head)
    scope = runner(project, tmp_path / "a", github, **context).job("checks.yml", "scope")
    assert scope[0].outputs["code"] == "true"
    unknown = runner(project, tmp_path / "b", github, **{**context, "github.event.pull_request.base.sha": "f" * 40})
    assert unknown.job("checks.yml", "scope")[0].outputs["code"] == "true"
    daily = runner(project, tmp_path / "c", github, **{**context, "inputs.tests": "never", "github.event_name": "schedule"})
    assert daily.job("checks.yml", "scope")[0].outputs == {"code": "false"}


def test_findings_reach_the_comment_and_no_preview_is_promised(tmp_path: Path, github: FakeGitHub):
    project, _ = project_repository(tmp_path)
    write(project / "knowledge_bank/tool/safety-circles.md", NEW_TOOL.replace("Ask the child who they", "Ring 07700 900123. Ask the child who they"))
    run = runner(
        project,
        tmp_path / "run",
        github,
        **{
            "inputs.site-url": PREVIEW,
            "github.event.pull_request.head.sha || github.sha": "abc1234",
            "github.event.pull_request.number": str(PR),
            "github.event.pull_request.head.sha": "abc1234",
            "needs.check.result": "failure",
            "needs.preview.result": "skipped",
        },
    )
    steps = run.job("checks.yml", "content", stop_on_failure=False, last_step="Keep the findings for the pull request's comment")
    assert steps[2].name == "Check the content (kb check)" and steps[2].returncode == 1
    assert "::error file=knowledge_bank/tool/safety-circles.md," in steps[2].output
    run.job("pull-request.yml", "report")
    body = github.comments[0]["body"]
    assert "knowledge\\_bank/tool/safety-circles.md" not in body  # paths are shown as code, unescaped
    assert "[`knowledge_bank/tool/safety-circles.md`](<https://github.com/norfolk-sofs/knowledge-bank/blob/abc1234/knowledge_bank/tool/safety-circles.md>)" in body
    assert "personal-data/phone" in body and "**error**" in body
    assert "No preview yet: it is made once every check passes." in body
    assert "07700 900123" not in body
