"""casework: screens for social contracts, individual plans (IPD), PAL and case notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from integra.casework import forms, services
from integra.casework.documents import contract_pdf
from integra.casework.models import CaseNote, IndividualPlan, LocalActivityProgramme, SocialContract
from integra.casework.queries import DUE_WITHIN_DAYS, contracts_due, contracts_for
from integra.core import history
from integra.core.accesslog import log_access
from integra.core.exports import download, download_name
from integra.core.models import AccessLogEntry
from integra.core.permissions import (
    can_admit_to_projects,
    can_edit_participants,
    can_edit_plans,
    can_view_case_notes,
    can_view_sensitive,
    require,
)
from integra.core.screens import add_service_errors, form_page, paginate
from integra.people.models import Participant

FORM = "components/form_page.html"
CONTRACT_SAVED = gettext_lazy("The social contract has been saved.")
ADMITTED = gettext_lazy("The person takes part in the project and the social contract has been saved.")
CONTRACT_CHANGED = gettext_lazy("The change of the contract has been saved.")
STAGE_ADDED = gettext_lazy("The stage has been added.")
OBLIGATION_ADDED = gettext_lazy("The obligation has been added.")
CONTRACT_SIGNED = gettext_lazy("The contract has been signed: it is active.")
STATUS_CHANGED = gettext_lazy("The status of the contract has been changed.")
PLAN_SAVED = gettext_lazy("The individual action plan has been saved.")
REVIEW_SAVED = gettext_lazy("The review of the plan has been saved.")
PROGRAMME_SAVED = gettext_lazy("The local activity programme has been saved.")
JOINED = gettext_lazy("The participant has been added to the programme.")
NOTE_SAVED = gettext_lazy("The note has been saved.")


# --- social contracts -----------------------------------------------------------------------------------------------


@require(can_view_sensitive)
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = contracts_for(request.membership).order_by("-start_on", "number", "pk")
    return render(
        request,
        "casework/contract_list.html",
        {
            "page": paginate(request, contracts),
            "title": _("Social contracts"),
            "can_edit": can_edit_participants(request.membership),
        },
    )


@require(can_view_sensitive)
def contract_due(request: HttpRequest) -> HttpResponse:
    contracts = contracts_due(request.membership, timezone.localdate())
    return render(
        request,
        "casework/contract_list.html",
        {
            "page": paginate(request, contracts),
            "due": True,
            "days": DUE_WITHIN_DAYS,
            "title": ngettext(
                "Contracts due for review or ending within %(days)s day",
                "Contracts due for review or ending within %(days)s days",
                DUE_WITHIN_DAYS,
            )
            % {"days": DUE_WITHIN_DAYS},
        },
    )


@require(can_edit_participants)
def contract_create(request: HttpRequest) -> HttpResponse:
    form = forms.ContractForm(
        request.POST or None,
        membership=request.membership,
        initial={"participant": request.GET.get("participant"), "social_worker": request.membership.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.create_contract(actor=request.membership, **form.cleaned_data)
            messages.success(request, CONTRACT_SAVED)
            return redirect("casework:contract-detail", pk=contract.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("New social contract")})


@require(can_admit_to_projects)
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    """The guided path from the person's page: into a project with a social contract, its first stage and the
    person's obligation, signed if a date is given — one screen, one service (`services.admit_with_contract`)."""
    person = Participant.objects.get_for(request.membership, pk=pk)
    form = forms.AdmitForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.admit_with_contract(actor=request.membership, participant=person, **form.cleaned_data)
            messages.success(request, ADMITTED)
            return redirect("casework:contract-detail", pk=contract.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "casework/admit.html",
        {"form": form, "person": person, "title": _("Into a project with a social contract")},
    )


def _contract(request: HttpRequest, pk: int) -> SocialContract:
    return SocialContract.objects.select_related("participant", "social_worker__user", "project").get_for(
        request.membership, pk=pk
    )


@require(can_view_sensitive)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return render(
        request,
        "casework/contract_detail.html",
        {
            "contract": contract,
            "stages": contract.stages.prefetch_related("obligations"),
            "modifications": contract.modifications.select_related("author"),
            "status_changes": contract.status_changes.select_related("author"),
            "members": contract.members.select_related("household_member__participant"),
            "history": history.for_object(contract)[:20],
            "can_edit": can_edit_participants(request.membership),
            "sign_form": forms.SignForm(),
            "status_form": forms.StatusForm(),
        },
    )


@require(can_edit_participants)
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    initial = {name: getattr(contract, name) for name in forms.ModifyForm.base_fields if hasattr(contract, name)}
    form = forms.ModifyForm(request.POST or None, initial=initial)

    def act(data):
        meta = {k: data.pop(k) for k in ("version", "modified_on", "reason")}
        services.modify_contract(
            actor=request.membership,
            contract=contract,
            changes=data,
            reason=meta["reason"],
            modified_on=meta["modified_on"],
            expected_version=meta["version"],
        )

    return form_page(
        request, form, _("Change the contract"), contract, act, ("casework:contract-detail", pk), CONTRACT_CHANGED
    )


@require(can_edit_participants)
def stage_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return form_page(
        request,
        forms.StageForm(request.POST or None),
        _("Add a stage"),
        contract,
        lambda data: services.add_stage(actor=request.membership, contract=contract, **data),
        ("casework:contract-detail", pk),
        STAGE_ADDED,
    )


@require(can_edit_participants)
def obligation_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return form_page(
        request,
        forms.ObligationForm(request.POST or None, contract=contract),
        _("Add an obligation"),
        contract,
        lambda data: services.add_obligation(actor=request.membership, **data),
        ("casework:contract-detail", pk),
        OBLIGATION_ADDED,
    )


@require(can_edit_participants)
def contract_sign(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return form_page(
        request,
        forms.SignForm(request.POST or None),
        _("Sign the contract"),
        contract,
        lambda data: services.sign_contract(actor=request.membership, contract=contract, **data),
        ("casework:contract-detail", pk),
        CONTRACT_SIGNED,
    )


@require(can_edit_participants)
def contract_status(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return form_page(
        request,
        forms.StatusForm(request.POST or None),
        _("Change the status"),
        contract,
        lambda data: services.change_status(actor=request.membership, contract=contract, **data),
        ("casework:contract-detail", pk),
        STATUS_CHANGED,
    )


@require(can_view_sensitive)
def contract_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    log_access(
        request=request,
        institution_id=contract.institution_id,
        kind=AccessLogEntry.Kind.DOCUMENT,
        subject=contract.participant,
        what="social-contract.pdf",
    )
    return download(contract_pdf(contract), download_name(f"kontrakt-socjalny-{contract.number}", "pdf"), inline=True)


# --- individual plans -----------------------------------------------------------------------------------------------


@require(can_view_sensitive)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = IndividualPlan.objects.for_membership(request.membership).select_related(
        "participant", "career_advisor__user", "project"
    )
    return render(
        request,
        "casework/plan_list.html",
        {"page": paginate(request, plans), "can_edit": can_edit_plans(request.membership)},
    )


@require(can_edit_plans)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(
        request.POST or None, membership=request.membership, initial={"participant": request.GET.get("participant")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(actor=request.membership, **form.cleaned_data)
            messages.success(request, PLAN_SAVED)
            return redirect("casework:plan-detail", pk=plan.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("New individual action plan")})


@require(can_view_sensitive)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = IndividualPlan.objects.select_related("participant", "career_advisor__user", "project").get_for(
        request.membership, pk=pk
    )
    return render(
        request,
        "casework/plan_detail.html",
        {
            "plan": plan,
            "reviews": plan.reviews.select_related("author"),
            "can_edit": can_edit_plans(request.membership),
        },
    )


@require(can_edit_plans)
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = IndividualPlan.objects.get_for(request.membership, pk=pk)
    return form_page(
        request,
        forms.ReviewForm(request.POST or None),
        _("Review the plan"),
        plan,
        lambda data: services.review_plan(actor=request.membership, plan=plan, **data),
        ("casework:plan-detail", pk),
        REVIEW_SAVED,
    )


# --- local activity programmes --------------------------------------------------------------------------------------


@require(can_view_sensitive)
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = (
        LocalActivityProgramme.objects.for_membership(request.membership)
        .select_related("project")
        .order_by("-start_on", "title", "pk")
    )
    return render(
        request,
        "casework/programme_list.html",
        {"page": paginate(request, programmes), "can_edit": can_edit_participants(request.membership)},
    )


@require(can_edit_participants)
def programme_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(
                actor=request.membership, coordinator=request.membership, **form.cleaned_data
            )
            messages.success(request, PROGRAMME_SAVED)
            return redirect("casework:programme-detail", pk=programme.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, FORM, {"form": form, "title": _("New local activity programme")})


@require(can_view_sensitive)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = LocalActivityProgramme.objects.select_related("project").get_for(request.membership, pk=pk)
    return render(
        request,
        "casework/programme_detail.html",
        {
            "programme": programme,
            "members": programme.memberships.select_related("participant"),
            "can_edit": can_edit_participants(request.membership),
        },
    )


@require(can_edit_participants)
def programme_join(request: HttpRequest, pk: int) -> HttpResponse:
    programme = LocalActivityProgramme.objects.get_for(request.membership, pk=pk)
    form = forms.ProgrammeParticipantForm(request.POST or None, membership=request.membership)
    return form_page(
        request,
        form,
        _("Add a participant"),
        programme,
        lambda data: services.add_programme_participant(actor=request.membership, programme=programme, **data),
        ("casework:programme-detail", pk),
        JOINED,
    )


# --- case notes -----------------------------------------------------------------------------------------------------


@require(can_view_case_notes)
def note_list(request: HttpRequest, pk: int) -> HttpResponse:
    participant = Participant.objects.get_for(request.membership, pk=pk)
    form = forms.NoteForm(request.POST or None, initial={"written_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_case_note(actor=request.membership, participant=participant, **form.cleaned_data)
            messages.success(request, NOTE_SAVED)
            return redirect("casework:note-list", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    notes = (
        CaseNote.objects.visible_to(request.membership).filter(participant=participant).select_related("author__user")
    )
    return render(request, "casework/note_list.html", {"participant": participant, "notes": notes, "form": form})
