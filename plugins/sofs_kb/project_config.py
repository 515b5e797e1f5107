"""mkdocs.yml read without MkDocs, for commands that need only the core.

`kb usage import`, `kb report board` and `kb review pack` read the site's settings
and our plugins' options from here, so they run without importing MkDocs (which
the engine refactor in issue 17 wants of every command). Tags MkDocs adds to YAML are
understood: `!ENV [NAME, default]` takes the environment variable, and `!!python/...`
values (Material's extensions) are ignored, as no command needs them.

The option defaults below match the plugins' Config classes in mkdocs_plugins/; the
tests build real sites through both paths, so a difference shows up there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .settings import EDITIONS, Settings
from .sources import MAX_SOURCE_BYTES, ReadError, check_size

BANK, TRAINING, IMPACT = "sofs/knowledge-bank", "sofs/training", "sofs/impact"


class ConfigFileError(Exception):
    """mkdocs.yml cannot be read, or lacks something a command needs. The message says what."""


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: _Loader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV NAME` and `!ENV [NAME, OTHER, default]`."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass
class SiteConfig:
    """The parts of mkdocs.yml the core commands use."""

    config_file: Path
    site_name: str
    site_url: str
    docs_dir: Path
    use_directory_urls: bool
    plugins: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Our plugins that are switched on, with their options."""

    @property
    def project_dir(self) -> Path:
        return self.config_file.parent

    def options(self, plugin: str) -> dict[str, Any] | None:
        """A plugin's options, or None when it is missing or switched off."""
        return self.plugins.get(plugin)

    def settings(self, edition: str | None = None) -> Settings:
        """The knowledge bank's settings, as the build works them out."""
        options = self.options(BANK)
        if options is None:
            raise ConfigFileError(f"{self.config_file.name}: plugins: '{BANK}' is not switched on.")
        chosen = edition or options.get("edition") or "public"
        if chosen not in EDITIONS:
            raise ConfigFileError(f"{self.config_file.name}: edition: '{chosen}' is not public or partnership.")
        today = options.get("today")
        try:
            day = date.fromisoformat(str(today)) if today else date.today()
        except ValueError:
            raise ConfigFileError(f"{self.config_file.name}: today: '{today}' is not a date like 2026-11-26.") from None
        project = self.project_dir
        return Settings(
            project_dir=project,
            docs_dir=self.docs_dir,
            bank_dir=project / options.get("bank_dir", "knowledge_bank"),
            newsletters_dir=project / options.get("newsletters_dir", "newsletters"),
            plan_dir=self.docs_dir / options.get("plan_dir", "plan"),
            vocabulary_file=project / options.get("vocabulary", "data/vocabularies.yml"),
            edition=chosen,  # type: ignore[arg-type]
            today=day,
        )


def read_site_config(config_file: Path) -> SiteConfig:
    path = config_file.resolve()
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise ConfigFileError(f"{config_file.name}: the settings file is far too large to be mkdocs.yml.")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        check_size(data)  # `&name`/`*name` reuse could make it a billion values to walk
    except OSError as error:
        raise ConfigFileError(f"{config_file}: file: could not be read ({error.strerror}).") from None
    except ReadError as error:
        raise ConfigFileError(f"{config_file.name}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigFileError(f"{config_file.name}{where}: the settings file could not be read: {error}.") from None
    if not isinstance(data, dict):
        raise ConfigFileError(f"{config_file.name}: the settings file must hold settings such as site_name.")
    plugins: dict[str, dict[str, Any]] = {}
    for entry in data.get("plugins") or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()), ("", {}))
        options = dict(options or {})
        if str(name).startswith("sofs/") and options.get("enabled", True) not in (False, "false", "False"):
            plugins[str(name)] = options
    return SiteConfig(
        config_file=path,
        site_name=str(data.get("site_name") or ""),
        site_url=str(data.get("site_url") or ""),
        docs_dir=(path.parent / str(data.get("docs_dir") or "docs")).resolve(),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        plugins=plugins,
    )
