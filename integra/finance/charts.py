"""The burn chart: cumulative spending by month against the planned budget, as server-rendered SVG.

Amounts are computed as Decimal (queries.monthly_burn); they become floats only here, as drawing
coordinates, never to be added up or shown as figures.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from integra.core.formats import format_money


def burn_svg(burn: list[tuple[dt.date, Decimal, Decimal]], planned_total: Decimal) -> bytes:
    """An SVG line chart; the page carries the same numbers as a table for screen readers."""
    from matplotlib.figure import Figure  # heavy: imported when drawn, not at start-up (docs/DEVELOPING.md)
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(8, 3.5), dpi=100)
    axes = figure.add_subplot()
    labels = [month.strftime("%m.%Y") for month, _, _ in burn]
    positions = list(range(len(burn)))
    axes.bar(positions, [float(spent) for _, spent, _ in burn], color="#9ab7d3", label=_("spent in the month"))
    axes.plot(positions, [float(cumulative) for _, _, cumulative in burn], color="#1f4e79", marker="o",
              label=_("spent to date"))
    axes.axhline(float(planned_total), color="#b03a2e", linestyle="--", label=_("planned budget"))
    axes.set_xticks(positions, labels, rotation=45, ha="right", fontsize=8)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_money(Decimal(round(value)))))
    axes.tick_params(axis="y", labelsize=8)
    axes.legend(fontsize=8, loc="upper left")
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
