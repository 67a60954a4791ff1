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
    from runstrong.domain.plan import amount_text

    return amount_text(item, times="×")


def effort(load: dict[str, Any]) -> str:
    from runstrong.domain.plan import load_text

    return load_text(load)
