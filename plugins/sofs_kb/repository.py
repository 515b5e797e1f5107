"""Everything the site reads must be an ordinary file inside the repository.

A link (symlink) can make a file in the repository stand for one anywhere on
the computer: `ln -s /etc/passwd knowledge_bank/tool/notes.txt` would publish
that file, and an item linked from outside would skip review. So, in every
folder the site reads:

- a link to a file is allowed only if the file is inside the repository and not
  in its `.git` folder;
- a link to a folder is refused (MkDocs follows it, but our checks would not);
- anything that is not a file or a folder (a named pipe, a device) is refused:
  reading one can wait for ever;
- a Markdown file must end in `.md`, in lower case: `x.MD` or `x.markdown` would
  be skipped by the loader or the checks, yet published by MkDocs.

Plain Python, no MkDocs.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem

MARKDOWN_LIKE = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""Endings MkDocs reads as Markdown, in any case. Only `.md` is ours."""


def outside_reason(path: Path, project: Path) -> str | None:
    """Why this path cannot be read, or None if it is an ordinary file or folder in the project."""
    # One lstat for the common case (an ordinary file): the loader asks this for every
    # file in the bank, and resolving paths made it a second of a 10,000-item draft.
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # missing: whoever reads it says so
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if not stat.S_ISLNK(mode):
        return "is not an ordinary file (it may be a named pipe or a device). Delete it."
    project = project.resolve()
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "is a link that leads nowhere. Delete it, or put the real file here."
    if not target.is_relative_to(project):
        return (
            "is a link to something outside the repository, which is never published. "
            "Copy the file into the repository instead."
        )
    if target.is_relative_to(project / ".git"):
        return "is a link into the repository's .git folder, which is never published. Delete it."
    if target.is_dir():
        return "is a link to a folder. Move or copy the folder here instead of linking to it."
    if not target.is_file():
        return "is a link to something that is not an ordinary file. Delete it."
    return None


def name_reason(name: str) -> str | None:
    """Why a file name would be skipped or published unchecked, or None."""
    stem, dot, ending = name.rpartition(".")
    if not dot or not stem:
        return None
    ending = "." + ending
    if ending.lower() in MARKDOWN_LIKE and ending != ".md":
        return (
            f"ends in '{ending}'. Rename it to end in '.md' (lower case): "
            "other endings are not read as pages, or are not checked."
        )
    return None


def check_folders(roots: Iterable[Path], project: Path, rel) -> list[Problem]:
    """Every problem with the files under these folders (and the folders themselves).

    `rel` turns a path into the name the writer knows. Hidden entries are checked too:
    a link is dangerous whatever it is called. Each `.git` folder is skipped.
    """
    problems: list[Problem] = []
    seen: set[Path] = set()
    for root in roots:
        if root in seen or not (root.exists() or root.is_symlink()):
            continue
        seen.add(root)
        reason = outside_reason(root, project)
        if reason is not None:
            problems.append(Problem(rel(root), "folder" if root.is_dir() else "file", reason))
            continue
        if root.is_dir():
            _walk(root, project, rel, problems)
    return problems


def _walk(folder: Path, project: Path, rel, problems: list[Problem]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        problems.append(Problem(rel(folder), "folder", f"could not be read ({error.strerror})."))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name == ".git":
            continue
        if entry.is_symlink() or not (entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)):
            reason = outside_reason(path, project)
            if reason is not None:
                problems.append(Problem(rel(path), "file", reason))
                continue
        if entry.is_dir(follow_symlinks=False):
            _walk(path, project, rel, problems)
            continue
        reason = name_reason(entry.name)
        if reason is not None:
            problems.append(Problem(rel(path), "file name", reason))
