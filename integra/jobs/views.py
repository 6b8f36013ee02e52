"""„Moje zadania”: my jobs, a job's page with its progress (HTMX polling) and its result file."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from integra.core.accesslog import log_access
from integra.core.permissions import can_view_own_jobs, require
from integra.core.screens import paginate
from integra.jobs import queries, registry, services, storage
from integra.jobs.models import JobStatus


def _label(job) -> str:
    kind = registry.get(job.kind)
    return str(kind.label) if kind else job.kind


SHOWN_PROBLEMS = 200  # rows listed on the page; the error file holds them all


@require(can_view_own_jobs)
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.my_jobs(request.membership))
    for job in page:
        job.label = _label(job)
    return render(request, "jobs/job_list.html", {"page": page})


@require(can_view_own_jobs)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.my_job(request.membership, pk)
    services.refresh(job)
    kind = registry.get(job.kind)
    job.label = _label(job)
    problems = job.result.get("problems", [])
    shown = problems[:SHOWN_PROBLEMS]
    context = {
        "job": job,
        "problems": shown,
        # The rest, said, never silently dropped: a sheet import's result keeps its first 1,000 and counts them all.
        "more_problems": max(int(job.result.get("rejected") or 0), len(problems)) - len(shown),
        "result_url": kind.result_url(job) if kind and kind.result_url and job.status == JobStatus.DONE else None,
        "poll_seconds": 1,
    }
    template = "jobs/_job_status.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, context)


@require(can_view_own_jobs)
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = queries.my_job(request.membership, pk)
    if not job.result_file:
        raise Http404
    try:
        handle = storage.job_storage().open(job.result_file, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if job.result_personal:
        kind = "document" if job.result_content_type == "application/pdf" else "export"
        log_access(request=request, institution_id=job.institution_id, kind=kind, what=job.result_filename)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_filename,
        content_type=job.result_content_type or "application/octet-stream",
    )
