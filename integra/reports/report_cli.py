"""`integra report indicators|effectiveness|project-summary|club-annual|centre-annual|regional`.

JSON keys are documented in docs/reports.md and stable. Each report is a `build(scope, **params)` that the CLI and
the API both call (integra.core.reports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from integra.core.cli import Refused, day, find_by_code, in_centre
from integra.core.reports import Built, Report, from_options, register
from integra.institutions.models import Club, Institution
from integra.institutions.queries import centre_by_slug, region_by_slug
from integra.projects.models import Project
from integra.reports import documents, queries
from integra.reports.indicators import PERIOD_2007_2013, UnknownPeriod, indicators_json


def _project(scope: Institution | None, code: str) -> Project:
    return find_by_code(in_centre(Project.objects.all(), scope), code, what="project")


def _project_args(formats: tuple[str, ...]) -> Callable[[Any], None]:
    def add(parser: Any) -> None:
        parser.add_argument("--project", required=True, help="project code")
        parser.add_argument("--centre", help="centre slug (when the code exists in several centres)")
        parser.add_argument("--format", choices=formats, default="json")
        parser.add_argument("--out", help="output file for pdf/xlsx")

    return add


def _indicator_args(parser: Any) -> None:
    _project_args(("json", "pdf", "xlsx"))(parser)
    parser.add_argument(
        "--from",
        help="2007-2013 only: first day of the payment-claim period (YYYY-MM-DD; default: the project's start)",
    )
    parser.add_argument(
        "--to", help="2007-2013 only: last day of the payment-claim period (YYYY-MM-DD; default: the project's end)"
    )


def _year_args(key: str, help_text: str, formats: tuple[str, ...]) -> Callable[[Any], None]:
    def add(parser: Any) -> None:
        parser.add_argument(f"--{key}", required=True, help=help_text)
        if key == "club":
            parser.add_argument("--centre", help="centre slug (when the code exists in several centres)")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=formats, default="json")
        parser.add_argument("--out", help="output file for pdf/xlsx")

    return add


def build_indicators(
    scope: Institution | None,
    *,
    project: str,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
) -> Built:
    found = _project(scope, project)
    start, end = day(date_from, "--from"), day(date_to, "--to")
    if (start or end) and found.programme_period != PERIOD_2007_2013:
        raise Refused(
            "--from/--to (the payment-claim period) apply only to 2007-2013 projects",
            code="period_not_applicable",
            field="from",
        )
    if start and end and start > end:
        raise Refused("--from must not be later than --to", code="period_reversed", field="to")
    if (start and start > found.end_on) or (end and end < found.start_on):
        raise Refused(
            f"--from/--to must overlap the project's period ({found.start_on} – {found.end_on})",
            code="outside_project",
            field="from",
        )
    try:
        data = indicators_json(found, flow_from=start, flow_to=end)
    except UnknownPeriod as exc:
        raise Refused(exc.message) from exc
    return Built(
        data,
        {"pdf": lambda: documents.indicators_pdf(found, data), "xlsx": lambda: documents.indicators_xlsx(found, data)},
    )


def build_effectiveness(scope: Institution | None, *, project: str) -> Built:
    return Built(queries.effectiveness(_project(scope, project)).as_json())


def build_project_summary(scope: Institution | None, *, project: str) -> Built:
    found = _project(scope, project)
    data = queries.project_summary(found)
    return Built(
        data,
        {
            "pdf": lambda: documents.project_summary_pdf(found, data),
            "xlsx": lambda: documents.project_summary_xlsx(found, data),
        },
    )


def build_club_annual(scope: Institution | None, *, club: str, year: int) -> Built:
    found = find_by_code(in_centre(Club.objects.all(), scope), club, what="club")
    data = queries.club_annual(found, year)
    return Built(
        data,
        {
            "pdf": lambda: documents.club_annual_pdf(found, data),
            "xlsx": lambda: documents.club_annual_xlsx(found, data),
        },
    )


def build_centre_annual(scope: Institution, *, year: int) -> Built:
    data = queries.centre_annual(scope.pk, year)
    return Built(
        data,
        {
            "pdf": lambda: documents.centre_annual_pdf(scope, data),
            "xlsx": lambda: documents.centre_annual_xlsx(scope, data),
        },
    )


def build_regional(scope: Institution, *, year: int) -> Built:
    data = queries.regional_summary(scope, year)
    return Built(
        data,
        {"pdf": lambda: documents.regional_pdf(scope, data), "xlsx": lambda: documents.regional_xlsx(scope, data)},
    )


REPORTS = {
    "indicators": Report(
        help="EU indicators on participants of a project by sex, in its programming period's terms (JSON, PDF, XLSX)",
        add_arguments=_indicator_args,
        build=build_indicators,
        params=from_options("project", "from", "to"),
        scope=centre_by_slug,
    ),
    "effectiveness": Report(
        help="Social and employment effectiveness of a project against its thresholds (JSON)",
        add_arguments=_project_args(("json",)),
        build=build_effectiveness,
        params=from_options("project"),
        scope=centre_by_slug,
    ),
    "project-summary": Report(
        help="Project summary: participants, families, contracts, courses, internships, jobs... (JSON, PDF, XLSX)",
        add_arguments=_project_args(("json", "pdf", "xlsx")),
        build=build_project_summary,
        params=from_options("project"),
        scope=centre_by_slug,
    ),
    "club-annual": Report(
        help="The club's annual report to the voivode (JSON, PDF, XLSX)",
        add_arguments=_year_args("club", "club code", ("json", "pdf", "xlsx")),
        build=build_club_annual,
        params=from_options("club", "year"),
        scope=centre_by_slug,
    ),
    "centre-annual": Report(
        help="The centre's yearly summary (JSON, PDF, XLSX)",
        add_arguments=_year_args("centre", "centre slug", ("json", "pdf", "xlsx")),
        build=build_centre_annual,
        params=from_options("year"),
        scope=centre_by_slug,
    ),
    "regional": Report(
        help="Aggregates of the centres a regional body supervises, small counts suppressed (JSON, PDF, XLSX)",
        add_arguments=_year_args("region", "regional body slug", ("json", "pdf", "xlsx")),
        build=build_regional,
        params=from_options("year"),
        scope=region_by_slug,
        scope_option="region",
    ),
}
register(REPORTS)
