"""`integra report staffing | opening-diagnosis | what-works`: each a `build(scope, **params)` that the CLI and the
API both call (integra.core.reports)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from integra.core.cli import Refused, day, find_by_code, in_centre
from integra.core.reports import Built, Report, from_options, register
from integra.institutions.models import Club, Institution
from integra.institutions.queries import centre_by_slug
from integra.planning import diagnosis, documents, staffing, whatworks
from integra.planning.forms import OUTCOMES
from integra.planning.models import StaffingRule
from integra.projects.models import Project

# --- staffing ----------------------------------------------------------------------------------


def _staffing_arguments(parser: Any) -> None:
    parser.add_argument("--centre", required=True, help="centre slug")
    parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=["json"], default="json")


def build_staffing(scope: Institution, *, date: str | dt.date | None = None) -> Built:
    try:
        result = staffing.evaluate(scope, day(date, "--date") or timezone.localdate())
    except StaffingRule.DoesNotExist as exc:
        raise Refused(str(exc)) from exc
    return Built(result.as_json())


# --- opening diagnosis -------------------------------------------------------------------------


def _diagnosis_arguments(parser: Any) -> None:
    parser.add_argument("--centre", required=True, help="centre slug")
    parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
    parser.add_argument("--out", help="file for pdf/xlsx (default: opening-diagnosis-<centre>-<date>.<format>)")


def build_opening_diagnosis(scope: Institution, *, date: str | dt.date | None = None) -> Built:
    when = day(date, "--date") or timezone.localdate()
    result = diagnosis.diagnose(scope, when)

    def pdf() -> bytes:
        with translation.override("pl"):
            return documents.diagnosis_pdf(result, scope.name)

    def xlsx() -> bytes:
        with translation.override("pl"):
            return documents.diagnosis_xlsx(result, scope.name)

    name = f"opening-diagnosis-{scope.slug}-{when.isoformat()}.{{format}}"
    return Built(result.as_json(scope.slug), {"pdf": pdf, "xlsx": xlsx}, name)


# --- what works --------------------------------------------------------------------------------


def _whatworks_arguments(parser: Any) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--project", help="project code")
    which.add_argument("--club", help="club code")
    parser.add_argument("--centre", help="centre slug (the scope itself, or which centre's project/club code)")
    parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    parser.add_argument("--outcome", choices=list(whatworks.OUTCOMES), default="job_3m")
    parser.add_argument("--format", choices=["json", "pdf"], default="json")
    parser.add_argument("--out", help="file for pdf (default: what-works-<scope>.pdf)")


def whatworks_scope(
    centre: Institution | None,
    *,
    project: str | None = None,
    club: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
) -> whatworks.Scope:
    start, end = day(date_from, "--from"), day(date_to, "--to")
    if start and end and start > end:
        raise Refused("--from must not be after --to", code="period_reversed", field="to")
    common = {"date_from": start, "date_to": end}
    if project:
        found = find_by_code(in_centre(Project.objects.all(), centre), project, what="project")
        return whatworks.Scope("project", found.code, [found.institution_id], project_id=found.pk, **common)
    if club:
        found = find_by_code(in_centre(Club.objects.all(), centre), club, what="club")
        return whatworks.Scope("club", found.code, [found.institution_id], club_id=found.pk, **common)
    if centre is None:
        raise Refused("Give --project CODE, --club CODE or --centre SLUG")
    return whatworks.Scope("centre", centre.slug, [centre.pk], **common)


def build_what_works(scope: Institution | None, *, outcome: str | None = None, **which: Any) -> Built:
    chosen = whatworks_scope(scope, **which)
    report = whatworks.analyse(chosen, outcome or "job_3m")

    def pdf() -> bytes:
        with translation.override("pl"):
            label = dict(OUTCOMES)[report.outcome]
            return documents.whatworks_pdf(report, f"{chosen.kind}: {chosen.label}", str(label))

    return Built(report.as_json(), {"pdf": pdf}, f"what-works-{chosen.kind}-{chosen.label}.pdf")


REPORTS: dict[str, Report] = {
    "staffing": Report(
        help="Staffing standard of social workers (art. 110 ust. 11) of a centre at a date.",
        add_arguments=_staffing_arguments,
        build=build_staffing,
        params=from_options("date"),
        scope=centre_by_slug,
    ),
    "opening-diagnosis": Report(
        help="Opening diagnosis (bilans otwarcia) of a centre: people at risk, needs, staff per specialty.",
        add_arguments=_diagnosis_arguments,
        build=build_opening_diagnosis,
        params=from_options("date"),
        scope=centre_by_slug,
    ),
    "what-works": Report(
        help="What works: outcomes of those who received each instrument against those who did not (association only).",
        add_arguments=_whatworks_arguments,
        build=build_what_works,
        params=from_options("project", "club", "date_from", "date_to", "outcome"),
        scope=centre_by_slug,
    ),
}
register(REPORTS)
