"""The burn chart: spending by month and to date against the planned budget (integra.core.svgcharts).

Amounts are computed as Decimal (queries.monthly_burn); the chart turns them into drawing coordinates only,
never to be added up; every figure it prints is formatted from the Decimal („2 500,00 zł”).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from integra.core import svgcharts
from integra.core.formats import format_money


def _axis_money(value: float) -> str:
    """„250 000 zł”: the axis in whole złoty (its ticks are round), the figures themselves to the grosz."""
    return format_money(Decimal(round(value))).replace(",00 zł", " zł")


def burn_figure(burn: list[tuple[dt.date, Decimal, Decimal]], planned_total: Decimal) -> svgcharts.Figure:
    """Columns of the month's spending, the line of spending to date, the planned budget as a dashed level;
    the page carries the same numbers as a table."""
    return svgcharts.line_figure(
        _("Spending by month"),
        [month.strftime("%m.%Y") for month, _s, _c in burn],
        [(_("spent to date"), [cumulative for _m, _s, cumulative in burn])],
        columns=[(_("spent in the month"), [spent for _m, spent, _c in burn])],
        reference=(_("planned budget"), planned_total),
        axis_format=_axis_money,
        desc=_("Spent to date %(spent)s of the planned %(planned)s; each month's figures are in the table below.")
        % {"spent": format_money(burn[-1][2] if burn else Decimal(0)), "planned": format_money(planned_total)},
    )
