"""`integra report budget --project CODE --format json`: the budget status as JSON (keys in README.md), the same
`build` the API calls (integra.core.reports)."""

from __future__ import annotations

from typing import Any

from integra.core.cli import find_by_code, in_centre
from integra.core.reports import Built, Report, from_options, register
from integra.finance.queries import CENT, BudgetStatus, budget_status
from integra.institutions.models import Institution
from integra.institutions.queries import centre_by_slug
from integra.projects.models import Project


def _money(value: Any) -> str | None:
    return None if value is None else f"{value.quantize(CENT)}"


def status_json(status: BudgetStatus) -> dict[str, Any]:
    """The budget status as JSON-able data; amounts and percentages are strings with two decimals."""
    version = status.version
    return {
        "project": status.project.code,
        "version": version.number if version else None,
        "approved_on": version.approved_on.isoformat() if version else None,
        "planned": status.planned.as_strings(),
        "spent": status.spent.as_strings(),
        "remaining": status.remaining.as_strings(),
        "eu_share_percent": _money(status.eu_share_percent),
        "own_share_percent": _money(status.own_share_percent),
        "participants": status.participants,
        "cost_per_participant": _money(status.cost_per_participant),
        "lines": [
            {
                "number": row.line.number,
                "task": row.line.task,
                "name": row.line.name,
                "category": row.line.category,
                "instrument_group": row.line.instrument_group or None,
                "eligible": row.line.eligible,
                "planned": row.planned.as_strings(),
                "spent": row.spent.as_strings(),
                "remaining": row.remaining.as_strings(),
            }
            for row in status.rows
        ],
    }


def _add_arguments(parser: Any) -> None:
    parser.add_argument("--project", required=True, help="project code")
    parser.add_argument("--centre", help="centre slug (needed when two centres use the same project code)")
    parser.add_argument("--format", choices=["json"], default="json")


def build_budget(scope: Institution | None, *, project: str) -> Built:
    rows = in_centre(Project.objects.select_related("institution"), scope)
    return Built(status_json(budget_status(find_by_code(rows, project, what="project"))))


REPORTS = {
    "budget": Report(
        help="Budget status of a project: planned vs spent by source, EU share, cost per participant",
        add_arguments=_add_arguments,
        build=build_budget,
        params=from_options("project"),
        scope=centre_by_slug,
    )
}
register(REPORTS)
