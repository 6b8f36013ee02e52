"""The start page ("Na dziś") of each role, and the full lists it links to where no other screen has them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from integra.core.permissions import can_view_finance, can_view_participant_record, is_dpo, require, signed_in
from integra.core.roles import Role
from integra.core.screens import paginate
from integra.finance.queries import expenses_without_activity
from integra.outcomes.queries import missing_sheet_fields, participations_incomplete_for_sheet
from integra.privacy.queries import due_for_anonymisation
from integra.today import queries

CASE_LIST_ROLES = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER, Role.SPECIALIST}
OVERVIEW_ROLES = {Role.DIRECTOR, Role.AUDITOR}
SETUP_ROLES = {Role.ADMINISTRATOR, Role.COORDINATOR}  # they create projects and import sheets


@signed_in
def start(request: HttpRequest) -> HttpResponse:
    """Each role's work for today; a user without a centre role is told so."""
    membership = request.membership
    context: dict = {"today": timezone.localdate(), "lists": [], "memberships": request.user.memberships.all()}
    if membership is None:
        return render(request, "today/start.html", context)
    today, role = context["today"], membership.role
    if role in SETUP_ROLES:
        context["setup"] = queries.setup_steps(membership)
    if role in CASE_LIST_ROLES:
        context["lists"] = queries.casework_lists(membership, today)
    elif role == Role.ACCOUNTANT:
        context["lists"] = queries.accountant_lists(membership, today)
    elif role in OVERVIEW_ROLES:
        context["projects"] = queries.project_rows(membership, today)
        context["staffing"] = queries.staffing_today(membership, today)
    elif role == Role.DPO:
        context["lists"] = queries.dpo_lists(membership, today)
    elif role == Role.REGIONAL_SUPERVISOR:
        context["regional"] = queries.regional_overview(membership, today)
    return render(request, "today/start.html", context)


@require(can_view_participant_record)
def sheet_gaps(request: HttpRequest) -> HttpResponse:
    """Every participant of the running projects whose data the participant sheet requires is incomplete."""
    page = paginate(request, participations_incomplete_for_sheet(request.membership, timezone.localdate()))
    rows = [(p, missing_sheet_fields(p)) for p in page]
    return render(request, "today/sheet_gaps.html", {"page": page, "rows": rows})


@require(can_view_finance)
def unassigned_expenses(request: HttpRequest) -> HttpResponse:
    """Every support expense of the running projects that names no activity."""
    page = paginate(request, expenses_without_activity(request.membership, timezone.localdate()))
    return render(request, "today/unassigned_expenses.html", {"page": page})


@require(is_dpo)
def anonymisation_due(request: HttpRequest) -> HttpResponse:
    """Everyone whose retention period is over and who is not anonymised yet (by internal number only)."""
    page = paginate(request, due_for_anonymisation(request.membership, timezone.localdate()))
    return render(request, "today/anonymisation_due.html", {"page": page})
