"""`integra report indicators|effectiveness|project-summary|club-annual|centre-annual|regional`.

JSON keys are documented in docs/reports.md and stable.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.management.base import CommandError

from integra.core.replica import with_data_source
from integra.institutions.models import Club, Institution
from integra.projects.models import Project
from integra.reports import documents, queries
from integra.reports.indicators import PERIOD_2007_2013, UnknownPeriod, indicators_json


def _project(options: dict[str, Any]) -> Project:
    projects = Project.objects.filter(code=options["project"])
    if options.get("centre"):
        projects = projects.filter(institution__slug=options["centre"])
    found = list(projects[:2])
    if not found:
        raise CommandError(f"Unknown project code: {options['project']}")
    if len(found) > 1:
        raise CommandError(f"Project code {options['project']} exists in several centres; add --centre SLUG")
    return found[0]


def _club(options: dict[str, Any]) -> Club:
    clubs = Club.objects.filter(code=options["club"])
    if options.get("centre"):
        clubs = clubs.filter(institution__slug=options["centre"])
    found = list(clubs[:2])
    if not found:
        raise CommandError(f"Unknown club code: {options['club']}")
    if len(found) > 1:
        raise CommandError(f"Club code {options['club']} exists in several centres; add --centre SLUG")
    return found[0]


def _institution(slug: str, *, regional: bool = False) -> Institution:
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        raise CommandError(f"Unknown centre: {slug}")
    if regional and institution.kind != Institution.Kind.REGIONAL:
        raise CommandError(f"{slug} is not a regional body")
    return institution


def _emit(options: dict[str, Any], stdout: Any, data: dict[str, Any], render: dict[str, Callable[[], bytes]]) -> None:
    fmt = options.get("format") or "json"
    if fmt == "json":
        stdout.write(json.dumps(with_data_source(data), ensure_ascii=False, indent=2))
        return
    if not options.get("out"):
        raise CommandError(f"--format {fmt} needs --out FILE")
    Path(options["out"]).write_bytes(render[fmt]())
    stdout.write(f"{options['out']}")


def _project_args(formats: tuple[str, ...]) -> Callable[[Any], None]:
    def add(parser: Any) -> None:
        parser.add_argument("--project", required=True, help="project code")
        parser.add_argument("--centre", help="centre slug (when the code exists in several centres)")
        parser.add_argument("--format", choices=formats, default="json")
        parser.add_argument("--out", help="output file for pdf/xlsx")
    return add


def _indicator_args(parser: Any) -> None:
    _project_args(("json", "pdf", "xlsx"))(parser)
    parser.add_argument("--from", help="2007-2013 only: first day of the payment-claim period (YYYY-MM-DD; "
                                       "default: the project's start)")
    parser.add_argument("--to", help="2007-2013 only: last day of the payment-claim period (YYYY-MM-DD; "
                                     "default: the project's end)")


def _year_args(key: str, help_text: str, formats: tuple[str, ...]) -> Callable[[Any], None]:
    def add(parser: Any) -> None:
        parser.add_argument(f"--{key}", required=True, help=help_text)
        if key == "club":
            parser.add_argument("--centre", help="centre slug (when the code exists in several centres)")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=formats, default="json")
        parser.add_argument("--out", help="output file for pdf/xlsx")
    return add


def _day(value: str | None, flag: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{flag} takes a date YYYY-MM-DD, not {value!r}") from exc


def run_indicators(options: dict[str, Any], stdout: Any) -> None:
    project = _project(options)
    start, end = _day(options.get("from"), "--from"), _day(options.get("to"), "--to")
    if (start or end) and project.programme_period != PERIOD_2007_2013:
        raise CommandError("--from/--to (the payment-claim period) apply only to 2007-2013 projects")
    if start and end and start > end:
        raise CommandError("--from must not be later than --to")
    if (start and start > project.end_on) or (end and end < project.start_on):
        raise CommandError(f"--from/--to must overlap the project's period ({project.start_on} – {project.end_on})")
    try:
        data = indicators_json(project, flow_from=start, flow_to=end)
    except UnknownPeriod as exc:
        raise CommandError(exc.message) from exc
    _emit(options, stdout, data, {
        "pdf": lambda: documents.indicators_pdf(project, data),
        "xlsx": lambda: documents.indicators_xlsx(data),
    })


def run_effectiveness(options: dict[str, Any], stdout: Any) -> None:
    project = _project(options)
    _emit(options, stdout, queries.effectiveness(project).as_json(), {})


def run_project_summary(options: dict[str, Any], stdout: Any) -> None:
    project = _project(options)
    data = queries.project_summary(project)
    _emit(options, stdout, data, {
        "pdf": lambda: documents.project_summary_pdf(project, data),
        "xlsx": lambda: documents.project_summary_xlsx(data),
    })


def run_club_annual(options: dict[str, Any], stdout: Any) -> None:
    club = _club(options)
    data = queries.club_annual(club, options["year"])
    _emit(options, stdout, data, {
        "pdf": lambda: documents.club_annual_pdf(club, data),
        "xlsx": lambda: documents.club_annual_xlsx(data),
    })


def run_centre_annual(options: dict[str, Any], stdout: Any) -> None:
    centre = _institution(options["centre"])
    data = queries.centre_annual(centre.pk, options["year"])
    _emit(options, stdout, data, {
        "pdf": lambda: documents.centre_annual_pdf(centre, data),
        "xlsx": lambda: documents.centre_annual_xlsx(data),
    })


def run_regional(options: dict[str, Any], stdout: Any) -> None:
    region = _institution(options["region"], regional=True)
    data = queries.regional_summary(region, options["year"])
    _emit(options, stdout, data, {
        "pdf": lambda: documents.regional_pdf(region, data),
        "xlsx": lambda: documents.regional_xlsx(data),
    })


REPORTS = {
    "indicators": SimpleNamespace(
        help="EU indicators on participants of a project by sex, in its programming period's terms (JSON, PDF, XLSX)",
        add_arguments=_indicator_args, run=run_indicators,
    ),
    "effectiveness": SimpleNamespace(
        help="Social and employment effectiveness of a project against its thresholds (JSON)",
        add_arguments=_project_args(("json",)), run=run_effectiveness,
    ),
    "project-summary": SimpleNamespace(
        help="Project summary: participants, families, contracts, courses, internships, jobs... (JSON, PDF, XLSX)",
        add_arguments=_project_args(("json", "pdf", "xlsx")), run=run_project_summary,
    ),
    "club-annual": SimpleNamespace(
        help="The club's annual report to the voivode (JSON, PDF, XLSX)",
        add_arguments=_year_args("club", "club code", ("json", "pdf", "xlsx")), run=run_club_annual,
    ),
    "centre-annual": SimpleNamespace(
        help="The centre's yearly summary (JSON, PDF, XLSX)",
        add_arguments=_year_args("centre", "centre slug", ("json", "pdf", "xlsx")), run=run_centre_annual,
    ),
    "regional": SimpleNamespace(
        help="Aggregates of the centres a regional body supervises, small counts suppressed (JSON, PDF, XLSX)",
        add_arguments=_year_args("region", "regional body slug", ("json", "pdf", "xlsx")), run=run_regional,
    ),
}
