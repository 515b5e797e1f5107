"""Reading Markdown files with YAML front matter, strictly.

MkDocs drops malformed front matter without a word. We read it ourselves
with python-frontmatter and a stricter YAML loader, so every mistake is
reported with the file and line:

- dates stay text, so pydantic can say exactly what is wrong with them
  (PyYAML would crash on 2026-02-30 instead);
- a field written twice is an error, not a silent overwrite;
- field names must be text (`1: x` or `? [a]` is an error, not a crash);
- only text, numbers, true/false, lists and fields: no special types (`!!binary`,
  `!!set`, `!!python/...`), and no number longer than 30 digits;
- `&name` and `*name` (one value used again elsewhere) may not make a file grow past
  a fixed size once every reuse is counted, so a few lines cannot become gigabytes;
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
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_PLAIN_TYPES = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}

MAX_SIZE = 1_000_000
"""The most a file of fields may hold once every reused value (`*name`) is counted again:
each list, field and value counts 1, and text counts its characters too."""

MAX_DEPTH = 100
"""The deepest lists and fields may nest."""

MAX_DIGITS = 30
"""The longest number we read. Python refuses to read numbers past 4,300 digits with a
traceback; nothing here needs more than a few."""

MAX_SOURCE_BYTES = 2_000_000
"""The largest Markdown file we read. A page this size is a mistake (a pasted image or
data dump); reading far larger ones would use memory without limit."""


class ReadError(yaml.YAMLError):
    """Fields that parse but cannot be used. The message is plain English and says where."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line

    def __str__(self) -> str:
        return self.message


def check_size(data: Any, limit: int = MAX_SIZE, depth: int = MAX_DEPTH) -> None:
    """Raise ReadError if data, with every shared value counted each time it is used, is too big.

    A value reused with `*name` is one object in memory, so the data itself is small; but
    anything that walks it (validation, the checks) visits it once per use, and nine
    levels of ten reuses each is a billion visits. Sizes are remembered per object, so this
    walk costs no more than the file's own length. Works on anything loaded from YAML,
    including MkDocs' own settings.
    """
    sizes: dict[int, int] = {}
    open_now: set[int] = set()

    def size(value: Any, level: int) -> int:
        if isinstance(value, str):
            return 1 + len(value)
        if not isinstance(value, (list, tuple, dict, set)):
            return 1
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in open_now:
            raise ReadError("has a value that contains itself (through & and *). Write the value out instead.")
        if level > depth:
            raise ReadError(f"has lists or fields nested more than {depth} deep. Flatten them.")
        open_now.add(key)
        total = 1
        children = [part for pair in value.items() for part in pair] if isinstance(value, dict) else value
        for child in children:
            total += size(child, level + 1)
            if total > limit:
                raise ReadError(
                    f"is too big once every reused value (written with & and *) is counted: "
                    f"more than {limit:,} characters and values. Write the values out once each."
                )
        open_now.discard(key)
        sizes[key] = total
        return total

    size(data, 0)


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

    yaml_constructors = {
        tag: constructor for tag, constructor in _BaseLoader.yaml_constructors.items() if tag in _PLAIN_TYPES
    }
    yaml_constructors[None] = lambda loader, node: loader.construct_undefined(node)  # any other tag

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise ReadError(
            f"line {node.start_mark.line + 1}: '{node.tag.removeprefix('tag:yaml.org,2002:')}' is a special "
            "type we do not read. Use plain text, numbers, true or false, lists and fields.",
            node.start_mark.line,
        )

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        if sum(character.isdigit() for character in node.value) > MAX_DIGITS:
            raise ReadError(
                f"line {node.start_mark.line + 1}: the number is longer than {MAX_DIGITS} digits. "
                "Check it, or put it in quotes if it is text.",
                node.start_mark.line,
            )
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            line = key_node.start_mark.line
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR):
                raise ReadError(
                    f"line {line + 1}: a field name must be a word, like 'title:', not "
                    f"{_describe(key_node)}. Put the name in quotes if it is meant as text.",
                    line,
                )
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _RepeatedField(str(key), seen[key], line)
            seen[key] = line
            if node is self._root and isinstance(key, str):
                self.key_lines[key] = line
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(_INT, _StrictLoader.construct_yaml_int)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a group of fields"
    kind = node.tag.removeprefix("tag:yaml.org,2002:")
    words = {"int": "a number", "float": "a number", "bool": "true or false", "null": "an empty value", "merge": "a merge"}
    return f"{words.get(kind, kind)} ('{node.value[:20]}')"


def _bounded(loader: _StrictLoader) -> Any:
    """Read one document, then check its size with every reuse counted."""
    data = loader.get_single_data()
    check_size(data)
    return data


def load_yaml(text: str) -> Any:
    """Parse a YAML data file with the same strict rules as front matter.

    Raises yaml.YAMLError; a ReadError (one kind of it) has a plain-English message.
    """
    loader = _StrictLoader(text)
    try:
        return _bounded(loader)
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
            self.raw = _bounded(loader)
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
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            return None, [
                Problem(
                    rel,
                    "file",
                    f"is {size / 1_000_000:.1f} MB, more than the {MAX_SOURCE_BYTES // 1_000_000} MB a page "
                    "may be. Put images and documents in files of their own and link to them.",
                )
            ]
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
    except ReadError as error:
        if error.line is None:
            return None, [Problem(rel, "front matter", error.message, line=first_line)]
        # The message counts lines from the front matter's start; count from the file's instead.
        line = first_line + error.line
        reason = error.message.split(": ", 1)[1]
        return None, [Problem(rel, "front matter", f"line {line}: {reason}", line=line)]
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
        f"line {line} could not be read ({problem}). "
        "Check for a missing space after a colon, a missing closing quote, "
        "or text with a colon that needs quotes.",
        line=line,
    )
