"""Charts as SVG markup built by hand: no plotting library at request time.

A dashboard with six matplotlib charts cost most of its server time in drawing (bench/RESULTS.md,
"Dashboard charts"); these few shapes (horizontal bars, grouped bars, lines) are drawn by string
building in well under a millisecond each. The SVG goes into the page as markup: it uses
presentation attributes only (no `style=""`, no script), so the content security policy holds.
Every chart is drawn beside its data table; the SVG is `role="img"` with its title as the name.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import count
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from integra.core.templatetags.integra import format_cell

COLOURS = ("#1f5f8b", "#d9822b", "#4e9a4e", "#8e5ea2")
WIDTH = 720
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'
_ids = count(1)


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


def _svg(title: str, height: float, body: list[str]) -> SafeString:
    ident = f"chart-title-{next(_ids)}"
    return mark_safe(  # noqa: S308 — every text piece below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{ident}" class="chart-svg" {FONT} font-size="12">'
        f'<title id="{ident}">{escape(title)}</title>{"".join(body)}</svg>'
    )


def _legend(names: Sequence[str], y: float) -> list[str]:
    parts, x = [], 8.0
    for index, name in enumerate(names):
        parts.append(f'<rect x="{x:.0f}" y="{y - 10:.0f}" width="12" height="12" fill="{COLOURS[index % 4]}"/>')
        parts.append(f'<text x="{x + 16:.0f}" y="{y:.0f}">{escape(str(name))}</text>')
        x += 28 + 7.2 * len(str(name))
    return parts


def bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence]], *, percent: bool = False) -> SafeString:
    """Horizontal bars, one group per label: long Polish labels stay readable on a tablet."""
    label_width = min(320, max([7.4 * len(str(label)) + 12 for label in labels] + [60]))
    fits = int((label_width - 12) / 7.4)  # characters that fit left of the axis; longer labels end in „…”
    plot = WIDTH - label_width - 70
    group = 8 + 18 * len(series)
    maximum = 100.0 if percent else _scale(max([_number(v) for _n, values in series for v in values] + [0]))
    top = 24 if len(series) > 1 else 6
    body = _legend([name for name, _v in series], 16) if len(series) > 1 else []
    for row, label in enumerate(labels):
        y = top + row * group
        body.append(f'<text x="{label_width - 6:.0f}" y="{y + group / 2 + 4:.0f}" text-anchor="end">'
                    f'{escape(_clip(str(label), fits))}</text>')
        for index, (_name, values) in enumerate(series):
            value = _number(values[row])
            length = plot * value / maximum
            by = y + 4 + index * 18
            body.append(f'<rect x="{label_width:.0f}" y="{by:.0f}" width="{length:.1f}" height="14" '
                        f'fill="{COLOURS[index % 4]}"/>')
            shown = format_cell(values[row]) + (" %" if percent and values[row] not in (None, "") else "")
            body.append(f'<text x="{label_width + length + 4:.1f}" y="{by + 11:.0f}">{escape(shown)}</text>')
    height = top + len(labels) * group + 6
    body.append(f'<line x1="{label_width:.0f}" y1="{top:.0f}" x2="{label_width:.0f}" y2="{height - 4:.0f}" '
                f'stroke="#555"/>')
    return _svg(title, height, body)


def lines(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence]]) -> SafeString:
    """Lines over months; every third month is labelled when there are many."""
    left, right, top, bottom = 44, 34, 28, 46
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    maximum = _scale(max([_number(v) for _n, values in series for v in values] + [0]))
    step_x = plot_w / max(len(labels) - 1, 1)
    body = _legend([name for name, _v in series], 16)
    for tick in range(5):
        value = maximum * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(format_cell(value))}</text>')
    every = 1 if len(labels) <= 12 else 3
    for index, label in enumerate(labels):
        if index % every == 0:
            x = left + index * step_x
            body.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(str(label))}</text>')
    for index, (_name, values) in enumerate(series):
        points = " ".join(
            f"{left + i * step_x:.1f},{top + plot_h - plot_h * _number(v) / maximum:.1f}" for i, v in enumerate(values)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{COLOURS[index % 4]}" stroke-width="2"/>')
    return _svg(title, height, body)
