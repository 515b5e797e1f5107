"""Reading Markdown files with YAML front matter, strictly.

MkDocs drops malformed front matter without a word. We read it ourselves
with python-frontmatter and a stricter YAML loader, so every mistake is
reported with the file and line:

- dates stay text, so pydantic can say exactly what is wrong with them
  (PyYAML would crash on 2026-02-30 instead);
- a field written twice is an error, not a silent overwrite;
- the line of each top-level field is kept for messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .problems import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _RepeatedField(yaml.YAMLError):
    def __init__(self, name: str, first: int, second: int):
        super().__init__(name)
        self.name, self.first, self.second = name, first, second


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that keeps dates as text and refuses repeated keys."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self.key_lines: dict[str, int] = {}
        self._root: yaml.Node | None = None

    def construct_document(self, node: yaml.Node) -> Any:
        self._root = node
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line
            if key in seen:
                raise _RepeatedField(str(key), seen[key], line)
            seen[key] = line
            if node is self._root and isinstance(key, str):
                self.key_lines[key] = line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse a YAML data file with the same strict rules as front matter."""
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


class _FrontMatterHandler(frontmatter.YAMLHandler):
    """python-frontmatter handler that uses the strict loader and keeps line numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[str, int] = {}
        self.raw: Any = None
        self.loaded = False

    def load(self, fm: str, **kwargs: object) -> Any:
        self.loaded = True
        loader = _StrictLoader(fm)
        try:
            self.raw = loader.get_single_data()
            self.key_lines = loader.key_lines
            return self.raw
        finally:
            loader.dispose()


@dataclass
class SourceFile:
    """A Markdown file split into its front matter and body."""

    path: Path
    rel: str
    meta: dict[str, Any]
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int | None:
        return self.key_lines.get(name)


def read_source(path: Path, rel: str) -> tuple[SourceFile | None, list[Problem]]:
    """Read one Markdown file. Returns the file, or None and the reasons it could not be read."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, "file", f"could not be read ({error.strerror})")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                rel,
                "encoding",
                f"the file is not UTF-8 text (byte {error.start + 1} is not valid). "
                "Save it again with UTF-8 encoding.",
            )
        ]
    return parse_source(text, path, rel)


def parse_source(text: str, path: Path, rel: str) -> tuple[SourceFile | None, list[Problem]]:
    """Split text into front matter and body, reporting any problem with the front matter."""
    handler = _FrontMatterHandler()
    stripped = text.lstrip()
    # python-frontmatter strips leading blank lines; count them so line numbers match the file.
    first_line = text[: len(text) - len(stripped)].count("\n") + 1
    if not handler.detect(stripped):
        return None, [
            Problem(
                rel,
                "front matter",
                "is missing. The file must start with a line of three dashes (---), "
                "then the fields, then another line of three dashes.",
                line=1,
            )
        ]
    try:
        post = frontmatter.loads(stripped, handler=handler)
    except _RepeatedField as error:
        return None, [
            Problem(
                rel,
                error.name,
                f"is written twice, on lines {first_line + error.first} and "
                f"{first_line + error.second}. Keep one of them.",
                line=first_line + error.second,
            )
        ]
    except yaml.YAMLError as error:
        return None, [_yaml_problem(rel, error, first_line)]
    if not handler.loaded:
        # python-frontmatter gives up quietly when the closing dashes are missing.
        return None, [
            Problem(
                rel,
                "front matter",
                "is not closed. Add a line of three dashes (---) after the last field.",
                line=first_line,
            )
        ]

    if not isinstance(handler.raw, dict):
        return None, [
            Problem(
                rel,
                "front matter",
                "must be a list of fields, one per line, each written as 'name: value'.",
                line=first_line,
            )
        ]
    # Line 0 of the YAML is the rest of the opening '---' line.
    key_lines = {key: first_line + line for key, line in handler.key_lines.items()}
    return SourceFile(path, rel, dict(post.metadata), post.content, key_lines), []


def _yaml_problem(rel: str, error: yaml.YAMLError, first_line: int) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = first_line + mark.line if mark is not None else first_line
    problem = getattr(error, "problem", None) or str(error)
    return Problem(
        rel,
        "front matter",
        f"line {line} is not valid YAML ({problem}). "
        "Check for a missing space after a colon, a missing closing quote, "
        "or text with a colon that needs quotes.",
        line=line,
    )
