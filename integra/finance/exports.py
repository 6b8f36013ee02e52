"""Spreadsheet columns of the budget status and the payment-claim summary, declared once.

Headers are translated when the file is built (the user's language; Polish by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from integra.core.exports import Column, Table, about
from integra.core.formats import format_date, format_money, format_percent
from integra.finance.models import Benefit, BudgetLine, CostCategory, Expense
from integra.finance.queries import Amounts, BudgetStatus, percent
from integra.projects.models import Project
from integra.support.models import InstrumentGroup


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

    def group(r: Row) -> str:
        return str(InstrumentGroup(r.line.instrument_group).label) if r.line and r.line.instrument_group else ""

    def eligible(r: Row) -> str:
        return "" if r.line is None else str(_("yes") if r.line.eligible else _("no"))

    # What the screen prints under each line (category, instrument group, „not eligible”) in columns of its own.
    return [
        Column(pgettext("budget line number", "No."), attr("number"), width=8),
        Column(_("Task"), attr("task"), width=28),
        Column(_("Cost item"), attr("name"), width=32),
        Column(_("Cost category"), lambda r: str(CostCategory(r.line.category).label) if r.line else "", width=22),
        Column(_("Instrument group"), group, width=16),
        Column(_("Eligible cost"), eligible, width=10),
    ]


def _planned_columns() -> list[Column]:
    return [
        Column(_("Planned: EU"), lambda r: r.planned.eu, kind="money"),
        Column(_("Planned: state budget"), lambda r: r.planned.state, kind="money"),
        Column(_("Planned: own contribution"), lambda r: r.planned.own, kind="money"),
        Column(_("Planned: total"), lambda r: r.planned.total, kind="money"),
    ]


def _spent_columns() -> list[Column]:
    return [
        Column(_("Spent: EU"), lambda r: r.spent.eu, kind="money"),
        Column(_("Spent: state budget"), lambda r: r.spent.state, kind="money"),
        Column(_("Spent: own contribution"), lambda r: r.spent.own, kind="money"),
        Column(_("Spent: total"), lambda r: r.spent.total, kind="money"),
    ]


def status_columns() -> list[Column]:
    return [
        *_line_columns(),
        *_planned_columns(),
        *_spent_columns(),
        Column(_("Remaining"), lambda r: r.remaining.total, kind="money"),
        Column(_("Used (%)"), lambda r: r.used_percent, kind="percent", width=12),
    ]


def claim_columns() -> list[Column]:
    """The payment-claim screen's table: planned and spent in the claim's period, by source."""
    return [*_line_columns(), *_planned_columns(), *_spent_columns()]


def _project_lines(project: Project) -> list[tuple[str, str]]:
    return [
        (_("Project"), f"{project.code} — {project.title}"),
        (_("Programming period"), str(project.get_programme_period_display())),
        (_("Project period"), f"{format_date(project.start_on)} – {format_date(project.end_on)}"),
    ]


def _version_line(status: BudgetStatus) -> tuple[str, str]:
    version = status.version
    text = (
        _("version %(number)s approved on %(date)s")
        % {"number": version.number, "date": format_date(version.approved_on)}
        if version
        else _("none approved yet")
    )
    return (_("Budget"), text)


def status_preamble(project: Project, status: BudgetStatus) -> list[tuple[str, ...]]:
    """The budget status file: the project, its budget version, and the screen's figures above the table."""
    cost = status.cost_per_participant
    return about(
        _("Budget status"),
        *_project_lines(project),
        _version_line(status),
        (_("Planned"), format_money(status.planned.total)),
        (_("Spent"), format_money(status.spent.total)),
        (_("Remaining"), format_money(status.remaining.total)),
        (capfirst(_("EU share (planned)")), format_percent(status.eu_share_percent)),
        (capfirst(_("own contribution share (planned)")), format_percent(status.own_share_percent)),
        (_("Participants"), str(status.participants)),
        (_("Cost per participant"), format_money(cost) if cost is not None else "—"),
    )


def burn_table(burn: list[tuple[dt.date, Decimal, Decimal]]) -> Table:
    return Table(
        str(_("Spending by month")),
        [
            Column(_("Month"), lambda r: r[0].strftime("%m.%Y"), width=10),
            Column(_("Spent in the month"), lambda r: r[1], kind="money"),
            Column(_("Spent to date"), lambda r: r[2], kind="money"),
        ],
        burn,
    )


def claim_preamble(project: Project, status: BudgetStatus, start: dt.date, end: dt.date) -> list[tuple[str, ...]]:
    return about(
        _("Payment claim summary"),
        *_project_lines(project),
        (_("Payment-claim period"), f"{format_date(start)} – {format_date(end)}"),
        _version_line(status),
    )


def entries_table(entries: list[Expense | Benefit]) -> Table:
    """The claim screen's „Entries of the period”: date, line, document, description, source, amount."""

    def document(e: Expense | Benefit) -> str:
        return e.document_number if isinstance(e, Expense) else e.decision_number

    def description(e: Expense | Benefit) -> str:
        text = e.description if isinstance(e, Expense) else str(e.get_kind_display())
        correction = _("correction")
        return f"{text} ({correction})" if e.corrects_id else text

    def source(e: Expense | Benefit) -> str:
        return str(e.get_source_display()) if isinstance(e, Expense) else str(_("own contribution"))

    return Table(
        str(_("Entries of the period")),
        [
            Column(_("Date"), lambda e: e.date, kind="date", width=12),
            Column(_("Line"), lambda e: e.line.number, width=8),
            Column(_("Document"), document, width=20),
            Column(_("Description"), description, width=40),
            Column(_("Source"), source, width=16),
            Column(_("Amount"), lambda e: e.amount, kind="money"),
        ],
        entries,
    )
