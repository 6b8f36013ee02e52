"""Access rules as small named predicates; views and queries call these, never re-derive them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string

from integra.core.returnto import return_path
from integra.core.roles import CASE_ROLES, STAFF_ROLES, Acting, Role, Specialty


def has_role(membership: Acting | None, *roles: str) -> bool:
    """The acting membership holds one of the roles."""
    return membership is not None and membership.role in roles


def is_centre_staff(membership: Acting | None) -> bool:
    """Any role working inside a centre (everyone but the DPO and the regional supervisor)."""
    return membership is not None and membership.role in STAFF_ROLES


def can_view_participants(membership: Acting | None) -> bool:
    """The registry — a person's name with a distinguishing detail (birth year, the PESEL's last digits, the internal
    number) — to find someone: centre staff, and the IOD, who answers data-subject requests from it. What a role reads
    beyond the name: `can_view_participant_record`, `can_view_contact_details`, `can_view_sensitive`."""
    return is_centre_staff(membership) or has_role(membership, Role.DPO)


def can_view_participant_record(membership: Acting | None) -> bool:
    """A person's page and record: the case roles, and the auditor, who checks eligibility and evidence of EU projects
    (identity, residence, education, labour-market status, projects, consents) — not the accountant, and not the IOD,
    whose page of a person is the data-subject page (what is held, consents, who looked)."""
    return membership is not None and (membership.role in CASE_ROLES or membership.role == Role.AUDITOR)


def can_view_contact_details(membership: Acting | None) -> bool:
    """Street address, phone, e-mail and household: the case roles, who work with the person."""
    return membership is not None and membership.role in CASE_ROLES


def can_edit_participants(membership: Acting | None) -> bool:
    """Administrators, coordinators and social workers register and edit people."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER)


def can_admit_to_projects(membership: Acting | None) -> bool:
    """Taking a person into a running project with a social contract (the condition of taking part), from the
    person's page: social workers for their clients, coordinators and administrators. A recruitment call's
    decisions (qualifying, the reserve list, places) stay with coordinators and administrators."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER)


def can_view_sensitive(membership: Acting | None) -> bool:
    """Disability, eligibility groups and other special-category answers: case roles only."""
    return membership is not None and membership.role in CASE_ROLES


def can_view_case_notes(membership: Acting | None, specialty: str | None = None) -> bool:
    """Social workers see every case note; a specialist those of their own specialty (asked without a specialty:
    whether they see any). Nobody else — not directors, administrators or coordinators (special-category data)."""
    if membership is None:
        return False
    if membership.role in {Role.SOCIAL_WORKER}:
        return True
    if membership.role == Role.SPECIALIST:
        return specialty is None or membership.specialty == specialty
    return False


def can_manage_finance(membership: Acting | None) -> bool:
    """Accountants, coordinators and administrators edit money."""
    return has_role(membership, Role.ACCOUNTANT, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_view_finance(membership: Acting | None) -> bool:
    """Money is read by the editors plus the director and auditor."""
    return can_manage_finance(membership) or has_role(membership, Role.DIRECTOR, Role.AUDITOR)


def can_manage_projects(membership: Acting | None) -> bool:
    """Coordinators and administrators run projects, calls, activities."""
    return has_role(membership, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_view_projects(membership: Acting | None) -> bool:
    """Every centre-staff role sees projects."""
    return is_centre_staff(membership)


def can_view_reports(membership: Acting | None) -> bool:
    """Aggregated reports: centre staff except specialists and social workers' case-only roles."""
    return has_role(membership, Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.ACCOUNTANT, Role.AUDITOR)


def is_regional(membership: Acting | None) -> bool:
    """Regional supervisors read aggregates of the centres they supervise, never a person."""
    return has_role(membership, Role.REGIONAL_SUPERVISOR)


def can_view_own_jobs(membership: Acting | None) -> bool:
    """Anyone acting in a centre sees the jobs they started there (and nobody else's)."""
    return membership is not None


def is_dpo(membership: Acting | None) -> bool:
    """The data protection officer (IOD): access logs, consents, data-subject requests."""
    return has_role(membership, Role.DPO)


def can_manage_consents(membership: Acting | None) -> bool:
    """Consents are recorded and withdrawn by those who edit people (on the person's page) and by the IOD (on the
    data-subject page: a request may give or withdraw one)."""
    return can_edit_participants(membership) or has_role(membership, Role.DPO)


def to_sign_in(request: Any) -> HttpResponse:
    """A signed-out request's way to the sign-in page, and back to a page that answers GET (integra.core.returnto).
    An htmx request gets 401 and a message instead: htmx would follow a redirect itself and draw the sign-in page
    inside the list or the rows it refreshes, and a redirect of the whole page would drop what is on it."""
    response = redirect_to_login(return_path(request))
    if request.headers.get("HX-Request") == "true":
        body = render_to_string("core/_signed_out.html", {"login_url": response["Location"]}, request=request)
        return HttpResponse(body, status=401)
    return response


def require(predicate: Callable[..., bool]) -> Callable:
    """View decorator: sign-in required (redirect), then the predicate on request.membership (403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return to_sign_in(request)
            if not predicate(getattr(request, "membership", None)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.integra_predicate = predicate  # type: ignore[attr-defined]
        return wrapper

    return decorator


def signed_in(view: Callable) -> Callable:
    """View decorator: sign-in required, as Django's `login_required`, but the way back after signing in is never a
    URL that takes only POST (integra.core.returnto)."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return to_sign_in(request)
        return view(request, *args, **kwargs)

    return wrapper


__all__ = ["Role", "Specialty", "require", "signed_in"]


def can_unlock_accounts(membership: Acting | None) -> bool:
    """A centre's administrator unlocks sign-in lockouts of the users of that centre."""
    return has_role(membership, Role.ADMINISTRATOR)


def is_career_advisor(membership: Acting | None) -> bool:
    """A specialist whose specialty is career advice (doradca zawodowy): IPD, results and follow-ups are theirs."""
    return has_role(membership, Role.SPECIALIST) and membership.specialty == Specialty.CAREER_ADVISOR


def is_family_assistant(membership: Acting | None) -> bool:
    """A specialist whose specialty is family assistance (asystent rodziny): visits to the families they support."""
    return has_role(membership, Role.SPECIALIST) and membership.specialty == Specialty.FAMILY_ASSISTANT


def can_record_family_visits(membership: Acting | None) -> bool:
    """Visits to a family are recorded by family assistants and social workers, and by coordinators and
    administrators on their behalf."""
    if has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER):
        return True
    return is_family_assistant(membership)


def can_record_exits(membership: Acting | None) -> bool:
    """A person leaving a project (the exit date and reason) is recorded by social workers, coordinators and
    administrators: it ends the participation they manage."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER)


def can_record_results(membership: Acting | None) -> bool:
    """Results (the situation within 28 days of leaving) and the 3- and 6-month follow-ups are recorded by social
    workers, coordinators, administrators and the career advisor, whose work they are."""
    return can_record_exits(membership) or is_career_advisor(membership)


def can_import_participant_sheet(membership: Acting | None) -> bool:
    """Coordinators and administrators import a project's participant sheet (it creates and changes people)."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR)


def can_export_participant_sheet(membership: Acting | None) -> bool:
    """The participant sheet holds special-category answers: coordinators, administrators and the director export it."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.DIRECTOR)


def can_view_activities(membership: Acting | None) -> bool:
    """Activities, sessions and the timetable are read by every centre-staff role (accountants and auditors too)."""
    return is_centre_staff(membership)


def can_manage_catalogue(membership: Acting | None) -> bool:
    """A centre's administrator adds, renames and retires the centre's own support instruments."""
    return has_role(membership, Role.ADMINISTRATOR)


def can_record_support(membership: Acting | None) -> bool:
    """Attendance and individual support are recorded by coordinators, administrators, specialists and social workers."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SPECIALIST, Role.SOCIAL_WORKER)


def can_view_individual_support(membership: Acting | None) -> bool:
    """Who received counselling, internships, referrals and visits: case roles only (not accountants or auditors)."""
    return membership is not None and membership.role in CASE_ROLES


def can_mark_attendance(membership: Acting | None, session: Any) -> bool:
    """Coordinators and administrators mark any session; a specialist or social worker only sessions they run
    (the session's staff member or the activity's provider). A membership with no row (an API token) runs none."""
    if has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR):
        return True
    if not has_role(membership, Role.SPECIALIST, Role.SOCIAL_WORKER) or membership.pk is None:
        return False
    return membership.pk in (session.staff_id, session.activity.provider_id)


def can_view_confidential_note(membership: Acting | None, specialty: str) -> bool:
    """A consultation's confidential note is read only by staff of the same specialty (a psychologist's note by
    psychologists, a social worker's by social workers) — not by coordinators, directors, accountants or auditors."""
    return has_role(membership, Role.SPECIALIST, Role.SOCIAL_WORKER) and membership.effective_specialty == specialty


def can_see_people_behind_figures(membership: Acting | None) -> bool:
    """Drill-down from planning figures to the people: report readers who may also see special-category data."""
    return can_view_reports(membership) and can_view_sensitive(membership)


def can_edit_plans(membership: Acting | None) -> bool:
    """Individual action plans are drawn up and reviewed by career advisors, coordinators and administrators."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR) or is_career_advisor(membership)


def can_manage_staff(membership: Acting | None) -> bool:
    """A centre's administrator adds staff members (their accounts and roles) to that centre."""
    return has_role(membership, Role.ADMINISTRATOR)


def can_manage_service_accounts(membership: Acting | None) -> bool:
    """A centre's administrator creates and revokes the centre's API service accounts (tokens)."""
    return has_role(membership, Role.ADMINISTRATOR)


def can_view_messages(membership: Acting | None) -> bool:
    """Messages sent to participants (reminders, follow-up questions) and their consent coverage: the case roles
    who work with the people, and the DPO (consents and withdrawals)."""
    return membership is not None and (membership.role in CASE_ROLES or membership.role == Role.DPO)


def can_manage_outreach(membership: Acting | None) -> bool:
    """A centre's message texts, reminder time and daily SMS limit: coordinators and administrators."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR)


def can_view_outreach(membership: Acting | None) -> bool:
    """The centre's messages screen (today's outgoing, failures, consent coverage, cost): those who manage it
    and the director."""
    return can_manage_outreach(membership) or has_role(membership, Role.DIRECTOR)
