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
    env.filters["dose"] = dose
    env.filters["tempo"] = tempo
    env.filters["rows"] = rows
    env.filters["timing"] = timing
    env.filters["pair_note"] = pair_note
    return env


def amount(item: Any) -> str:
    from runstrong.domain.plan import amount_text

    return amount_text(item, times="×")


def effort(load: dict[str, Any]) -> str:
    from runstrong.domain.plan import load_text

    return load_text(load)


def dose(item: Any) -> str:
    """Sets and reps with foot contacts and ramp-up sets."""
    from runstrong.domain.legend import dose_text

    return dose_text(item, times="×")


def tempo(item: Any) -> str:
    """The tempo with its hold at the top, or an empty string."""
    from runstrong.domain.legend import tempo_text

    return tempo_text(item) or ""


def rows(session: Any) -> Any:
    """A session's items with their block and pair label (A1, A2)."""
    from runstrong.domain.legend import rows as session_rows

    return session_rows(session)


def timing(value: str | None) -> str:
    from runstrong.domain.legend import timing_text

    return timing_text(value) or ""


def pair_note(session: Any) -> str:
    from runstrong.domain.legend import pair_note as note

    return note(session) or ""
