"""recruitment: screens for calls, criteria, applications, scoring, decisions and the printable lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from integra.core.accesslog import log_access
from integra.core.collation import polish
from integra.core.dates import centre_today
from integra.core.exports import download, download_name
from integra.core.models import AccessLogEntry
from integra.core.permissions import can_edit_participants, can_manage_projects, can_view_sensitive, require
from integra.core.screens import add_service_errors, form_page
from integra.recruitment import forms, services
from integra.recruitment.documents import committee_record_pdf, ranking_pdf
from integra.recruitment.models import Application, Decision, RecruitmentCall

FORM = "components/form_page.html"
CALL_SAVED = gettext_lazy("The recruitment call has been saved.")
CRITERION_ADDED = gettext_lazy("The criterion has been added.")
APPLICATION_SAVED = gettext_lazy("The application has been registered.")
POINTS_SAVED = gettext_lazy("The points have been saved.")
TIE_BREAK_SAVED = gettext_lazy("The committee's tie-break has been saved.")
WITHDRAWN = gettext_lazy("The withdrawal of the application has been saved.")


@require(can_view_sensitive)
def call_list(request: HttpRequest) -> HttpResponse:
    calls = RecruitmentCall.objects.for_membership(request.membership).select_related("project")
    return render(
        request, "recruitment/call_list.html", {"calls": calls, "can_manage": can_manage_projects(request.membership)}
    )


@require(can_manage_projects)
def call_create(request: HttpRequest) -> HttpResponse:
    form = forms.CallForm(
        request.POST or None,
        request.FILES or None,
        membership=request.membership,
        initial={"project": request.GET.get("project")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(actor=request.membership, **form.cleaned_data)
            messages.success(request, CALL_SAVED)
            return redirect("recruitment:call-detail", pk=call.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("New recruitment call")})


@require(can_view_sensitive)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.select_related("project").get_for(request.membership, pk=pk)
    applications = call.applications.select_related("participant").order_by(
        "rank", "status", polish("participant__last_name"), polish("participant__first_name"), "id"
    )
    return render(
        request,
        "recruitment/call_detail.html",
        {
            "call": call,
            "applications": applications,
            "criteria": call.criteria.all(),
            "can_manage": can_manage_projects(request.membership),
            "can_recruit": can_edit_participants(request.membership),
        },
    )


@require(can_manage_projects)
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.get_for(request.membership, pk=pk)
    form = forms.CriterionForm(request.POST or None)
    return form_page(
        request,
        form,
        _("Add a criterion"),
        call,
        lambda data: services.add_criterion(actor=request.membership, call=call, **data),
        ("recruitment:call-detail", pk),
        CRITERION_ADDED,
    )


@require(can_edit_participants)
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.get_for(request.membership, pk=pk)
    form = forms.ApplicationForm(request.POST or None, membership=request.membership)
    return form_page(
        request,
        form,
        _("Register an application"),
        call,
        lambda data: services.register_application(actor=request.membership, call=call, **data),
        ("recruitment:call-detail", pk),
        APPLICATION_SAVED,
    )


@require(can_view_sensitive)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.select_related("participant", "call__project").get_for(request.membership, pk=pk)
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "needs": application.needs.all(),
            "scores": application.manual_scores.select_related("criterion", "awarded_by"),
            "decisions": Decision.objects.filter(application=application).select_related("decided_by"),
            "can_manage": can_manage_projects(request.membership),
            "can_recruit": can_edit_participants(request.membership),
        },
    )


@require(can_edit_participants)
def score_award(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.select_related("call").get_for(request.membership, pk=pk)
    form = forms.ScoreForm(request.POST or None, call=application.call)
    return form_page(
        request,
        form,
        _("Award points by hand"),
        application.participant,
        lambda data: services.award_points(actor=request.membership, application=application, **data),
        ("recruitment:application-detail", pk),
        POINTS_SAVED,
    )


@require(can_manage_projects)
def tie_break(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.get_for(request.membership, pk=pk)
    form = forms.TieBreakForm(request.POST or None, initial={"tie_break": application.tie_break})
    return form_page(
        request,
        form,
        _("Committee tie-break"),
        application.participant,
        lambda data: services.record_tie_break(actor=request.membership, application=application, **data),
        ("recruitment:application-detail", pk),
        TIE_BREAK_SAVED,
    )


@require(can_manage_projects)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.get_for(request.membership, pk=pk)
    form = forms.WithdrawForm(request.POST or None)
    return form_page(
        request,
        form,
        _("Withdraw the application"),
        application.participant,
        lambda data: services.withdraw_application(actor=request.membership, application=application, **data),
        ("recruitment:application-detail", pk),
        WITHDRAWN,
    )


def _decided_message(decisions: list, closed: bool) -> str:
    text = ngettext(
        "Decision saved: the status of %(count)d person changed.",
        "Decision saved: the status of %(count)d people changed.",
        len(decisions),
    ) % {"count": len(decisions)}
    if not closed:
        return text
    closed_note = _("The call is closed.")
    return f"{text} {closed_note}"


def _decision_page(request: HttpRequest, call: RecruitmentCall, *, capacity: bool) -> HttpResponse:
    """Ask first: who the decision changes and how; refused while the call is open unless it closes in the step."""
    form_class = forms.CapacityConfirmForm if capacity else forms.DecisionConfirmForm
    asked = request.GET.get("capacity", "")
    initial = {"decided_on": centre_today(), "capacity": int(asked) if asked.isdigit() else call.capacity}
    form = form_class(request.POST or None, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        act = services.raise_capacity if capacity else services.qualify_applicants
        places = {"capacity": data["capacity"]} if capacity else {}
        was_open = call.status == RecruitmentCall.Status.OPEN
        try:
            decisions = act(
                actor=request.membership,
                call=call,
                decided_on=data["decided_on"],
                close_call=data.get("close_call", False),
                expected_plan=data["plan"],
                **places,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            call.refresh_from_db()
            closed = was_open and call.status == RecruitmentCall.Status.CLOSED
            messages.success(request, _decided_message(decisions, closed))
            return redirect("recruitment:call-detail", pk=call.pk)
    wanted = form["capacity"].value() if capacity else None
    places = int(wanted) if str(wanted or "").isdigit() and int(wanted) > 0 else None
    plan = services.preview_decisions(call, capacity=places if capacity else None)
    context = {
        "call": call,
        "form": form,
        "plan": plan,
        "signature": services.plan_signature(plan),
        "title": _("Change the number of places") if capacity else _("Qualify applicants"),
        "summary": ngettext(
            "This decision changes the status of %(count)d person:",
            "This decision changes the status of %(count)d people:",
            len(plan),
        )
        % {"count": len(plan)},
    }
    return render(request, "recruitment/decision_confirm.html", context)


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def call_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.select_related("project__institution").get_for(request.membership, pk=pk)
    return _decision_page(request, call, capacity=False)


@require(can_manage_projects)
@require_http_methods(["GET", "POST"])
def call_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    call = RecruitmentCall.objects.select_related("project__institution").get_for(request.membership, pk=pk)
    return _decision_page(request, call, capacity=True)


def _pdf(request: HttpRequest, call: RecruitmentCall, content: bytes, name: str) -> HttpResponse:
    log_access(
        request=request, institution_id=call.institution_id, kind=AccessLogEntry.Kind.DOCUMENT, subject=call, what=name
    )
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
