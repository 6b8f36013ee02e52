"""Reports over the API: exactly the JSON `integra report <name>` prints, by calling the same functions.

The report modules (integra/*/report_cli.py) are imported when a report is asked for, not when the URLs
load: some of them pull in the PDF and statistics libraries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from integra.api.base import ApiViewSet
from integra.api.errors import MESSAGES, Refused
from integra.core import permissions as p

# Report name -> the CLI options it takes from the query string (the centre is always the caller's own).
REPORTS: dict[str, tuple[str, ...]] = {
    "indicators": ("project",),
    "effectiveness": ("project",),
    "project-summary": ("project",),
    "club-annual": ("club", "year"),
    "centre-annual": ("year",),
    "budget": ("project",),
    "staffing": ("date",),
    "opening-diagnosis": ("date",),
    "what-works": ("project", "club", "from", "to", "outcome"),
}
MIN_YEAR, MAX_YEAR = 1990, 2100
DATE_PARAMS = frozenset({"date", "from", "to"})
PARAM_HELP = {
    "project": "project code", "club": "club code", "year": "year (e.g. 2011)", "date": "YYYY-MM-DD (default: today)",
    "from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "outcome": "outcome code (what-works)",
}


class _Refused(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Refused(message)


def run_report(name: str, centre_slug: str, params: dict[str, str]) -> dict[str, Any]:
    """The report's JSON as `integra report` prints it, for the given centre; CommandError on bad input."""
    from integra.core.management.commands.report import discover
    from integra.core.replica import reporting_database

    spec = discover()[name]
    parser = _Parser(prog=name, add_help=False)
    spec.add_arguments(parser)
    argv = ["--centre", centre_slug]
    for key, value in params.items():
        argv += [f"--{key}", value]
    try:
        options = vars(parser.parse_args(argv))
    except _Refused as exc:
        raise CommandError(str(exc)) from exc
    options["format"] = "json"
    out = io.StringIO()
    with translation.override(settings.LANGUAGE_CODE), reporting_database():  # the replica, when configured
        spec.run(options, out)
    return json.loads(out.getvalue())


def _checked(key: str, value: str) -> str:
    """Years and dates are checked here, so a report never meets one it cannot compute with."""
    try:
        if key == "year" and not MIN_YEAR <= int(value) <= MAX_YEAR:
            raise ValueError(value)
        if key in DATE_PARAMS:
            dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({key: [ValidationError(MESSAGES["date" if key in DATE_PARAMS else "invalid"],
                                                     code="invalid")]}) from exc
    return value


class ReportView(ApiViewSet):
    read_rule = staticmethod(p.can_view_reports)
    personal = False
    pagination_class = None
    report = ""

    def get(self, request: Any) -> Response:
        params = {}
        for key in REPORTS[self.report]:
            value = request.query_params.get(key)
            if value not in (None, ""):
                params[key] = _checked(key, value)
        try:
            data = run_report(self.report, self.membership.institution.slug, params)
        except CommandError as exc:
            text = str(exc)
            if text.startswith("Unknown"):
                raise NotFound from exc
            raise Refused("report_failed", text) from exc
        return Response(data)


def report_view(name: str) -> Any:
    parameters = [
        OpenApiParameter(key, OpenApiTypes.INT if key == "year" else OpenApiTypes.STR, description=PARAM_HELP[key])
        for key in REPORTS[name]
    ]
    schema = extend_schema(
        operation_id=f"report_{name.replace('-', '_')}", tags=["reports"], parameters=parameters,
        responses={200: OpenApiTypes.OBJECT},
        description=f"The JSON of `integra report {name}` for the caller's centre (keys: docs/reports.md).",
    )

    def get(self: ReportView, request: Any) -> Response:
        return ReportView.get(self, request)

    view_class = type(f"Report_{name.replace('-', '_')}", (ReportView,), {"report": name, "get": schema(get)})
    return view_class.as_view({"get": "get"})
