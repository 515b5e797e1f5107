"""Check that the lock file, requirements.txt, still matches pyproject.toml.

    python scripts/check_lock.py [PROJECT_DIR]

`make` runs this after installing, and tests/test_lock.py runs it on changed copies.
It needs no network: it reads pyproject.toml, the lock and what is installed.

It reports, one line each, and exits with status 1:
- a package pyproject.toml asks for that the lock does not pin;
- a pin outside the range pyproject.toml (or an installed package) asks for;
- a pin without a hash;
- a pin nothing needs any more (only when everything it could need is installed,
  so the answer is certain).
The fix is always the same: `make lock`, then commit both files.
"""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

LOCK_NAME = "requirements.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


@dataclass
class Lock:
    pins: dict[str, Version] = field(default_factory=dict)
    hashed: set[str] = field(default_factory=set)
    extras: list[str] = field(default_factory=list)
    """The extras the lock was written for, read from the command in its header."""
    build_deps: bool = False


def read_lock(path: Path) -> Lock:
    lock = Lock()
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#    pip-compile "):
            for argument in shlex.split(line[1:].strip()):
                if argument.startswith("--extra="):
                    lock.extras.append(argument.split("=", 1)[1])
                elif argument.startswith(("--build-deps-for=", "--all-build-deps")):
                    lock.build_deps = True
            continue
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            lock.pins[current] = Version(match.group(2))
        if current and "--hash=sha256:" in line:
            lock.hashed.add(current)
    return lock


def direct_requirements(pyproject: dict, lock: Lock) -> list[tuple[Requirement, str]]:
    """What pyproject.toml asks for, for the extras the lock covers, and where it says so."""
    project = pyproject.get("project", {})
    wanted = [(Requirement(text), "dependencies") for text in project.get("dependencies", [])]
    optional = project.get("optional-dependencies", {})
    for extra in lock.extras:
        wanted += [(Requirement(text), f"optional-dependencies {extra}") for text in optional.get(extra, [])]
    if lock.build_deps:
        wanted += [
            (Requirement(text), "build-system requires")
            for text in pyproject.get("build-system", {}).get("requires", [])
        ]
    return wanted


def applies(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    environment = default_environment()
    return any(requirement.marker.evaluate({**environment, "extra": extra}) for extra in extras or {""})


def installed_version(name: str) -> Version | None:
    try:
        return Version(metadata.version(name))
    except metadata.PackageNotFoundError:
        return None


def check(project_dir: Path) -> list[str]:
    """Every way the lock and pyproject.toml disagree, in plain words. Empty if they agree."""
    lock_path = project_dir / LOCK_NAME
    if not lock_path.is_file():
        return [f"{LOCK_NAME} is missing."]
    pyproject = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))
    lock = read_lock(lock_path)
    project_name = canonicalize_name(pyproject.get("project", {}).get("name", ""))
    problems: list[str] = []

    # Walk from what pyproject.toml asks for, through the installed packages' own requirements.
    queue = [(requirement, f"pyproject.toml ({where})") for requirement, where in direct_requirements(pyproject, lock)]
    reached: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()
    certain = True
    while queue:
        requirement, asked_by = queue.pop(0)
        if not applies(requirement, set()):
            continue
        name = canonicalize_name(requirement.name)
        if name == project_name:
            continue
        pinned = lock.pins.get(name)
        if pinned is None:
            problems.append(f"{asked_by} asks for {requirement}, but {LOCK_NAME} does not pin {name}.")
            continue
        if not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{asked_by} asks for {requirement}, but {LOCK_NAME} pins {name}=={pinned}.")
        reached.add(name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        if installed_version(name) != pinned:
            certain = False  # we cannot see what the pinned version needs
            continue
        for text in metadata.requires(name) or []:
            child = Requirement(text)
            if applies(child, set(requirement.extras)):
                child.marker = None
                queue.append((child, f"{name} {pinned}"))

    problems += [f"{name}=={lock.pins[name]} has no hash in {LOCK_NAME}." for name in lock.pins if name not in lock.hashed]
    if certain:
        problems += [
            f"{LOCK_NAME} pins {name}=={lock.pins[name]}, but nothing in pyproject.toml needs it now."
            for name in sorted(set(lock.pins) - reached)
        ]
    return problems


def main(argv: list[str]) -> int:
    project_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems = check(project_dir)
    if not problems:
        return 0
    print(f"{LOCK_NAME} does not match pyproject.toml:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print(f"Run `make lock` to write {LOCK_NAME} again, then commit both files.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
