"""`integra report staffing | opening-diagnosis | what-works` (discovered by integra.core's report command)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone, translation

from integra.institutions.models import Institution
from integra.planning import diagnosis, documents, staffing
from integra.planning.models import StaffingRule


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
    stdout.write(json.dumps(data, ensure_ascii=False, indent=2))


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

