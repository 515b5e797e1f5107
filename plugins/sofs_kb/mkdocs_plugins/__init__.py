"""Thin MkDocs adapters over the core. Swap these to move to another site engine."""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


class BoundedOptions:
    """Put first among a plugin's bases: refuse options in mkdocs.yml that grow past a
    fixed size through `&name`/`*name` reuse, before MkDocs walks them to check them (nine
    levels of ten reuses would be a billion values; see sources.check_size)."""

    def load_config(self, options, config_file_path=None):
        from mkdocs.config.base import ValidationError

        from ..sources import ReadError, check_size

        try:
            check_size(options)
        except ReadError as error:
            _defuse(options)
            errors, warnings = super().load_config({}, config_file_path)  # type: ignore[misc]
            return [("options", ValidationError(str(error)))], warnings
        return super().load_config(options, config_file_path)  # type: ignore[misc]


def _defuse(value, seen=None) -> None:
    """Empty every list and mapping in refused options, in place. Reused values are shared
    objects, so this empties them wherever mkdocs.yml reuses them too, and MkDocs' own
    debug listing of the settings stays short instead of spelling out a billion values."""
    seen = set() if seen is None else seen
    if isinstance(value, (list, dict)) and id(value) not in seen:
        seen.add(id(value))
        for child in list(value.values() if isinstance(value, dict) else value):
            _defuse(child, seen)
        value.clear()


def check_config_file(config_file: Path) -> str | None:
    """Why mkdocs.yml cannot be used safely (it grows past a fixed size through reuse), or None.

    Commands call this before MkDocs reads the file: MkDocs lists every setting in its
    debug log, spelling out each reuse.
    """
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    from ..sources import ReadError, check_size

    try:
        with open(config_file, encoding="utf-8") as source:
            check_size(yaml_load(source))
    except ReadError as error:
        return f"{config_file.name}: {error}"
    except (OSError, ConfigurationError, ValueError):
        return None  # MkDocs reports these in its own words
    return None
