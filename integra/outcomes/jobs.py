"""Kinds of job of the outcomes app: the participant-sheet import and export of a large project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integra.core.permissions import can_export_participant_sheet, can_import_participant_sheet
from integra.core.replica import reporting_database
from integra.jobs.registry import JobFailed, JobKind, register
from integra.outcomes import exporter, importer
from integra.outcomes.models import SheetImport
from integra.projects.models import Project

IMPORT = "outcomes.sheet_import"
EXPORT = "outcomes.sheet_export"
MSG_PROJECT_GONE = _("The project no longer exists in your centre.")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project(ctx: Any) -> Project:
    try:
        return Project.objects.get_for(ctx.membership, pk=ctx.params["project"])
    except Http404 as exc:
        raise JobFailed(MSG_PROJECT_GONE) from exc


def _refused(record: SheetImport) -> JobFailed:
    """All or nothing: one bad row and nothing of the file is saved; the rejected rows come back to fix."""
    error = record.report.get("error", "")
    if not error:
        error = ngettext(
            "%(count)s row of %(read)s has errors, so nothing was imported. Correct it (the file below lists it "
            "with its reasons in the „Błędy” column) and import the sheet again.",
            "%(count)s rows of %(read)s have errors, so nothing was imported. Correct them (the file below lists them "
            "with their reasons in the „Błędy” column) and import the sheet again.",
            record.rejected,
        ) % {"count": record.rejected, "read": record.read}
    file = (bytes(record.error_file), f"bledy-{record.filename or 'arkusz'}.xlsx"[:120], XLSX_TYPE) if record.error_file else None
    return JobFailed(error, result={"read": record.read, "rejected": record.rejected,
                                    "problems": record.report.get("problems", [])[:1000]}, file=file)


def run_sheet_import(ctx: Any) -> None:
    """Import (or dry-run, or apply a dry run of) a participant sheet in one transaction, rows done of rows."""
    project = _project(ctx)
    dry_run = bool(ctx.params.get("dry_run"))
    try:
        with transaction.atomic():
            if ctx.params.get("apply"):
                earlier = SheetImport.objects.for_membership(ctx.membership).filter(pk=ctx.params["apply"]).first()
                if earlier is None or earlier.project_id != project.pk:
                    raise JobFailed(MSG_PROJECT_GONE)
                record = importer.apply_import(actor=ctx.membership, dry_run=earlier, progress=ctx.progress)
            else:
                record = importer.run_import(actor=ctx.membership, project=project, data=ctx.input_bytes(),
                                             filename=ctx.params.get("filename", ""), dry_run=dry_run,
                                             progress=ctx.progress)
            if record.report.get("error") or (record.rejected and not dry_run):
                raise _refused(record)  # leaving the block rolls the whole import back
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    ctx.progress(record.read, record.read)
    ctx.result = {"sheet_import": record.pk, "read": record.read, "created": record.created, "updated": record.updated,
                  "unchanged": record.unchanged, "rejected": record.rejected, "dry_run": record.dry_run}


def run_sheet_export(ctx: Any) -> None:
    """The participant sheet of a large project, written to the job's file as it streams from the database."""
    project = _project(ctx)
    fmt = ctx.params.get("format", "xlsx")
    name = exporter.filename_for(project, fmt)
    with reporting_database(), ctx.result_path(name, "text/csv" if fmt == "csv" else XLSX_TYPE) as path:
        exporter.write_sheet(project, path, fmt, progress=ctx.progress)
    ctx.result = {"rows": ctx.total or 0, "format": fmt}


def _import_report_url(job: Any) -> str | None:
    pk = job.result.get("sheet_import")
    return reverse("outcomes:sheet-import-report", args=[pk]) if pk else None


register(JobKind(IMPORT, _("Participant-sheet import"), can_import_participant_sheet, run_sheet_import, _import_report_url))
register(JobKind(EXPORT, _("Participant-sheet export"), can_export_participant_sheet, run_sheet_export))
