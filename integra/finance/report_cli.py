"""`integra report budget --project CODE --format json`: the budget status as JSON (keys in README.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from integra.core.replica import with_data_source
from integra.finance.queries import CENT, BudgetStatus, budget_status
from integra.institutions.models import Institution
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


def _run(options: dict[str, Any], stdout: Any) -> None:
    projects = Project.objects.filter(code=options["project"])
    if options.get("centre"):
        if not Institution.objects.filter(slug=options["centre"]).exists():
            raise CommandError(f"Unknown centre: {options['centre']}")
        projects = projects.filter(institution__slug=options["centre"])
    found = list(projects.select_related("institution")[:2])
    if not found:
        raise CommandError(f"Unknown project code: {options['project']}")
    if len(found) > 1:
        raise CommandError(f"Project code {options['project']} is used by several centres; add --centre SLUG")
    stdout.write(json.dumps(with_data_source(status_json(budget_status(found[0]))), ensure_ascii=False, indent=2))


class _Spec:
    help = "Budget status of a project: planned vs spent by source, EU share, cost per participant"
    add_arguments = staticmethod(_add_arguments)
    run = staticmethod(_run)


REPORTS = {"budget": _Spec()}
