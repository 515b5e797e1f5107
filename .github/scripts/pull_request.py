"""What the pull-request and deploy workflows decide and post. Standard library only.

    python3 .github/scripts/pull_request.py scope --range BASE...HEAD [--files OUT]
    python3 .github/scripts/pull_request.py pages --preview DIR --live DIR \
        --preview-url URL --live-url URL --changed FILE [--project DIR]
    python3 .github/scripts/pull_request.py comment --findings FILE [--preview FILE] \
        [--preview-state STATE] [--run-url URL] [--commit SHA] [--post --pr N]
    python3 .github/scripts/pull_request.py comment --preview-removed --post --pr N
    python3 .github/scripts/pull_request.py site-url [--pr N]

`scope` says whether a change touches only content, so the workflow can skip the code's
tests. `pages` lists the pages a pull request adds, alters or removes, against the live
site, with a link to each in the preview. `comment` writes the one comment the Check
keeps on a pull request, and with --post creates it or updates it in place.
`site-url` finds the GitHub Pages address of the live site and of a pull request's preview.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import unicodedata
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))
from sofs_kb.github_markdown import code, escape, link  # noqa: E402  (standard library only)

# A pull request that changes only files in these folders is a content change: the
# workflow runs `kb check` and builds both editions, and skips the code's test suite.
CONTENT_FOLDERS = ("knowledge_bank", "newsletters", "content", "data")

MARKER = "<!-- kb-pull-request-report -->"
PREVIEW_START, PREVIEW_END = "<!-- kb-preview -->", "<!-- /kb-preview -->"
COMMENT_LIMIT = 65_000  # GitHub refuses comments over 65,536 characters
LISTED_PAGES = 40  # of each kind; the rest are counted


# --- scope ---------------------------------------------------------------------------------


def is_content(path: str) -> bool:
    return path.split("/", 1)[0] in CONTENT_FOLDERS and "/" in path


def changed_files(commit_range: str, cwd: Path | None = None) -> list[str] | None:
    """Files changed in `commit_range` (git's A...B or A..B), or None if git cannot tell."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", "-z", commit_range], cwd=cwd, capture_output=True
    )
    if result.returncode != 0:
        return None
    return [name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def scope(files: list[str] | None) -> dict[str, bool]:
    """`code`: run the test suite too. Anything but content, or an unknown change, is code."""
    if files is None:
        return {"code": True, "content": True}
    return {"code": not all(map(is_content, files)), "content": any(map(is_content, files))}


# --- pages ---------------------------------------------------------------------------------


@dataclass
class PageChanges:
    added: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def compare_sites(preview: Path, live: Path, preview_url: str, live_url: str) -> PageChanges:
    """Pages (by address, like 'knowledge-bank/tool/x/') that differ between the two builds.

    Both are the public edition built from the same code, so after putting the live
    address in place of the preview's, a page that differs shows something new.
    """
    changes = PageChanges()
    preview_pages = _pages(preview)
    live_pages = _pages(live) if live.is_dir() else {}
    for address, path in sorted(preview_pages.items()):
        if address not in live_pages:
            changes.added.append(address)
            continue
        new = path.read_bytes().replace(preview_url.encode(), live_url.encode())
        if new != live_pages[address].read_bytes():
            changes.altered.append(address)
    changes.removed = sorted(set(live_pages) - set(preview_pages))
    return changes


def _pages(site: Path) -> dict[str, Path]:
    """Every page of a built site by address. Previews inside the live site are not its pages."""
    pages = {}
    for path in site.rglob("index.html"):
        relative = path.parent.relative_to(site).as_posix()
        if relative.split("/", 1)[0] == "pr-preview":
            continue
        pages["" if relative == "." else relative + "/"] = path
    return pages


def page_for_source(path: str) -> str | None:
    """The address a content file's page has, or None for files that are not pages.

    Mirrors the site's addresses (sofs_kb/urls.py): items and newsletter issues by
    their file name, hand-written pages by their place in content/.
    """
    parts = path.split("/")
    if not path.endswith(".md") or path.endswith(".new.md"):
        return None
    stem = _slug(parts[-1][: -len(".md")])
    if parts[0] == "knowledge_bank" and len(parts) == 3:
        return f"knowledge-bank/{parts[1]}/{stem}/"
    if parts[0] == "newsletters" and len(parts) == 2:
        return f"newsletters/{stem}/"
    if parts[0] == "content" and len(parts) >= 2:
        folder = "/".join(parts[1:-1])
        if parts[-1] in ("index.md", "README.md"):
            return folder + "/" if folder else ""
        return "/".join(filter(None, [folder, parts[-1][: -len(".md")]])) + "/"
    return None


def _slug(name: str) -> str:
    """Close to python-slugify for file names: ASCII, lower case, hyphens between words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def front_matter_fields(path: Path, names: tuple[str, ...] = ("status", "published", "visibility")) -> dict[str, str]:
    """A few plain `name: value` lines from a file's front matter, to say why it has no page."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    match = re.match(r"---\r?\n(.*?)\r?\n---", text, re.DOTALL)
    found = {}
    for line in (match.group(1) if match else "").splitlines():
        key, _, value = line.partition(":")
        if key in names and value.strip():
            found[key] = value.split("#", 1)[0].strip().strip("'\"")
    return found


def title_of(page: Path) -> str:
    match = re.search(rb"<title>(.*?)</title>", page.read_bytes(), re.DOTALL)
    if not match:
        return ""
    title = html.unescape(match.group(1).decode("utf-8", "replace"))
    return title.rsplit(" - ", 1)[0] if " - " in title else title


def pages_report(
    preview: Path, live: Path, preview_url: str, live_url: str, changed: list[str], project: Path
) -> str:
    """The preview part of the comment: the preview's address, then the pages that differ."""
    changes = compare_sites(preview, live, preview_url, live_url)
    lines = [
        f"### 🔎 Preview: {link(preview_url, 'open the site with this change')}",
        "",
        "This is the public site as it will look once this change is merged: drafts, items with a"
        " `published` date still to come, and partnership-only items are not in it. It updates each"
        " time the Check passes on a new commit, and is removed when the pull request closes.",
    ]
    if not live.is_dir() or not any(live.iterdir()):
        lines += ["", "The live site has not been published yet, so every page is new."]
    mine = {page for source in changed if (page := page_for_source(source)) is not None}
    new_or_altered = set(changes.added) | set(changes.altered)

    def entry(address: str, site: Path | None) -> str:
        title = escape(title_of(site / address / "index.html")) if site else ""
        words = title or code("/" + address)
        return f"- {link(preview_url + address, words)}" + (f" · {code('/' + address)}" if title else "")

    yours = [address for address in sorted(mine) if address in new_or_altered]
    if yours:
        lines += ["", "**The pages you changed**", ""]
        lines += [
            entry(address, preview) + (" · new" if address in changes.added else "") for address in yours
        ]
    missing = []
    for source in changed:
        page = page_for_source(source)
        if page is None or page in new_or_altered or not source.startswith(("knowledge_bank/", "newsletters/")):
            continue
        if not (project / source).is_file():
            continue  # deleted: shown under removed pages
        if (preview / page / "index.html").is_file():
            continue  # unchanged page: nothing to show
        missing.append(_why_no_page(source, front_matter_fields(project / source)))
    if missing:
        lines += ["", "**Changed files with no page in the preview**", ""] + missing
    for title, addresses in (
        ("Pages this change adds", [a for a in changes.added if a not in mine]),
        ("Pages this change alters", [a for a in changes.altered if a not in mine]),
    ):
        if addresses:
            lines += ["", f"<details><summary>{title}: {len(addresses)}</summary>", ""]
            lines += [entry(address, preview) for address in addresses[:LISTED_PAGES]]
            if len(addresses) > LISTED_PAGES:
                lines.append(f"- and {len(addresses) - LISTED_PAGES} more")
            lines += ["", "</details>"]
    if changes.removed:
        lines += ["", f"<details><summary>Pages this change removes: {len(changes.removed)}</summary>", ""]
        lines += [f"- {code('/' + address)}" for address in changes.removed[:LISTED_PAGES]]
        if len(changes.removed) > LISTED_PAGES:
            lines.append(f"- and {len(changes.removed) - LISTED_PAGES} more")
        lines += ["", "</details>"]
    if not (changes.added or changes.altered or changes.removed or missing):
        lines += ["", "No page looks different from the live site."]
    return "\n".join(lines) + "\n"


def _why_no_page(source: str, fields: dict[str, str]) -> str:
    status, published, visibility = fields.get("status"), fields.get("published"), fields.get("visibility")
    if status and status != "published":
        why = f"it says {code('status: ' + status)}. Set {code('status: published')} when it is ready, and its page appears here."
    elif visibility == "partnership":
        why = f"it says {code('visibility: partnership')}, so it is only in the partnership edition, never on the public site."
    elif published:
        why = f"its {code('published')} date is {escape(published)}. It goes on the site that morning, and not before."
    else:
        why = "it has no page yet. Check its front matter against the starter text in CONTRIBUTING.md."
    return f"- {code(source)}: {why}"


# --- comment -------------------------------------------------------------------------------

PREVIEW_STATES = {
    "published": "",
    "checks-failed": "No preview yet: it is made once every check passes. Fix what the Check reports above"
    " (or the failed step in the run), commit again, and the preview follows.",
    "failed": "The preview could not be published this time. The Check's result above still stands; see the run for details.",
    "none": "",
}


def comment_body(
    findings: str | None, preview: str | None, *, state: str = "none", run_url: str = "", commit: str = ""
) -> str:
    """The whole comment, kept under GitHub's size limit by cutting the findings at a line."""
    preview_part = preview if state == "published" and preview else PREVIEW_STATES.get(state, "")
    head = [MARKER]
    tail = ["", PREVIEW_START, preview_part.strip(), PREVIEW_END, ""]
    footer = []
    if commit or run_url:
        words = f"Last checked: commit {code(commit[:7])}" if commit else "Last checked"
        footer.append(f"<sub>{words}" + (f" · {link(run_url, 'the full run and job summary')}" if run_url else "") + "</sub>")
    if findings is None:
        findings = "### ❌ The Check did not finish\n\nOpen the run to see what went wrong." + (
            f" {link(run_url, 'Open the run')}." if run_url else ""
        )
    budget = COMMENT_LIMIT - sum(len(part) + 1 for part in head + tail + footer) - 200
    findings = _cut(findings.strip(), budget, run_url)
    return "\n".join(head + [findings] + tail + footer).strip() + "\n"


def _cut(text: str, budget: int, run_url: str) -> str:
    if len(text) <= budget:
        return text
    kept, size = [], 0
    lines = text.splitlines()
    for line in lines:
        if size + len(line) + 1 > budget:
            break
        kept.append(line)
        size += len(line) + 1
    hidden = sum(1 for line in lines[len(kept):] if line.startswith("- "))
    note = f"- and {hidden} more findings, too many for one comment."
    note += f" {link(run_url, 'The job summary lists them all')}." if run_url else " Run `make check` to see them all."
    return "\n".join(kept + [note])


def without_preview(body: str, note: str) -> str:
    """An existing comment with its preview part replaced by `note`."""
    pattern = re.compile(re.escape(PREVIEW_START) + ".*?" + re.escape(PREVIEW_END), re.DOTALL)
    return pattern.sub(lambda _: f"{PREVIEW_START}\n{note}\n{PREVIEW_END}", body, count=1)


class GitHub:
    """The few REST calls the comment needs, with the workflow's token."""

    def __init__(self, api_url: str, repository: str, token: str):
        self.base = f"{api_url.rstrip('/')}/repos/{repository}"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null"), response.headers.get("Link", "")

    def our_comment(self, pr: int) -> dict | None:
        page = 1
        while True:
            comments, links = self.call("GET", f"/issues/{pr}/comments?per_page=100&page={page}")
            for comment in comments:
                if comment.get("body", "").startswith(MARKER) and comment.get("user", {}).get("type") == "Bot":
                    return comment
            if 'rel="next"' not in links:
                return None
            page += 1

    def upsert(self, pr: int, body: str) -> str:
        existing = self.our_comment(pr)
        if existing:
            self.call("PATCH", f"/issues/comments/{existing['id']}", {"body": body})
            return f"Updated comment {existing['id']}."
        created, _ = self.call("POST", f"/issues/{pr}/comments", {"body": body})
        return f"Added comment {created['id']}."


def site_url(github: GitHub, repository: str) -> str:
    """The live site's address: what GitHub Pages reports, or its usual address if Pages is not on yet."""
    try:
        pages, _ = github.call("GET", "/pages")
        url = pages.get("html_url") or ""
    except (OSError, ValueError) as error:  # urllib's HTTPError is an OSError
        print(f"GitHub Pages did not give an address ({error}); using the usual one.", file=sys.stderr)
        url = ""
    if not url:
        owner, _, name = repository.partition("/")
        owner = owner.lower()
        url = f"https://{owner}.github.io/" + ("" if name.lower() == f"{owner}.github.io" else f"{name}/")
    return _slash(url)


def preview_url(live: str, pr: int) -> str:
    return f"{_slash(live)}pr-preview/pr-{pr}/"


def github_from_environment() -> GitHub:
    return GitHub(
        os.environ.get("GITHUB_API_URL", "https://api.github.com"),
        os.environ["GITHUB_REPOSITORY"],
        os.environ["GITHUB_TOKEN"],
    )


# --- command line --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("scope")
    p.add_argument("--range", dest="commit_range", default="", help="BASE...HEAD; empty means everything")
    p.add_argument("--files", type=Path, help="write the changed files here, one a line")
    p = commands.add_parser("pages")
    p.add_argument("--preview", type=Path, required=True)
    p.add_argument("--live", type=Path, required=True)
    p.add_argument("--preview-url", required=True)
    p.add_argument("--live-url", required=True)
    p.add_argument("--changed", type=Path, required=True)
    p.add_argument("--project", type=Path, default=Path.cwd())
    p = commands.add_parser("comment")
    p.add_argument("--findings", type=Path)
    p.add_argument("--preview", type=Path)
    p.add_argument("--preview-state", choices=sorted(PREVIEW_STATES), default="none")
    p.add_argument("--preview-removed", action="store_true", help="mark the preview as removed in the comment")
    p.add_argument("--run-url", default="")
    p.add_argument("--commit", default="")
    p.add_argument("--post", action="store_true", help="create or update the comment on --pr")
    p.add_argument("--pr", type=int)
    p = commands.add_parser("site-url")
    p.add_argument("--pr", type=int, help="also give this pull request's preview address")
    args = parser.parse_args(argv)

    if args.command == "site-url":
        live = site_url(github_from_environment(), os.environ["GITHUB_REPOSITORY"])
        lines = [f"live={live}"] + ([f"preview={preview_url(live, args.pr)}"] if args.pr else [])
        _output(lines)
        return 0

    if args.command == "scope":
        files = changed_files(args.commit_range) if args.commit_range else None
        if args.files:
            args.files.write_text("".join(f"{name}\n" for name in files or []), encoding="utf-8")
        result = scope(files)
        _output([f"{key}={'true' if value else 'false'}" for key, value in result.items()])
        print(
            ("Unknown change: running everything." if files is None else f"{len(files)} files changed.")
            + (" Code changed: the tests run too." if result["code"] else " Only content changed: the tests are skipped.")
        )
        return 0

    if args.command == "pages":
        changed = [line for line in args.changed.read_text(encoding="utf-8").splitlines() if line]
        print(pages_report(args.preview, args.live, _slash(args.preview_url), _slash(args.live_url), changed, args.project), end="")
        return 0

    if args.preview_removed:
        if not (args.post and args.pr):
            parser.error("--preview-removed needs --post and --pr")
        github = github_from_environment()
        existing = github.our_comment(args.pr)
        if existing:
            note = "The preview was removed when this pull request closed."
            github.call("PATCH", f"/issues/comments/{existing['id']}", {"body": without_preview(existing["body"], note)})
        return 0
    findings = _read(args.findings)
    preview = _read(args.preview)
    body = comment_body(findings, preview, state=args.preview_state, run_url=args.run_url, commit=args.commit)
    if args.post:
        if not args.pr:
            parser.error("--post needs --pr")
        print(github_from_environment().upsert(args.pr, body))
    else:
        print(body, end="")
    return 0


def _output(lines: list[str]) -> None:
    """Step outputs for the workflow (GITHUB_OUTPUT), and the same lines on the log."""
    print("\n".join(lines))
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


def _read(path: Path | None) -> str | None:
    if path is None or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


if __name__ == "__main__":
    sys.exit(main())
