"""HTML templates shared by the printable plan and, later, the web pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment


def environment() -> Environment:
    """A Jinja2 environment over this folder, autoescaping HTML, with runstrong's filters."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("runstrong", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["amount"] = amount
    env.filters["effort"] = effort
    return env


def amount(item: Any) -> str:
    text = (
        f"{item.sets} × {item.reps} reps"
        if item.reps is not None
        else f"{item.sets} × {item.seconds} s"
    )
    if item.per_side:
        text += " each side"
    extra = item.extra_sets.left or item.extra_sets.right
    if extra:
        text += f" (+{extra} {'left' if item.extra_sets.left else 'right'})"
    return text


def effort(load: dict[str, Any]) -> str:
    if "percent_1rm" in load:
        return f"{load['percent_1rm']}% 1RM"
    if "rm" in load:
        return f"{load['rm']}RM"
    if "rpe" in load:
        return f"RPE {load['rpe']}"
    return "body weight"
