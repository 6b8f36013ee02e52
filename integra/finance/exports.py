"""Spreadsheet columns of the budget status and the payment-claim summary, declared once.

Headers are translated when the file is built (the user's language; Polish by default).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from integra.core.exports import Column
from integra.finance.models import BudgetLine, CostCategory
from integra.finance.queries import Amounts, BudgetStatus, percent


@dataclass
class Row:
    """One spreadsheet row: a budget line, or the totals when `line` is None."""

    line: BudgetLine | None
    planned: Amounts
    spent: Amounts

    @property
    def remaining(self) -> Amounts:
        return self.planned - self.spent

    @property
    def used_percent(self) -> Decimal | None:
        return percent(self.spent.total, self.planned.total)


def rows(status: BudgetStatus) -> Iterator[Row]:
    """The lines of the status, then a totals row."""
    for line_status in status.rows:
        yield Row(line_status.line, line_status.planned, line_status.spent)
    yield Row(None, status.planned, status.spent)


def _line_columns() -> list[Column]:
    total = _("Total")

    def attr(name: str):
        return lambda r: getattr(r.line, name) if r.line is not None else (total if name == "number" else "")

    return [
        Column(pgettext("budget line number", "No."), attr("number"), width=8),
        Column(_("Task"), attr("task"), width=28),
        Column(_("Cost item"), attr("name"), width=32),
        Column(_("Cost category"), lambda r: str(CostCategory(r.line.category).label) if r.line else "", width=22),
    ]


def status_columns() -> list[Column]:
    return [
        *_line_columns(),
        Column(_("Planned: EU"), lambda r: r.planned.eu, kind="money"),
        Column(_("Planned: state budget"), lambda r: r.planned.state, kind="money"),
        Column(_("Planned: own contribution"), lambda r: r.planned.own, kind="money"),
        Column(_("Planned: total"), lambda r: r.planned.total, kind="money"),
        Column(_("Spent: EU"), lambda r: r.spent.eu, kind="money"),
        Column(_("Spent: state budget"), lambda r: r.spent.state, kind="money"),
        Column(_("Spent: own contribution"), lambda r: r.spent.own, kind="money"),
        Column(_("Spent: total"), lambda r: r.spent.total, kind="money"),
        Column(_("Remaining"), lambda r: r.remaining.total, kind="money"),
        Column(_("Used (%)"), lambda r: r.used_percent, kind="percent", width=12),
    ]


def claim_columns() -> list[Column]:
    return [
        *_line_columns(),
        Column(_("Spent: EU"), lambda r: r.spent.eu, kind="money"),
        Column(_("Spent: state budget"), lambda r: r.spent.state, kind="money"),
        Column(_("Spent: own contribution"), lambda r: r.spent.own, kind="money"),
        Column(_("Spent: total"), lambda r: r.spent.total, kind="money"),
    ]
