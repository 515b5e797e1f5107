"""Turn pydantic's validation errors into plain-English (field, reason) pairs."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError


def describe(error: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
    """One (field, reason) pair per problem, in the order pydantic found them."""
    return [(_field_name(detail), _reason(detail, model)) for detail in error.errors()]


def _field_name(detail: dict[str, Any]) -> str:
    name = ""
    for part in detail["loc"]:
        if isinstance(part, int):
            name += f" (item {part + 1})"
        elif "[" in str(part):
            continue  # a union branch such as 'function-before[...]', not a field
        else:
            name += ("." if name else "") + str(part)
    return name or str((detail.get("ctx") or {}).get("field", "front matter"))


def _reason(detail: dict[str, Any], model: type[BaseModel]) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    value = detail.get("input")
    if kind == "kb":
        return detail["msg"]
    if value is None and kind.endswith("_type"):
        return "is empty. Fill it in, or remove the line if the field is optional."
    if kind == "missing":
        return "is required but missing. Add it to the front matter."
    if kind == "extra_forbidden":
        name = str(detail["loc"][-1])
        known = _known_fields(model, detail["loc"][:-1])
        hint = difflib.get_close_matches(name, known, n=1)
        if hint:
            return f"is not a field we know. Did you mean '{hint[0]}'?"
        return "is not a field we know. Remove it, or check the spelling."
    if kind == "string_too_long":
        return (
            f"is {len(str(value))} characters long. "
            f"Keep it to {ctx.get('max_length')} characters or fewer."
        )
    if kind in {"string_too_short", "too_short"}:
        return "must not be empty."
    if kind == "literal_error":
        return f"'{value}' is not allowed. Use {ctx.get('expected')}."
    if kind in {"string_type", "string_sub_type"}:
        return "must be text."
    if kind in {"list_type", "tuple_type"}:
        return "must be a list, like [first, second]."
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"'{value}' is not a whole number."
    if kind in {"greater_than_equal", "greater_than"}:
        return f"must be {ctx.get('ge', ctx.get('gt'))} or more."
    if kind in {"bool_type", "bool_parsing"}:
        return "must be true or false."
    if kind in {"model_type", "dict_type", "model_attributes_type", "dataclass_type"}:
        return "must be a group of fields, each on its own indented line."
    return str(detail.get("msg", "is not valid."))


def _known_fields(model: type[BaseModel], path: tuple) -> list[str]:
    """The field names allowed at a nested location, for 'did you mean' hints."""
    current: Any = model
    for part in path:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = field.annotation
    return list(getattr(current, "model_fields", {}))
