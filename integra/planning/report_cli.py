"""`integra report staffing | opening-diagnosis | what-works` (discovered by integra.core's report command)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone, translation

from integra.core.replica import with_data_source
from integra.institutions.models import Club, Institution
from integra.planning import diagnosis, documents, staffing, whatworks
from integra.planning.forms import OUTCOMES
from integra.planning.models import StaffingRule
from integra.projects.models import Project


def _date(text: str | None, *, name: str = "--date") -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{name}: expected YYYY-MM-DD, got {text!r}") from exc


def _centre(slug: str) -> Institution:
    try:
        return Institution.objects.get(slug=slug)
    except Institution.DoesNotExist as exc:
        raise CommandError(f"Unknown centre: {slug!r}") from exc


def _dump(data: Any, stdout: Any) -> None:
    stdout.write(json.dumps(with_data_source(data), ensure_ascii=False, indent=2))


def _write_file(content: bytes, options: dict, default_name: str, stdout: Any) -> None:
    out = Path(options.get("out") or default_name)
    out.write_bytes(content)
    stdout.write(str(out))


# --- staffing ----------------------------------------------------------------------------------

def _staffing_arguments(parser: Any) -> None:
    parser.add_argument("--centre", required=True, help="centre slug")
    parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=["json"], default="json")


def _staffing_run(options: dict, stdout: Any) -> None:
    centre = _centre(options["centre"])
    day = _date(options.get("date")) or timezone.localdate()
    try:
        result = staffing.evaluate(centre, day)
    except StaffingRule.DoesNotExist as exc:
        raise CommandError(str(exc)) from exc
    _dump(result.as_json(), stdout)


# --- opening diagnosis -------------------------------------------------------------------------

def _diagnosis_arguments(parser: Any) -> None:
    parser.add_argument("--centre", required=True, help="centre slug")
    parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
    parser.add_argument("--out", help="file for pdf/xlsx (default: opening-diagnosis-<centre>-<date>.<format>)")


def _diagnosis_run(options: dict, stdout: Any) -> None:
    centre = _centre(options["centre"])
    day = _date(options.get("date")) or timezone.localdate()
    result = diagnosis.diagnose(centre, day)
    fmt = options.get("format") or "json"
    if fmt == "json":
        _dump(result.as_json(centre.slug), stdout)
        return
    with translation.override("pl"):
        content = documents.diagnosis_pdf(result, centre.name) if fmt == "pdf" else documents.diagnosis_xlsx(result)
    _write_file(content, options, f"opening-diagnosis-{centre.slug}-{day.isoformat()}.{fmt}", stdout)


REPORTS: dict[str, Any] = {
    "staffing": SimpleNamespace(
        help="Staffing standard of social workers (art. 110 ust. 11) of a centre at a date.",
        add_arguments=_staffing_arguments,
        run=_staffing_run,
    ),
    "opening-diagnosis": SimpleNamespace(
        help="Opening diagnosis (bilans otwarcia) of a centre: people at risk, needs, staff per specialty.",
        add_arguments=_diagnosis_arguments,
        run=_diagnosis_run,
    ),
}



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


def _one(model: Any, code: str, centre: Institution | None, what: str) -> Any:
    rows = model.objects.filter(code=code)
    if centre is not None:
        rows = rows.filter(institution=centre)
    found = list(rows[:2])
    if not found:
        raise CommandError(f"Unknown {what}: {code!r}")
    if len(found) > 1:
        raise CommandError(f"{what} code {code!r} is used by several centres: add --centre SLUG")
    return found[0]


def whatworks_scope(options: dict) -> whatworks.Scope:
    centre = _centre(options["centre"]) if options.get("centre") else None
    date_from, date_to = _date(options.get("date_from"), name="--from"), _date(options.get("date_to"), name="--to")
    if date_from and date_to and date_from > date_to:
        raise CommandError("--from must not be after --to")
    common = {"date_from": date_from, "date_to": date_to}
    if options.get("project"):
        project = _one(Project, options["project"], centre, "project")
        return whatworks.Scope("project", project.code, [project.institution_id], project_id=project.pk, **common)
    if options.get("club"):
        club = _one(Club, options["club"], centre, "club")
        return whatworks.Scope("club", club.code, [club.institution_id], club_id=club.pk, **common)
    if centre is None:
        raise CommandError("Give --project CODE, --club CODE or --centre SLUG")
    return whatworks.Scope("centre", centre.slug, [centre.pk], **common)


def _whatworks_run(options: dict, stdout: Any) -> None:
    scope = whatworks_scope(options)
    report = whatworks.analyse(scope, options.get("outcome") or "job_3m")
    if (options.get("format") or "json") == "json":
        _dump(report.as_json(), stdout)
        return
    with translation.override("pl"):
        label = dict(OUTCOMES)[report.outcome]
        content = documents.whatworks_pdf(report, f"{scope.kind}: {scope.label}", str(label))
    _write_file(content, options, f"what-works-{scope.kind}-{scope.label}.pdf", stdout)


REPORTS["what-works"] = SimpleNamespace(
    help="What works: outcomes of those who received each instrument against those who did not (association only).",
    add_arguments=_whatworks_arguments,
    run=_whatworks_run,
)
