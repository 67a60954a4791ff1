"""Validation problems in plain words: the one place pydantic's messages are translated.

Pydantic names its checks in its own terms ("Tuple should have at least 1 item after
validation", "Input should be a valid integer"); a runner reads what is wrong with the
value and what would be right. Each problem is translated from its type and its context
(the limits, the choices), not from pydantic's wording, so a new pydantic release cannot
bring its jargon back; a type not listed here is cleaned of the known phrases at least.

One bad value is one problem: pydantic also reports the list that held it as too short
(the bad item was left out), and every member of a union the value failed to match.
Those echoes are dropped, so the runner sees the value they got wrong, once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

SHOWN_CHARS = 40

# Location parts that name a member of a union, not a field: `int`, `function-after[...]`,
# `list[int]`, `literal['a']`, a model's class name. Field names are snake_case words (some
# of them, like `date`, also name a type: those are never taken for a member).
_MEMBER = re.compile(
    r"^(?:[A-Z]\w*|[a-z_]+\[.*\]|[a-z]+(?:-[a-z]+)+(?:\[.*\])?|int|float|str|bool|bytes|none)$",
    re.S,
)


def quoted(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as the runner wrote it, cut short: a message stays one line."""
    if isinstance(value, float) and not math.isfinite(value):
        return "infinity" if value > 0 else "minus infinity" if value < 0 else "NaN"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limit:
        return f"a number of more than {limit} digits"  # str() refuses one of 4300
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text if len(text) <= limit else f"a number of {len(text)} digits"
    text = str(value)
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _count(n: object, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _choices(expected: object) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c"."""
    return ", ".join(re.findall(r"'([^']*)'", str(expected))) or str(expected)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def plain_message(kind: str, context: Mapping[str, Any], value: object, message: str) -> str:
    """What is wrong with one value, in words a runner uses."""
    got = f" (got {quoted(value)})" if value is not _NO_VALUE else ""
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling"
    if kind in ("too_short", "too_long"):
        items = _count(context.get("min_length" if kind == "too_short" else "max_length"),
                       "item", "items")  # fmt: skip
        return f"needs at least {items}" if kind == "too_short" else f"takes at most {items}"
    if kind == "string_too_short":
        least = context.get("min_length", 1)
        return "must not be empty" if least == 1 else f"needs at least {least} characters"
    if kind == "string_too_long":
        return f"must be at most {_count(context.get('max_length'), 'character', 'characters')}"
    if kind == "finite_number" or (
        isinstance(value, float)
        and not math.isfinite(value)
        and kind.startswith(("greater", "less"))
    ):
        return (
            f"must be an ordinary number, not {quoted(value) if value is not _NO_VALUE else 'that'}"
        )
    bounds = {
        "greater_than_equal": ("ge", "must be {} or more"),
        "greater_than": ("gt", "must be more than {}"),
        "less_than_equal": ("le", "must be {} or less"),
        "less_than": ("lt", "must be less than {}"),
        "multiple_of": ("multiple_of", "must be a multiple of {}"),
    }
    if kind in bounds:
        key, text = bounds[kind]
        return text.format(_number(context.get(key))) + got
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return "must be a whole number" + got
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return "must be a number" + got
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false" + got
    if kind.startswith("date_") and (
        kind.startswith("date_from_datetime") or "datetime" not in kind
    ):
        return "must be a date, written YYYY-MM-DD" + got
    if kind.startswith("datetime_"):
        return "must be a date and time, written YYYY-MM-DDTHH:MM" + got
    if kind.startswith("time_"):
        return "must be a time of day, written HH:MM" + got
    if kind in ("literal_error", "enum"):
        shown = f" {quoted(value)}" if value is not _NO_VALUE else ""  # a list or a mapping
        return f"unknown value{shown}; choose from: {_choices(context.get('expected'))}"
    if kind in ("string_type", "string_sub_type"):
        return "must be text" + got
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"):
        return "must be a list" + got
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return "must be a mapping of fields" + got
    if kind == "string_pattern_mismatch":
        return "is not written the expected way" + got
    if kind == "uuid_parsing" or kind == "uuid_type":
        return "must be an id like 1f0c2d3e-..." + got
    if kind in ("value_error", "assertion_error"):
        return re.sub(r"^(Value error|Assertion failed), ", "", message) + got
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return (
            f"is not one of the kinds this field takes ({_choices(context.get('expected_tags'))})"
        )
    return _scrubbed(message) + got


_NO_VALUE = object()

_PHRASES = (
    (re.compile(r"\s*after validation"), ""),
    (re.compile(r"\bInput should be\b"), "must be"),
    (re.compile(r"\bInput\b"), "the value"),
    (re.compile(r"\[type=[^\]]*\]"), ""),
    (re.compile(r"\s*For further information visit \S+"), ""),
    (re.compile(r"^(Value error|Assertion failed), "), ""),
)


def _scrubbed(message: str) -> str:
    for pattern, replacement in _PHRASES:
        message = pattern.sub(replacement, message)
    return message.strip()


def plain_text(message: str) -> str:
    """A message built by another library from pydantic's words (Typer's option errors)."""
    return _scrubbed(message)


def _where(location: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(part) for part in location if not _MEMBER.match(str(part)))


def plain_problems(errors: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(field path, plain message) for each real problem, echoes left out (see above)."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    for error in errors:
        where = _where(error.get("loc", ()))
        if where in found:
            continue  # another union member failing on the same value
        value = error["input"] if "input" in error and not isinstance(
            error["input"], dict | list | tuple) else _NO_VALUE  # fmt: skip
        message = plain_message(str(error["type"]), error.get("ctx") or {}, value,
                                str(error.get("msg", "")))  # fmt: skip
        found[where] = (".".join(where), message)
    # A list reported too short (or a record failing) because an item inside it failed:
    # a place that is the start of another's (a set of them, so that thousands of
    # problems cost no more than their count).
    above = {other[:n] for other in found for n in range(len(other))}
    return [problem for where, problem in found.items() if where not in above]
