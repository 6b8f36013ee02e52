"""planning: thin views over staffing, diagnosis and what-works queries."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.core.accesslog import log_access
from integra.core.collation import polish
from integra.core.exports import download, download_name, pdf_response
from integra.core.models import AccessLogEntry
from integra.core.permissions import (
    can_edit_participants,
    can_see_people_behind_figures,
    can_view_reports,
    can_view_sensitive,
    is_regional,
    require,
)
from integra.core.replica import reporting_database
from integra.core.screens import paginate
from integra.institutions.models import Club, Institution
from integra.jobs.services import start_job
from integra.people.models import Participant
from integra.planning import diagnosis, documents, jobs, services, staffing, whatworks
from integra.planning.forms import OUTCOMES, DateForm, NeedForm, PeriodForm
from integra.planning.models import ParticipantNeed, StaffingRule
from integra.projects.models import Participation, Project


def _day(request: HttpRequest) -> tuple[DateForm, dt.date | None]:
    """The `?date=` of a figure: today when absent, None (with form errors) when invalid."""
    form = DateForm(request.GET or None)
    if not form.is_bound:
        return form, timezone.localdate()
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data["date"] or timezone.localdate()


def _staffing_context(request: HttpRequest) -> dict:
    form, day = _day(request)
    context: dict = {"form": form, "result": None, "error": ""}
    if day is None:
        return context
    try:
        context["result"] = staffing.evaluate(request.membership.institution, day)
    except StaffingRule.DoesNotExist as exc:
        context["error"] = str(exc)
    else:
        context["workers"] = staffing.social_worker_memberships(request.membership.institution_id, day).select_related(
            "user"
        )
    return context


@require(can_view_reports)
@reporting_database()
def staffing_view(request: HttpRequest) -> HttpResponse:
    return render(request, "planning/staffing.html", _staffing_context(request))


@require(can_view_reports)
@reporting_database()
def staffing_card(request: HttpRequest) -> HttpResponse:
    """The director's dashboard card (an HTMX fragment; also usable as a plain include)."""
    return render(request, "planning/_staffing_card.html", _staffing_context(request))


@require(can_view_sensitive)
def participant_needs(request: HttpRequest, pk: int) -> HttpResponse:
    participant = Participant.objects.get_for(request.membership, pk=pk)
    form = NeedForm(initial={"recorded_on": timezone.localdate()})
    return _needs_page(request, participant, form)


def _needs_page(request: HttpRequest, participant: Participant, form: NeedForm, status: int = 200) -> HttpResponse:
    needs = ParticipantNeed.objects.for_membership(request.membership).filter(participant=participant)
    context = {
        "participant": participant,
        "needs": needs.select_related("recorded_by__user"),
        "form": form,
        "can_edit": can_edit_participants(request.membership),
    }
    return render(request, "planning/participant_needs.html", context, status=status)


@require_POST
@require(can_edit_participants)
def participant_need_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = Participant.objects.get_for(request.membership, pk=pk)
    form = NeedForm(request.POST)
    if form.is_valid():
        try:
            services.record_need(actor=request.membership, participant=participant, **form.cleaned_data)
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, errors in by_field.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The need has been recorded."))
            return redirect("planning:participant-needs", pk=participant.pk)
    return _needs_page(request, participant, form, status=400)


# --- opening diagnosis -------------------------------------------------------------------------


def _diagnosis_or_errors(request: HttpRequest):
    form, day = _day(request)
    return form, (diagnosis.diagnose(request.membership.institution, day) if day else None)


@require(can_view_reports)
@reporting_database()
def diagnosis_view(request: HttpRequest) -> HttpResponse:
    form, result = _diagnosis_or_errors(request)
    context: dict = {"form": form, "result": result, "can_drill": can_see_people_behind_figures(request.membership)}
    if result is not None:
        context["charts"] = documents.diagnosis_charts(result)  # Figures: the template writes each .svg
        context["tables"] = [
            (key, diagnosis.DIMENSIONS[key], result.table(key))
            for key in ("labour_status", "age_band", "sex", "disability", "need")
        ]
    return render(request, "planning/diagnosis.html", context)


@require(can_view_reports)
@reporting_database()
def diagnosis_pdf(request: HttpRequest) -> HttpResponse:
    form, result = _diagnosis_or_errors(request)
    if result is None:
        return render(request, "planning/diagnosis.html", {"form": form, "result": None}, status=400)
    content = documents.diagnosis_pdf(result, request.membership.institution.name)
    return pdf_response(
        download_name("bilans-otwarcia", "pdf", code=request.membership.institution.slug, day=result.date), content
    )


@require(can_view_reports)
@reporting_database()
def diagnosis_xlsx(request: HttpRequest) -> HttpResponse:
    form, result = _diagnosis_or_errors(request)
    if result is None:
        return render(request, "planning/diagnosis.html", {"form": form, "result": None}, status=400)
    return download(
        documents.diagnosis_xlsx(result, request.membership.institution.name),
        download_name("bilans-otwarcia", "xlsx", code=request.membership.institution.slug, day=result.date),
    )


@require(can_see_people_behind_figures)
@reporting_database()
def diagnosis_people(request: HttpRequest) -> HttpResponse:
    """The people behind one figure of the diagnosis (centre staff only; logged as a view of personal data)."""
    form, result = _diagnosis_or_errors(request)
    dimension, value = request.GET.get("dimension", ""), request.GET.get("value", "")
    categories = dict(diagnosis.labels(dimension)) if dimension in diagnosis.DIMENSIONS else {}
    if result is None or value not in categories:
        messages.error(request, _("Choose a figure of the diagnosis to see the people behind it."))
        return render(request, "planning/diagnosis_people.html", {"form": form, "page": None}, status=400)
    people = Participant.objects.for_membership(request.membership).filter(pk__in=result.ids(dimension, value))
    page = paginate(request, people.order_by(polish("last_name"), polish("first_name"), "id"))
    log_access(
        request=request,
        institution_id=request.membership.institution_id,
        kind=AccessLogEntry.Kind.VIEW,
        what="opening-diagnosis-people",
    )
    context = {
        "form": form,
        "page": page,
        "result": result,
        "dimension": dimension,
        "value": value,
        "dimension_label": diagnosis.DIMENSIONS[dimension],
        "category_label": categories[value],
    }
    return render(request, "planning/diagnosis_people.html", context)


# --- what works --------------------------------------------------------------------------------


def _whatworks(request: HttpRequest, kind: str, pk: int | None):
    """The scope (404 for another centre's project or club), the form, and the report (None when the form is bad)."""
    membership = request.membership
    if kind == "project":
        project = Project.objects.get_for(membership, pk=pk)
        scope = whatworks.Scope("project", project.code, [membership.institution_id], project_id=project.pk)
        title = str(project)
    elif kind == "club":
        club = Club.objects.get_for(membership, pk=pk)
        scope = whatworks.Scope("club", club.code, [membership.institution_id], club_id=club.pk)
        title = club.name
    else:
        scope = whatworks.Scope("centre", membership.institution.slug, [membership.institution_id])
        title = membership.institution.name
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, title, None
    scope.date_from, scope.date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, title, whatworks.analyse(scope, form.cleaned_data["outcome"])


def _as_job(request: HttpRequest, kind: str, centre_ids: list[int]) -> HttpResponse | None:
    """A centre- or region-wide analysis of many participations runs as a job (its PDF waits in „Moje zadania”)."""
    form = PeriodForm(request.GET)
    if not form.is_valid() or not centre_ids:
        return None
    if (
        Participation.objects.filter(institution_id__in=centre_ids).count()
        <= settings.INTEGRA_JOB_WHATWORKS_PARTICIPATIONS
    ):
        return None
    data = form.cleaned_data
    params = {
        "outcome": data["outcome"],
        "date_from": data["date_from"].isoformat() if data["date_from"] else None,
        "date_to": data["date_to"].isoformat() if data["date_to"] else None,
    }
    key = f"{kind}-{params['outcome']}-{params['date_from']}-{params['date_to']}-{timezone.now():%Y%m%d%H%M}"
    job = start_job(actor=request.membership, kind=kind, params=params, idempotency_key=key[:64])
    return redirect("jobs:job-detail", pk=job.pk)


@require(can_view_reports)
@reporting_database()
def whatworks_view(request: HttpRequest, kind: str = "centre", pk: int | None = None) -> HttpResponse:
    if kind == "centre" and (response := _as_job(request, jobs.CENTRE, [request.membership.institution_id])):
        return response
    form, title, report = _whatworks(request, kind, pk)
    context = {
        "form": form,
        "title": title,
        "report": report,
        "caveat": whatworks.CAVEAT,
        "kind": kind,
        "pk": pk,
        "outcome_label": dict(OUTCOMES).get(form.cleaned_data.get("outcome", "")) if report else "",
        "query": request.GET.urlencode(),
        "projects": Project.objects.for_membership(request.membership).order_by("-start_on", "code"),
        "clubs": Club.objects.for_membership(request.membership),
    }
    return render(request, "planning/whatworks.html", context, status=200 if report else 400)


@require(can_view_reports)
@reporting_database()
def whatworks_pdf(request: HttpRequest, kind: str = "centre", pk: int | None = None) -> HttpResponse:
    if kind == "centre" and (response := _as_job(request, jobs.CENTRE, [request.membership.institution_id])):
        return response
    form, title, report = _whatworks(request, kind, pk)
    if report is None:
        return render(request, "planning/whatworks.html", {"form": form, "title": title, "report": None}, status=400)
    content = documents.whatworks_pdf(report, title, str(dict(OUTCOMES)[report.outcome]))
    return pdf_response(download_name("co-dziala", "pdf", code=report.scope.label), content)


# --- regional view: aggregates of the supervised centres, small counts suppressed, never a person ---


def _supervised(request: HttpRequest) -> list[Institution]:
    return list(Institution.objects.filter(supervisor_id=request.membership.institution_id).order_by("name"))


def _suppress(count: int) -> int | None:
    return count if count >= whatworks.SUPPRESS_BELOW else None


@require(is_regional)
@reporting_database()
def regional_view(request: HttpRequest) -> HttpResponse:
    form, day = _day(request)
    centres = _supervised(request)
    context: dict = {"form": form, "centres": centres, "day": day}
    if day is not None and centres:
        rows = []
        for centre in centres:
            try:
                rows.append(staffing.evaluate(centre, day))
            except StaffingRule.DoesNotExist as exc:
                context["error"] = str(exc)
                break
        result = diagnosis.diagnose([c.pk for c in centres], day)
        context.update(
            {
                "staffing": rows,
                "people_at_risk": _suppress(result.people_at_risk),
                "groups": [(label, _suppress(p), _suppress(w)) for _c, label, p, w in result.groups()],
                "specialties": [(row, _suppress(row.people)) for row in result.specialties()],
            }
        )
    return render(request, "planning/regional.html", context)


@require(is_regional)
@reporting_database()
def regional_whatworks(request: HttpRequest) -> HttpResponse:
    centres = _supervised(request)
    if response := _as_job(request, jobs.REGION, [c.pk for c in centres]):
        return response
    form = PeriodForm(request.GET)
    report = None
    if form.is_valid() and centres:
        scope = whatworks.Scope(
            "region",
            request.membership.institution.slug,
            [c.pk for c in centres],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        report = whatworks.analyse(scope, form.cleaned_data["outcome"])
    context = {
        "form": form,
        "report": report,
        "centres": centres,
        "caveat": whatworks.CAVEAT,
        "outcome_label": dict(OUTCOMES).get(form.cleaned_data.get("outcome", "")) if report else "",
    }
    return render(request, "planning/regional_whatworks.html", context, status=400 if form.errors else 200)
