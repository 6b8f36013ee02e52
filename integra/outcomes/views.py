"""Screens of the outcomes app: thin views over `outcomes.services`, `outcomes.queries` and the sheet."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from integra.core.accesslog import log_access
from integra.core.exports import download, download_name
from integra.core.permissions import (
    can_export_participant_sheet,
    can_import_participant_sheet,
    can_record_exits,
    can_record_results,
    can_view_projects,
    require,
)
from integra.core.replica import reporting_database
from integra.core.screens import add_service_errors, paginate
from integra.jobs.services import start_job
from integra.outcomes import exporter, importer, queries, services
from integra.outcomes.forms import MSG_FILE_TOO_LARGE, ExitForm, FollowUpForm, ResultForm, SheetUploadForm
from integra.outcomes.jobs import EXPORT, IMPORT
from integra.outcomes.models import Exit, FollowUp, SheetImport
from integra.projects.models import Participation, Project

IMPORT_DONE = gettext_lazy("The sheet has been imported: the report below says what was saved.")
IMPORT_TRIED = gettext_lazy("The dry run is done: nothing was saved; the report below says what an import would do.")


@require(can_view_projects)
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/project_list.html", {"projects": queries.projects_for(request.membership)})


@require(can_view_projects)
def project_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    rows = queries.project_participations(request.membership, project)
    page = paginate(request, rows)
    context = {
        "project": project,
        "page": page,
        "can_record_exits": can_record_exits(request.membership),
        "can_record_results": can_record_results(request.membership),
        "can_import": can_import_participant_sheet(request.membership),
        "can_export": can_export_participant_sheet(request.membership),
    }
    return render(request, "outcomes/project_outcomes.html", context)


@require(can_record_exits)
def exit_record(request: HttpRequest, pk: int) -> HttpResponse:
    participation = Participation.objects.select_related("participant", "project").get_for(request.membership, pk=pk)
    current = Exit.objects.filter(participation=participation).first()
    initial = {"exit_on": current.exit_on, "reason": current.reason, "note": current.note} if current else {}
    form = ExitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_exit(actor=request.membership, participation=participation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The exit has been recorded; follow-ups are due after 3 and 6 months."))
            return redirect("outcomes:project-outcomes", pk=participation.project_id)
    return render(
        request, "outcomes/exit_form.html", {"form": form, "participation": participation, "current": current}
    )


@require(can_record_results)
def result_record(request: HttpRequest, pk: int) -> HttpResponse:
    participation = Participation.objects.select_related("participant", "project").get_for(request.membership, pk=pk)
    form = ResultForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_result(actor=request.membership, participation=participation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The result has been recorded."))
            return redirect("outcomes:project-outcomes", pk=participation.project_id)
    results = participation.results.order_by("achieved_on", "id")
    return render(
        request, "outcomes/result_form.html", {"form": form, "participation": participation, "results": results}
    )


@require(can_record_results)
def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = FollowUp.objects.select_related("participation__participant", "participation__project").get_for(
        request.membership, pk=pk
    )
    if request.method == "POST" and request.POST.get("decision") in {"confirm", "reject"}:
        return _decide_answer(request, follow_up)
    form = FollowUpForm(request.POST or None, initial={"done_on": follow_up.done_on or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_follow_up(
                actor=request.membership,
                follow_up=follow_up,
                done_on=data["done_on"],
                note=data["note"],
                employed=form.as_bool(data["employed"]),
                improved_situation=form.as_bool(data["improved_situation"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect("outcomes:follow-ups-due")
    return render(request, "outcomes/follow_up_form.html", {"form": form, "follow_up": follow_up})


def _decide_answer(request: HttpRequest, follow_up: FollowUp) -> HttpResponse:
    """Confirm (it counts from now on) or do not confirm a participant's own answer (integra.outreach)."""
    try:
        if request.POST["decision"] == "confirm":
            services.confirm_answer(actor=request.membership, follow_up=follow_up)
            messages.success(request, _("The answer has been confirmed; reports count it."))
        else:
            services.reject_answer(actor=request.membership, follow_up=follow_up)
            messages.success(request, _("The answer has not been confirmed; the check is open again."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("outcomes:follow-up-record", pk=follow_up.pk)
    return redirect("today:start")


@require(can_record_results)
def follow_ups_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    monday, sunday = queries.week_bounds(today)
    context = {
        "due": queries.follow_ups_due_this_week(request.membership, today),
        "overdue": paginate(request, queries.follow_ups_overdue(request.membership, today)),
        "monday": monday,
        "sunday": sunday,
    }
    return render(request, "outcomes/follow_ups_due.html", context)


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.INTEGRA_MAX_UPLOAD_BYTES + 64 * 1024


@require(can_import_participant_sheet)
def sheet_import(request: HttpRequest, pk: int) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    too_large = request.method == "POST" and _too_large(request)  # refused before the form reads the file
    form = SheetUploadForm(
        None if too_large else (request.POST or None), None if too_large else (request.FILES or None)
    )
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.INTEGRA_JOB_IMPORT_BYTES:  # a large sheet runs as a job with a progress bar
            params = {"project": project.pk, "filename": upload.name[:200], "dry_run": form.cleaned_data["dry_run"]}
            try:
                job = start_job(
                    actor=request.membership,
                    kind=IMPORT,
                    params=params,
                    upload=upload,
                    idempotency_key=request.POST.get("job_key", "")[:64],
                )
            except ValidationError as error:  # the form's key sent again with another file or options
                form.add_error(None, error)
            else:
                messages.success(request, _("The sheet is being read as a job; this page shows how far it got."))
                return redirect("jobs:job-detail", pk=job.pk)
        else:
            record = importer.run_import(
                actor=request.membership,
                project=project,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
                lock_wait=settings.INTEGRA_IMPORT_LOCK_WAIT_SECONDS,
            )
            messages.success(request, IMPORT_TRIED if record.dry_run else IMPORT_DONE)
            return redirect("outcomes:sheet-import-report", pk=record.pk)
    context = {
        "form": form,
        "project": project,
        "imports": queries.sheet_imports(request.membership, project),
        "upload_error": str(MSG_FILE_TOO_LARGE) % {"limit": settings.INTEGRA_MAX_UPLOAD_BYTES // (1024 * 1024)}
        if too_large
        else "",
        "job_key": uuid.uuid4().hex,  # a double click submits the same key: one job
    }
    return render(request, "outcomes/sheet_import.html", context)


@require(can_import_participant_sheet)
def sheet_import_report(request: HttpRequest, pk: int) -> HttpResponse:
    record = (
        SheetImport.objects.defer("source", "error_file").select_related("project").get_for(request.membership, pk=pk)
    )
    problems = record.report.get("problems", [])
    context = {
        "record": record,
        "project": record.project,
        "error": record.report.get("error", ""),
        "warnings": record.report.get("warnings", []),
        "problems": problems[:500],
        "more_problems": max(len(problems) - 500, 0),
        "can_apply": record.dry_run and not record.applied and not record.report.get("error"),
    }
    return render(request, "outcomes/sheet_import_report.html", context)


@require(can_import_participant_sheet)
@require_POST
def sheet_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    record = SheetImport.objects.defer("source", "error_file").get_for(request.membership, pk=pk)
    size = SheetImport.objects.filter(pk=record.pk).values_list(Length("source"), flat=True).first() or 0
    if size > settings.INTEGRA_JOB_IMPORT_BYTES and record.dry_run and not record.applied:
        job = start_job(
            actor=request.membership,
            kind=IMPORT,
            params={"project": record.project_id, "apply": record.pk, "filename": record.filename},
            idempotency_key=f"sheet-import-apply-{record.pk}",
        )
        messages.success(request, _("The sheet is being read as a job; this page shows how far it got."))
        return redirect("jobs:job-detail", pk=job.pk)
    try:
        applied = importer.apply_import(
            actor=request.membership, dry_run=record, lock_wait=settings.INTEGRA_IMPORT_LOCK_WAIT_SECONDS
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outcomes:sheet-import-report", pk=record.pk)
    messages.success(request, IMPORT_DONE)
    return redirect("outcomes:sheet-import-report", pk=applied.pk)


@require(can_import_participant_sheet)
def sheet_import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    record = SheetImport.objects.get_for(request.membership, pk=pk)
    if not record.error_file:
        raise Http404
    name = f"bledy-import-{record.pk}.xlsx"
    log_access(request=request, institution_id=record.institution_id, kind="export", subject=record.project, what=name)
    return download(
        bytes(record.error_file), download_name(f"bledy-importu-{record.pk}", "xlsx", code=record.project.code)
    )


def _export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    project = Project.objects.get_for(request.membership, pk=pk)
    if (
        Participation.objects.for_membership(request.membership).filter(project=project).count()
        > settings.INTEGRA_JOB_EXPORT_ROWS
    ):
        # A large sheet is written by a job; the same link clicked again within the minute finds the same job.
        key = f"sheet-export-{project.pk}-{fmt}-{timezone.now():%Y%m%d%H%M}"
        job = start_job(
            actor=request.membership, kind=EXPORT, params={"project": project.pk, "format": fmt}, idempotency_key=key
        )
        return redirect("jobs:job-detail", pk=job.pk)
    log_access(
        request=request,
        institution_id=project.institution_id,
        kind="export",
        subject=project,
        what=exporter.filename_for(project, fmt),
    )
    return exporter.sheet_response(project, fmt)


@require(can_export_participant_sheet)
@reporting_database()
def sheet_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xlsx")


@require(can_export_participant_sheet)
@reporting_database()
def sheet_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "csv")
