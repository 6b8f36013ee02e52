"""Charts of the planning screens (matplotlib Agg, no pyplot state): SVG for screens, PNG for PDFs.

Every chart has a table beside it on the screen, so the figures never depend on seeing the image.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BLUE = "#1f5f8b"
ORANGE = "#d9822b"


def _bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]], title: str) -> Figure:
    from matplotlib.figure import Figure  # heavy: imported when drawn, not at start-up (docs/DEVELOPING.md)

    figure = Figure(figsize=(8, 0.45 * max(len(labels), 3) + 1.2))
    axes = figure.add_subplot()
    height = 0.8 / max(len(series), 1)
    positions = range(len(labels))
    for index, (name, values, colour) in enumerate(series):
        axes.barh([p + index * height for p in positions], values, height=height, label=name, color=colour)
    axes.set_yticks([p + height * (len(series) - 1) / 2 for p in positions], labels=[label[:60] for label in labels])
    axes.invert_yaxis()
    axes.set_title(title)
    axes.grid(axis="x", alpha=0.3)
    if len(series) > 1:
        axes.legend(loc="lower right")
    figure.tight_layout()
    return figure


def bar_chart_png(labels, series, title: str) -> bytes:
    buffer = io.BytesIO()
    _bars(labels, series, title).savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def bar_chart_data_uri(labels, series, title: str) -> str:
    """An SVG as a data: URI (the content security policy allows data: images, never inline script)."""
    buffer = io.BytesIO()
    _bars(labels, series, title).savefig(buffer, format="svg")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
