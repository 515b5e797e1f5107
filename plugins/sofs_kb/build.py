"""Build the site with MkDocs, safely.

The site is built into a temporary folder beside the target and only moved
into place when the whole build has passed, so a failed build never leaves
a half-built site where the last good one was.
"""

from __future__ import annotations

import errno
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .mkdocs_plugins import check_config_file

PLUGIN = "sofs/knowledge-bank"


class BuildFailed(Exception):
    """The build stopped. The reasons have already been logged."""


def build_site(config_file: Path, site_dir: Path | None = None, edition: str | None = None) -> Path:
    """Build the site and return the folder it is in."""
    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    except OSError as error:
        raise BuildFailed(write_problem(error, target)) from None
    try:
        _run_mkdocs(config_file, staging, edition)
        replace_site(target, staging)
    except OSError as error:
        raise BuildFailed(write_problem(error, target)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def write_problem(error: OSError, target: Path) -> str:
    """One line for a folder that cannot be written or a disk that is full."""
    where = f" ({error.filename})" if error.filename else ""
    reason = error.strerror or str(error)
    advice = {
        errno.ENOSPC: "Free some disk space and build again.",
        errno.EDQUOT: "Free some disk space and build again.",
        errno.EFBIG: "A file is larger than this computer allows. Free some space or raise the limit.",
        errno.EACCES: f"Check you may write to {target.parent}.",
        errno.EPERM: f"Check you may write to {target.parent}.",
        errno.EROFS: f"{target.parent} is on a read-only disk. Build somewhere else with --site-dir.",
    }.get(error.errno, "")
    return f"Could not write the site to {target}: {reason}{where}. {advice}".rstrip()


def _run_mkdocs(config_file: Path, site_dir: Path, edition: str | None) -> None:
    problem = check_config_file(config_file)
    if problem:
        raise BuildFailed(problem)
    try:
        config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
    except ConfigurationError as error:
        raise BuildFailed(f"{config_file.name}: {error}") from None
    except Abort as error:
        raise BuildFailed(str(error)) from None
    if edition is not None:
        plugin = config.plugins.get(PLUGIN)
        if plugin is None:
            raise BuildFailed(f"{config_file.name}: plugins: '{PLUGIN}' is not switched on.")
        plugin.config.edition = edition
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None:
        plugin.say_write_errors = False  # build_site says it once, in its own words
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except Abort as error:
        raise BuildFailed(_plain(str(error))) from None
    finally:
        config.plugins.on_shutdown()


def _plain(message: str) -> str:
    if "BuildError" in message:
        return "The build stopped because of the problems listed above."
    if "strict mode" in message:
        counts = message.removeprefix("Aborted with ").removesuffix(" in strict mode!")
        counts = counts.replace("1 warnings", "1 warning").replace("1 errors", "1 error")
        return f"The build stopped: {counts} in strict mode (every warning must be fixed)."
    return message


def replace_site(target: Path, staging: Path) -> None:
    """Swap the new site into place, then delete the old one in the background.

    Both moves are renames, so the site folder is never half old and half new.
    Deleting thousands of old files can take longer than building them on some
    disks, and nobody needs to wait for it.
    """
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        target.rename(old / target.name)
    staging.rename(target)
    if old is not None:
        _delete_in_background(old)


def _delete_in_background(folder: Path) -> None:
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def show_mkdocs_messages(verbose: bool = False) -> None:
    """Print MkDocs' log lines the way `mkdocs build` does, without colour codes."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(handler, "_kb", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler._kb = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
