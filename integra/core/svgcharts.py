"""Charts drawn by hand as a few shapes: SVG markup for screens, the same shapes as vector graphics in PDFs.

A dashboard with six matplotlib charts cost most of its server time in drawing (bench/RESULTS.md,
"Dashboard charts"); these few shapes (horizontal bars, grouped bars, lines, monthly columns with a
running total) are laid out in well under a millisecond each. A chart is laid out once as a `Figure`
(rectangles, lines and text in a 720-unit-wide box); `Figure.svg()` writes it as markup for a screen and
`integra.core.pdf.Document.chart()` draws the same figure with reportlab's graphics, so a screen and a
PDF never disagree and no plotting library runs at request time. The SVG uses presentation attributes
only (no `style=""`, no script), so the content security policy holds. Every chart is drawn beside its
data table; the SVG is `role="img"` named by its title and described by its description.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from integra.core.templatetags.integra import format_cell

COLOURS = ("#1f5f8b", "#d9822b", "#4e9a4e", "#8e5ea2")
TEXT = "#222222"
AXIS = "#555555"
GRID = "#dddddd"
WIDTH = 720
FONT_SIZE = 12
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'
CHAR_WIDTH = 7.4  # the average width of a DejaVu Sans character at FONT_SIZE
_ids = count(1)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]  # two points: a line; more: a polyline
    stroke: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    anchor: str = "start"  # start | middle | end, as SVG's text-anchor


@dataclass
class Figure:
    """A chart laid out in a box WIDTH units wide, y growing downwards (as in SVG)."""

    title: str
    height: float = 0.0
    desc: str = ""
    shapes: list[Rect | Line | Text] = field(default_factory=list)

    def svg(self, *, standalone: bool = False) -> SafeString:
        """The figure as SVG markup for a page (or, standalone, as an image/svg+xml document)."""
        ident = next(_ids)
        described = f' aria-describedby="chart-desc-{ident}"' if self.desc else ""
        desc = f'<desc id="chart-desc-{ident}">{escape(self.desc)}</desc>' if self.desc else ""
        prolog = '<?xml version="1.0" encoding="utf-8"?>\n' if standalone else ""
        return mark_safe(  # noqa: S308 — every text piece is escaped
            f'{prolog}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {self.height:.0f}" role="img" '
            f'aria-labelledby="chart-title-{ident}"{described} class="chart-svg" {FONT} font-size="{FONT_SIZE}">'
            f'<title id="chart-title-{ident}">{escape(self.title)}</title>{desc}'
            f"{''.join(_svg_shape(shape) for shape in self.shapes)}</svg>"
        )


def _n(value: float) -> str:
    """A coordinate to a hundredth of a unit (a 720-unit chart is at most a few thousand pixels wide)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _svg_shape(shape: Rect | Line | Text) -> str:
    if isinstance(shape, Rect):
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" height="{_n(shape.height)}" '
            f'fill="{shape.fill}"/>'
        )
    if isinstance(shape, Text):
        anchor = "" if shape.anchor == "start" else f' text-anchor="{shape.anchor}"'
        return f'<text x="{_n(shape.x)}" y="{_n(shape.y)}"{anchor}>{escape(shape.text)}</text>'
    dash = ' stroke-dasharray="6 4"' if shape.dashed else ""
    width = "" if shape.width == 1 else f' stroke-width="{_n(shape.width)}"'
    if len(shape.points) == 2:
        (x1, y1), (x2, y2) = shape.points
        return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{shape.stroke}"{width}{dash}/>'
    points = quoteattr(" ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points))
    return f'<polyline points={points} fill="none" stroke="{shape.stroke}"{width}{dash}/>'


def _number(value) -> float:
    if value in (None, ""):
        return 0.0
    return float(Decimal(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", "")))


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: max(length - 1, 1)] + "…"


def _scale(maximum: float) -> float:
    """A round axis end above the largest value (1, 2, 5 × 10ⁿ)."""
    if maximum <= 0:
        return 1.0
    step = 10 ** len(str(int(maximum))) / 10
    for factor in (1, 2, 5, 10):
        if step * factor >= maximum:
            return step * factor
    return step * 10


def _legend(figure: Figure, entries: Sequence[tuple[str, str, str]], y: float) -> None:
    """(name, colour, mark) in one row; a mark is „box” (bars), „line” or „dashed”."""
    x = 8.0
    for name, colour, mark in entries:
        if mark == "box":
            figure.shapes.append(Rect(x, y - 10, 12, 12, colour))
        else:
            figure.shapes.append(Line(((x - 2, y - 4), (x + 14, y - 4)), colour, 2, dashed=mark == "dashed"))
        figure.shapes.append(Text(x + 16, y, str(name)))
        x += 28 + 7.2 * len(str(name))


def bar_figure(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence]],
    *,
    percent: bool = False,
    desc: str = "",
) -> Figure:
    """Horizontal bars, one group per label: long Polish labels stay readable on a tablet."""
    figure = Figure(title, desc=desc)
    label_width = min(320, max([CHAR_WIDTH * len(str(label)) + 12 for label in labels] + [60]))
    fits = int((label_width - 12) / CHAR_WIDTH)  # characters that fit left of the axis; longer labels end in „…”
    plot = WIDTH - label_width - 70
    group = 8 + 18 * len(series)
    maximum = 100.0 if percent else _scale(max([_number(v) for _n, values in series for v in values] + [0]))
    top = 24 if len(series) > 1 else 6
    if len(series) > 1:
        _legend(figure, [(name, COLOURS[i % 4], "box") for i, (name, _v) in enumerate(series)], 16)
    for row, label in enumerate(labels):
        y = top + row * group
        figure.shapes.append(Text(label_width - 6, y + group / 2 + 4, _clip(str(label), fits), "end"))
        for index, (_name, values) in enumerate(series):
            value = _number(values[row])
            length = plot * value / maximum
            by = y + 4 + index * 18
            figure.shapes.append(Rect(label_width, by, length, 14, COLOURS[index % 4]))
            shown = format_cell(values[row]) + (" %" if percent and values[row] not in (None, "") else "")
            figure.shapes.append(Text(label_width + length + 4, by + 11, shown))
    figure.height = top + len(labels) * group + 6
    figure.shapes.append(Line(((label_width, top), (label_width, figure.height - 4)), AXIS))
    return figure


def line_figure(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence]],
    *,
    columns: Sequence[tuple[str, Sequence]] = (),
    reference: tuple[str, object] | None = None,
    axis_format: Callable[[float], str] = format_cell,
    desc: str = "",
) -> Figure:
    """Lines over months; when the months are many, every second (third…) one is labelled.

    `columns` are drawn as vertical bars under the lines (a month's own figure under a running total) and
    `reference` as a dashed level across the chart (a plan or a limit), each with its entry in the legend.
    """
    everything = [*columns, *series]
    maximum = _scale(
        max([_number(v) for _n, values in everything for v in values] + [_number(reference and reference[1])])
    )
    steps = 4 if str(maximum).lstrip("0.").startswith("2") else 5  # 2 → 0,5 steps; 5 → 1; 10 → 2: whole numbers
    ticks = [maximum * tick / steps for tick in range(steps + 1)]
    left = max(44, max(CHAR_WIDTH * len(axis_format(value)) + 12 for value in ticks))
    right, top, bottom = 34, 36, 46
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    figure = Figure(title, height=height, desc=desc)
    colours = iter(COLOURS * 2)
    legend = [(name, next(colours), "box") for name, _v in columns] + [
        (name, next(colours), "line") for name, _v in series
    ]
    if reference is not None:
        legend.append((reference[0], next(colours), "dashed"))
    _legend(figure, legend, 16)
    for value in ticks:
        y = top + plot_h - plot_h * value / maximum
        figure.shapes.append(Line(((left, y), (WIDTH - right, y)), GRID))
        figure.shapes.append(Text(left - 6, y + 4, axis_format(value), "end"))
    if columns:  # months are bands: columns fill them, lines join their middles
        step_x = plot_w / max(len(labels), 1)
        offset = step_x / 2
    else:  # months are points from edge to edge
        step_x = plot_w / max(len(labels) - 1, 1)
        offset = 0.0

    def x_of(index: int) -> float:
        return left + offset + index * step_x

    def y_of(value) -> float:
        return top + plot_h - plot_h * _number(value) / maximum

    # Every month is labelled while the labels keep a gap between them, otherwise every second or third one.
    widest = max([CHAR_WIDTH * len(str(label)) for label in labels] + [1])
    every = next((n for n in (1, 2, 3, 4, 6, 12) if step_x * n >= widest + 12), 12)
    for index, label in enumerate(labels):
        if index % every == 0:
            figure.shapes.append(Text(x_of(index), height - bottom + 16, str(label), "middle"))
    band = step_x * 0.7 / max(len(columns), 1)
    for number, (_name, values) in enumerate(columns):
        for index, value in enumerate(values):
            x = x_of(index) - step_x * 0.35 + number * band
            figure.shapes.append(Rect(x, y_of(value), band, top + plot_h - y_of(value), legend[number][1]))
    for number, (_name, values) in enumerate(series, start=len(columns)):
        points = tuple((x_of(i), y_of(v)) for i, v in enumerate(values))
        if len(points) == 1:  # one month: a short dash rather than nothing
            points = ((points[0][0] - 4, points[0][1]), (points[0][0] + 4, points[0][1]))
        figure.shapes.append(Line(points, legend[number][1], 2))
    if reference is not None:
        y = y_of(reference[1])
        figure.shapes.append(Line(((left, y), (WIDTH - right, y)), legend[-1][1], 2, dashed=True))
    figure.shapes.append(Line(((left, top + plot_h), (WIDTH - right, top + plot_h)), AXIS))
    return figure


def bars(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence]], *, percent: bool = False
) -> SafeString:
    """Horizontal bars as SVG markup (see bar_figure)."""
    return bar_figure(title, labels, series, percent=percent).svg()


def lines(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence]]) -> SafeString:
    """Lines over months as SVG markup (see line_figure)."""
    return line_figure(title, labels, series).svg()
