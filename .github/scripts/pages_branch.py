"""Publish to the gh-pages branch, which GitHub Pages serves: the live site and the previews.

    python3 .github/scripts/pages_branch.py live --site DIR [--open-prs "3 7"]
    python3 .github/scripts/pages_branch.py preview --pr 7 --site DIR
    python3 .github/scripts/pages_branch.py remove --pr 7

Run inside a clone whose `origin` may be pushed to (the workflow's checkout). Standard
library and git only.

The branch holds the live site at its root and each open pull request's preview in
pr-preview/pr-N/. Every change replaces the branch with one new commit, so the branch
never grows. The push is made with --force-with-lease: if another job changed the
branch since we read it, nothing is lost: we read it again and redo the change (up
to five times). A failed build never reaches here, so the live site stays as it was.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

BRANCH = "gh-pages"
PREVIEWS = "pr-preview"
ATTEMPTS = 5
BOT = {
    "GIT_AUTHOR_NAME": "github-actions[bot]",
    "GIT_AUTHOR_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com",
    "GIT_COMMITTER_NAME": "github-actions[bot]",
    "GIT_COMMITTER_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com",
}
NOINDEX = '<meta name="robots" content="noindex">'


class PushRejected(Exception):
    pass


def git(*args: str, cwd: Path, env: dict | None = None, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(
        ["git", *args], cwd=cwd, input=stdin, capture_output=True, env={**os.environ, **BOT, **(env or {})}
    )
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, ["git", *args], result.stdout, result.stderr)
    return result.stdout


def preview_dir(pr: int) -> str:
    return f"{PREVIEWS}/pr-{pr}"


def publish(repo: Path, change: Callable[[Path], None], message: str, *, remote: str = "origin") -> bool:
    """Apply `change` to a copy of the branch's files and push the result. False if nothing changed."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _publish_once(repo, change, message, remote)
        except PushRejected:
            print(f"The {BRANCH} branch changed while we worked (attempt {attempt}); trying again.", file=sys.stderr)
    raise SystemExit(f"Could not update {BRANCH} after {ATTEMPTS} attempts: other jobs kept changing it.")


def _publish_once(repo: Path, change: Callable[[Path], None], message: str, remote: str) -> bool:
    tracking = f"refs/remotes/{remote}/{BRANCH}"
    try:
        git("fetch", "--quiet", "--depth", "1", remote, f"+refs/heads/{BRANCH}:{tracking}", cwd=repo)
        old = git("rev-parse", tracking, cwd=repo).decode().strip()
    except subprocess.CalledProcessError:
        old = ""  # the branch does not exist yet
    with tempfile.TemporaryDirectory() as scratch:
        files = Path(scratch) / "files"
        files.mkdir()
        if old:
            archive = git("archive", "--format=tar", old, cwd=repo)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(files, filter="data")
        change(files)
        # GitHub Pages runs Jekyll on a branch unless this file is there; our site is already built.
        (files / ".nojekyll").touch()
        # A scratch index and work tree: the clone's own files and index stay untouched.
        git_dir = git("rev-parse", "--absolute-git-dir", cwd=repo).decode().strip()
        scratch_env = {"GIT_INDEX_FILE": str(Path(scratch) / "index"), "GIT_DIR": git_dir, "GIT_WORK_TREE": str(files)}
        git("add", "--all", ".", cwd=files, env=scratch_env)
        tree = git("write-tree", cwd=files, env=scratch_env).decode().strip()
    if old and git("rev-parse", f"{old}^{{tree}}", cwd=repo).decode().strip() == tree:
        print(f"{BRANCH} already has these files; nothing to publish.")
        return False
    commit = git("commit-tree", tree, "-m", message, cwd=repo).decode().strip()
    try:
        git("push", "--quiet", f"--force-with-lease=refs/heads/{BRANCH}:{old}", remote, f"{commit}:refs/heads/{BRANCH}", cwd=repo)
    except subprocess.CalledProcessError as error:
        if b"stale info" in error.stderr or b"rejected" in error.stderr:
            raise PushRejected from None
        raise
    print(f"Published {message!r} to {BRANCH} as {commit[:12]}.")
    return True


# --- the three kinds of change ------------------------------------------------------------


def replace_live(site: Path, open_prs: set[int] | None) -> Callable[[Path], None]:
    """The new live site at the root. Previews stay, except those of pull requests now closed."""

    def change(files: Path) -> None:
        for entry in files.iterdir():
            if entry.name != PREVIEWS:
                _remove(entry)
        previews = files / PREVIEWS
        if open_prs is not None and previews.is_dir():
            for preview in previews.iterdir():
                number = re.fullmatch(r"pr-(\d+)", preview.name)
                if not number or int(number.group(1)) not in open_prs:
                    _remove(preview)
        _copy(site, files)

    return change


def replace_preview(pr: int, site: Path) -> Callable[[Path], None]:
    """One pull request's preview, marked so that search engines leave it out."""

    def change(files: Path) -> None:
        target = files / preview_dir(pr)
        _remove(target)
        target.mkdir(parents=True)
        _copy(site, target)
        for page in target.rglob("*.html"):
            mark_noindex(page)

    return change


def remove_preview(pr: int) -> Callable[[Path], None]:
    def change(files: Path) -> None:
        _remove(files / preview_dir(pr))

    return change


def mark_noindex(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if NOINDEX not in text:
        page.write_text(re.sub(r"(<head\b[^>]*>)", r"\1" + NOINDEX, text, count=1), encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True, symlinks=False)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the clone to push from")
    commands = parser.add_subparsers(dest="command", required=True)
    live = commands.add_parser("live", help="publish the live site")
    live.add_argument("--site", type=Path, required=True)
    live.add_argument("--open-prs", default=None, help="numbers of the open pull requests; other previews are removed")
    preview = commands.add_parser("preview", help="publish one pull request's preview")
    preview.add_argument("--pr", type=int, required=True)
    preview.add_argument("--site", type=Path, required=True)
    remove = commands.add_parser("remove", help="remove one pull request's preview")
    remove.add_argument("--pr", type=int, required=True)
    args = parser.parse_args(argv)

    if args.command in ("live", "preview") and not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site}: no index.html, so this is not a built site. Nothing was published.")
    if args.command == "live":
        open_prs = None if args.open_prs is None else {int(n) for n in args.open_prs.split()}
        publish(args.repo, replace_live(args.site.resolve(), open_prs), "Publish the live site")
    elif args.command == "preview":
        publish(args.repo, replace_preview(args.pr, args.site.resolve()), f"Preview of pull request #{args.pr}")
    else:
        publish(args.repo, remove_preview(args.pr), f"Remove the preview of pull request #{args.pr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
