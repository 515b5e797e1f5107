"""The scripts in .github/scripts/, loaded as modules so tests can call their functions."""

from __future__ import annotations

import importlib.util
import sys

from conftest import PROJECT


def load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PROJECT / ".github/scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
