"""Kinds of job of the outcomes app: the participant-sheet import and export of a large project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integra.core import dblock
from integra.core.permissions import can_export_participant_sheet, can_import_participant_sheet
from integra.core.replica import lag_note, run_reporting
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
    file = (
        (bytes(record.error_file), f"bledy-{record.filename or 'arkusz'}.xlsx"[:120], XLSX_TYPE)
        if record.error_file
        else None
    )
    return JobFailed(
        error,
        result={"read": record.read, "rejected": record.rejected, "problems": record.report.get("problems", [])[:1000]},
        file=file,
    )


def run_sheet_import(ctx: Any) -> None:
    """Import (or dry-run, or apply a dry run of) a participant sheet in one transaction, rows done of rows."""
    project = _project(ctx)
    apply = ctx.params.get("apply")
    dry_run = bool(ctx.params.get("dry_run")) and not apply
    try:
        if dry_run:
            record = _dry_run(ctx, project)
        else:
            with transaction.atomic():
                # The centre's import lock first: on SQLite the transaction then holds the write lock from its
                # first statement and never has to upgrade a read (refused once the heartbeat has committed).
                dblock.hold(importer.IMPORT_LOCK, project.institution_id)
                if apply:
                    earlier = SheetImport.objects.for_membership(ctx.membership).filter(pk=apply).first()
                    if earlier is None or earlier.project_id != project.pk:
                        raise JobFailed(MSG_PROJECT_GONE)
                    record = importer.apply_import(
                        actor=ctx.membership, dry_run=earlier, progress=ctx.progress, since=ctx.job.started_at
                    )
                else:
                    record = importer.run_import(
                        actor=ctx.membership,
                        project=project,
                        data=ctx.input_bytes(),
                        filename=ctx.params.get("filename", ""),
                        dry_run=False,
                        progress=ctx.progress,
                        since=ctx.job.started_at,  # before the lock: people saved while it waited are news
                    )
                if record.report.get("error") or record.rejected:
                    raise _refused(record)  # leaving the block rolls the whole import back
    except dblock.LockBusy as exc:
        raise JobFailed(importer.MSG_IMPORT_BUSY) from exc
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    ctx.progress(record.read, record.read)
    ctx.result = {
        "sheet_import": record.pk,
        "read": record.read,
        "created": record.created,
        "updated": record.updated,
        "unchanged": record.unchanged,
        "rejected": record.rejected,
        "dry_run": record.dry_run,
    }


def _dry_run(ctx: Any, project: Project) -> SheetImport:
    """A dry run reads in a transaction of its own and writes its record after it (issue 24): on SQLite a
    transaction that reads for minutes and then writes is refused („database is locked”) once another
    connection — the job's heartbeat writing the progress — has committed meanwhile."""
    record = importer.run_import(
        actor=ctx.membership,
        project=project,
        data=ctx.input_bytes(),
        filename=ctx.params.get("filename", ""),
        dry_run=True,
        progress=ctx.progress,
    )
    if record.report.get("error"):
        record.delete()  # a file that could not be read leaves no report to apply; the job says why
        raise _refused(record)
    return record


def run_sheet_export(ctx: Any) -> None:
    """The participant sheet of a large project, written to the job's file as it streams from the database."""
    project = _project(ctx)
    fmt = ctx.params.get("format", "xlsx")
    name = exporter.filename_for(project, fmt)

    def write(path: str) -> str | None:
        exporter.write_sheet(project, path, fmt, progress=ctx.progress)
        return lag_note()

    with ctx.result_path(name, "text/csv" if fmt == "csv" else XLSX_TYPE) as path:
        note = run_reporting(write, path)  # the file is written again on a retry
    if note:  # read from a replica that lags: the job's page says as of when
        ctx.message = note
    ctx.result = {"rows": ctx.total or 0, "format": fmt}


def _import_report_url(job: Any) -> str | None:
    pk = job.result.get("sheet_import")
    return reverse("outcomes:sheet-import-report", args=[pk]) if pk else None


register(
    JobKind(IMPORT, _("Participant-sheet import"), can_import_participant_sheet, run_sheet_import, _import_report_url)
)
register(JobKind(EXPORT, _("Participant-sheet export"), can_export_participant_sheet, run_sheet_export))
