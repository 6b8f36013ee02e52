"""recruitment: screens for calls, criteria, applications, scoring, decisions and the printable lists."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.core.accesslog import log_access
from integra.core.exports import download, download_name
from integra.core.models import AccessLogEntry
from integra.core.permissions import can_edit_participants, can_manage_projects, can_view_sensitive, require
from integra.projects.forms import add_service_errors
from integra.recruitment import forms, services
from integra.recruitment.documents import committee_record_pdf, ranking_pdf
from integra.recruitment.models import Application, Decision, RecruitmentCall

FORM = "projects/form.html"


def _form_page(request, form, title, back, act, done):
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
            return redirect(*done)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": title, "back": back})


@require(can_view_sensitive)
def call_list(request: HttpRequest) -> HttpResponse:
    calls = RecruitmentCall.objects.for_membership(request.membership).select_related("project")
    return render(request, "recruitment/call_list.html", {"calls": calls, "can_manage": can_manage_projects(request.membership)})


@require(can_manage_projects)
def call_create(request: HttpRequest) -> HttpResponse:
    form = forms.CallForm(request.POST or None, request.FILES or None, membership=request.membership,
                          initial={"project": request.GET.get("project")})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(actor=request.membership, **form.cleaned_data)
            return redirect("recruitment:call-detail", pk=call.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("New recruitment call")})


@require(can_view_sensitive)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.select_related("project").get_for(request.membership, pk=pk)
    applications = call.applications.select_related("participant").order_by("rank", "status", "participant__last_name", "id")
    return render(request, "recruitment/call_detail.html", {
        "call": call, "applications": applications, "criteria": call.criteria.all(),
        "can_manage": can_manage_projects(request.membership), "can_recruit": can_edit_participants(request.membership),
        "capacity_form": forms.CapacityForm(initial={"capacity": call.capacity}),
        "qualify_form": forms.DecisionDateForm(),
    })


@require(can_manage_projects)
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.get_for(request.membership, pk=pk)
    form = forms.CriterionForm(request.POST or None)
    return _form_page(request, form, _("Add a criterion"), call,
                      lambda data: services.add_criterion(actor=request.membership, call=call, **data),
                      ("recruitment:call-detail", pk))


@require(can_edit_participants)
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.get_for(request.membership, pk=pk)
    form = forms.ApplicationForm(request.POST or None, membership=request.membership)
    return _form_page(request, form, _("Register an application"), call,
                      lambda data: services.register_application(actor=request.membership, call=call, **data),
                      ("recruitment:call-detail", pk))


@require(can_view_sensitive)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.select_related("participant", "call__project").get_for(request.membership, pk=pk)
    return render(request, "recruitment/application_detail.html", {
        "application": application, "needs": application.needs.all(),
        "scores": application.manual_scores.select_related("criterion", "awarded_by"),
        "decisions": Decision.objects.filter(application=application).select_related("decided_by"),
        "can_manage": can_manage_projects(request.membership), "can_recruit": can_edit_participants(request.membership),
    })


@require(can_edit_participants)
def score_award(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.select_related("call").get_for(request.membership, pk=pk)
    form = forms.ScoreForm(request.POST or None, call=application.call)
    return _form_page(request, form, _("Award points by hand"), application.participant,
                      lambda data: services.award_points(actor=request.membership, application=application, **data),
                      ("recruitment:application-detail", pk))


@require(can_manage_projects)
def tie_break(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.get_for(request.membership, pk=pk)
    form = forms.TieBreakForm(request.POST or None, initial={"tie_break": application.tie_break})
    return _form_page(request, form, _("Committee tie-break"), application.participant,
                      lambda data: services.record_tie_break(actor=request.membership, application=application, **data),
                      ("recruitment:application-detail", pk))


@require(can_manage_projects)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.get_for(request.membership, pk=pk)
    form = forms.WithdrawForm(request.POST or None)
    return _form_page(request, form, _("Withdraw the application"), application.participant,
                      lambda data: services.withdraw_application(actor=request.membership, application=application, **data),
                      ("recruitment:application-detail", pk))


@require(can_manage_projects)
@require_POST
def call_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.get_for(request.membership, pk=pk)
    form = forms.DecisionDateForm(request.POST)
    return _form_page(request, form, _("Qualify applicants"), call,
                      lambda data: services.qualify_applicants(actor=request.membership, call=call, **data),
                      ("recruitment:call-detail", pk))


@require(can_manage_projects)
@require_POST
def call_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.get_for(request.membership, pk=pk)
    form = forms.CapacityForm(request.POST)
    return _form_page(request, form, _("Change the number of places"), call,
                      lambda data: services.raise_capacity(actor=request.membership, call=call, **data),
                      ("recruitment:call-detail", pk))


def _pdf(request: HttpRequest, call: RecruitmentCall, content: bytes, name: str) -> HttpResponse:
    log_access(request=request, institution_id=call.institution_id, kind=AccessLogEntry.Kind.DOCUMENT, subject=call,
               what=name)
    documents = {"ranking-list.pdf": "lista-rankingowa", "committee-record.pdf": "protokol-komisji"}
    return download(content, download_name(documents.get(name, name), "pdf", code=call.project.code), inline=True)


@require(can_view_sensitive)
def ranking_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.select_related("project").get_for(request.membership, pk=pk)
    return _pdf(request, call, ranking_pdf(call), "ranking-list.pdf")


@require(can_view_sensitive)
def committee_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.select_related("project").get_for(request.membership, pk=pk)
    return _pdf(request, call, committee_record_pdf(call), "committee-record.pdf")
