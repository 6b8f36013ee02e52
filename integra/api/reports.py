"""Reports over the API: exactly the JSON `integra report <name>` prints, by calling the same `build(scope, **params)`
(integra.core.reports) for the caller's centre. A report's refusal (integra.core.cli.Refused) is answered in the
API's error shape with its own code; its English text, which names the CLI's options, is not shown.

The report modules (integra/*/report_cli.py) are imported when a report is asked for, not when the URLs
load: some of them pull in the PDF and statistics libraries.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from integra.api.base import ApiViewSet
from integra.api.errors import MESSAGES, Refusal
from integra.api.views.common import as_text
from integra.core import permissions as p
from integra.core.cli import Refused
from integra.planning.whatworks import OUTCOMES  # names only; the analysis loads its libraries when it runs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Param:
    """A report's query parameter: what it holds (`code`, `year`, `date`, `outcome`) and whether it is needed."""

    kind: str
    help: str
    required: bool = False


PROJECT = Param("code", "project code", required=True)
YEAR = Param("year", "year (e.g. 2011)", required=True)
DAY = Param("date", "YYYY-MM-DD (default: today)")

# Report name -> the CLI options it takes from the query string (the centre is always the caller's own).
REPORTS: dict[str, dict[str, Param]] = {
    "indicators": {"project": PROJECT},
    "effectiveness": {"project": PROJECT},
    "project-summary": {"project": PROJECT},
    "club-annual": {"club": Param("code", "club code", required=True), "year": YEAR},
    "centre-annual": {"year": YEAR},
    "budget": {"project": PROJECT},
    "staffing": {"date": DAY},
    "opening-diagnosis": {"date": DAY},
    "what-works": {
        "project": Param("code", "project code (or `club`; neither: the whole centre)"),
        "club": Param("code", "club code (or `project`)"),
        "from": Param("date", "YYYY-MM-DD"),
        "to": Param("date", "YYYY-MM-DD"),
        "outcome": Param("outcome", "outcome code (default: job_3m)"),
    },
}
MIN_YEAR, MAX_YEAR = 1990, 2100

# The query's names of `build`'s keyword arguments, where they differ (`from` is a Python keyword).
ARGUMENTS = {"from": "date_from", "to": "date_to"}


def run_report(name: str, centre: Any, params: dict[str, str]) -> dict[str, Any]:
    """The report's JSON as `integra report` prints it, for the given centre; `Refused` on input it cannot use."""
    from integra.core.replica import run_reporting
    from integra.core.reports import reports

    arguments: dict[str, Any] = {ARGUMENTS.get(key, key): value for key, value in params.items()}
    if "year" in arguments:
        arguments["year"] = int(arguments["year"])

    def run() -> dict[str, Any]:
        return reports()[name].build(centre, **arguments).as_json()

    with translation.override(settings.LANGUAGE_CODE):
        return run_reporting(run)  # the replica, when configured (again on the primary if it fails meanwhile)


def _invalid(key: str, code: str, message: Any) -> ValidationError:
    return ValidationError({key: [ValidationError(message, code=code)]})


def report_params(name: str, query: Any) -> dict[str, str]:
    """The report's parameters from the query string, each checked (required, a year, a date, a known
    outcome, one scope, a period in order), so the report never meets one it cannot compute with."""
    params: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for key, spec in REPORTS[name].items():
        value = query.get(key)
        if value in (None, ""):
            if spec.required:
                errors[key] = [ValidationError(MESSAGES["required"], code="required")]
            continue
        try:
            as_text(value)  # never a NUL: PostgreSQL refuses one in any string (a 500 otherwise)
            if spec.kind == "year" and not (value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR):
                raise ValueError(value)
            if spec.kind == "date":
                dt.date.fromisoformat(value)
        except ValueError:
            code = "date" if spec.kind == "date" else "invalid"
            errors[key] = [ValidationError(MESSAGES[code], code="invalid")]
            continue
        if spec.kind == "outcome" and value not in OUTCOMES:
            errors[key] = [ValidationError(MESSAGES["invalid_choice"], code="invalid_choice")]
            continue
        params[key] = value
    if errors:
        raise ValidationError(errors)
    if params.get("project") and params.get("club"):
        raise _invalid("club", "one_scope", MESSAGES["one_scope"])
    if params.get("from") and params.get("to") and params["from"] > params["to"]:
        raise _invalid("to", "period_reversed", MESSAGES["period_reversed"])
    return params


def refusal(exc: Refused) -> Refusal:
    """The report's refusal in the API's words (its own text may name options the API does not have)."""
    if exc.code == "report_failed":
        logger.warning("a report refused its input: %s", exc)
    return Refusal(exc.code, field=exc.field, status=exc.status)


class ReportView(ApiViewSet):
    read_rule = staticmethod(p.can_view_reports)
    personal = False
    pagination_class = None
    report = ""

    def get(self, request: Any) -> Response:
        params = report_params(self.report, request.query_params)
        try:
            data = run_report(self.report, self.membership.institution, params)
        except Refused as exc:
            raise refusal(exc) from exc
        return Response(data)


def report_view(name: str) -> Any:
    kinds = {"year": OpenApiTypes.INT, "date": OpenApiTypes.DATE}
    parameters = [
        OpenApiParameter(
            key,
            {"type": "string", "enum": list(OUTCOMES)} if spec.kind == "outcome" else kinds.get(spec.kind, str),
            description=spec.help,
            required=spec.required,
        )
        for key, spec in REPORTS[name].items()
    ]
    schema = extend_schema(
        operation_id=f"report_{name.replace('-', '_')}",
        tags=["reports"],
        parameters=parameters,
        responses={200: OpenApiTypes.OBJECT},
        description=f"The JSON of `integra report {name}` for the caller's centre (keys: docs/reports.md).",
    )

    def get(self: ReportView, request: Any) -> Response:
        return ReportView.get(self, request)

    view_class = type(f"Report_{name.replace('-', '_')}", (ReportView,), {"report": name, "get": schema(get)})
    return view_class.as_view({"get": "get"})
