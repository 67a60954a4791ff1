"""Small charts drawn by the server as inline SVG: bars by week, lines over dates.

No chart library and no script: the page carries the drawing, and every chart is
labelled (role="img", a <title>) and comes with a table of the same numbers beside it,
so the numbers can be read without seeing the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320
HEIGHT = 150
LEFT = 34  # room for the axis numbers
BOTTOM = 22  # room for the labels under the bars
TOP = 10


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float]
    css: str  # the class that colours it (app.css, "runner pages")


@dataclass(frozen=True, slots=True)
class Mark:
    """A level drawn across the chart, e.g. the 3/10 pain line."""

    value: float
    label: str


def _top(values: Sequence[float], marks: Sequence[Mark], room: float = 1.1) -> float:
    highest = max([0.0, *values, *(m.value for m in marks)])
    return highest * room if highest else 1.0


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _frame(title: str, body: list[str], top: float, highest: float, unit: str) -> Markup:
    """The drawing with its axis: 0 and the highest value marked, the unit above."""
    axis = [
        f'<line class="axis" x1="{LEFT}" y1="{_y(0, top):.1f}" x2="{WIDTH}" y2="{_y(0, top):.1f}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{_y(0, top) + 4:.1f}" text-anchor="end">0</text>',
        f'<text class="tick" x="2" y="{TOP - 1}">{escape(unit)}</text>',
    ]
    if highest:
        axis.append(
            f'<text class="tick" x="{LEFT - 4}" y="{_y(highest, top) + 3:.1f}" '
            f'text-anchor="end">{escape(_num(highest))}</text>'
        )
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(axis + body)
        + "</svg>"
    )


def _num(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
    level: Mark | None = None,
) -> Markup:
    """Grouped bars, one group a label, with a key when there are several series.
    `level` is a flat line on a scale of its own (the weekly km beside sets and reps):
    drawn above the bars and labelled with its value."""
    highest = max([0.0, *(v for one in series for v in one.values)])
    top = _top([highest], [], room=1.35 if level or len(series) > 1 else 1.1)
    slot = (WIDTH - LEFT) / max(1, len(labels))
    width = min(28.0, slot * 0.8 / max(1, len(series)))
    body = []
    for index, label in enumerate(labels):
        middle = LEFT + index * slot + slot / 2
        x0 = middle - width * len(series) / 2
        for number, one in enumerate(series):
            y = _y(one.values[index], top)
            body.append(
                f'<rect class="{one.css}" x="{x0 + number * width:.1f}" y="{y:.1f}" '
                f'width="{width:.1f}" height="{_y(0, top) - y:.1f}"/>'
            )
        if len(labels) <= 8 or index % max(1, len(labels) // 6) == 0:
            body.append(
                f'<text class="tick" x="{middle:.1f}" y="{HEIGHT - 6}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if len(series) > 1:
        for number, one in enumerate(series):
            x = LEFT + 8 + number * 80
            body.append(f'<rect class="{one.css}" x="{x}" y="{TOP - 8}" width="9" height="9"/>')
            body.append(f'<text class="tick" x="{x + 13}" y="{TOP}">{escape(one.name)}</text>')
    if level is not None:
        body += _levels([Mark(highest * 1.2 or 1.0, level.label)], top)
    return _frame(title, body, top, highest, unit)


def line(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    unit: str,
    marks: Sequence[Mark] = (),
) -> Markup:
    """One line through the values in order, a dot at each; `marks` are flat levels."""
    top = _top(values, marks)
    highest = max([0.0, *values])
    step = (WIDTH - LEFT - 12) / max(1, len(values) - 1)
    points = [(LEFT + 6 + i * step, _y(v, top)) for i, v in enumerate(values)]
    body = _levels(marks, top)
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline class="trend" points="{path}"/>')
    body += [f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"/>' for x, y in points]
    if labels:
        body.append(f'<text class="tick" x="{LEFT}" y="{HEIGHT - 6}">{escape(labels[0])}</text>')
        body.append(
            f'<text class="tick" x="{WIDTH - 2}" y="{HEIGHT - 6}" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    return _frame(title, body, top, highest, unit)


def _levels(marks: Sequence[Mark], top: float) -> list[str]:
    drawn = []
    for mark in marks:
        y = _y(mark.value, top)
        drawn.append(f'<line class="level" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}"/>')
        drawn.append(
            f'<text class="tick" x="{WIDTH - 2}" y="{y - 3:.1f}" text-anchor="end">'
            f"{escape(mark.label)}</text>"
        )
    return drawn
