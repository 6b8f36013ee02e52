"""Access rules as small named predicates; views and queries call these, never re-derive them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from integra.core.roles import CASE_ROLES, STAFF_ROLES, Role, Specialty

if TYPE_CHECKING:
    from integra.institutions.models import Membership


def has_role(membership: Membership | None, *roles: str) -> bool:
    """The acting membership holds one of the roles."""
    return membership is not None and membership.role in roles


def is_centre_staff(membership: Membership | None) -> bool:
    """Any role working inside a centre (everyone but the DPO and the regional supervisor)."""
    return membership is not None and membership.role in STAFF_ROLES


def can_view_participants(membership: Membership | None) -> bool:
    """Centre staff see the registry; the DPO sees it for access requests and consents."""
    return is_centre_staff(membership) or has_role(membership, Role.DPO)


def can_edit_participants(membership: Membership | None) -> bool:
    """Administrators, coordinators and social workers register and edit people."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER)


def can_view_sensitive(membership: Membership | None) -> bool:
    """Disability, eligibility groups and other special-category answers: case roles only."""
    return membership is not None and membership.role in CASE_ROLES


def can_view_case_notes(membership: Membership | None, specialty: str | None = None) -> bool:
    """Social workers (and directors/admins) see case notes; a specialist sees those of their specialty."""
    if membership is None:
        return False
    if membership.role in {Role.SOCIAL_WORKER}:
        return True
    if membership.role == Role.SPECIALIST:
        return specialty is None or membership.specialty == specialty
    return False


def can_manage_finance(membership: Membership | None) -> bool:
    """Accountants and coordinators edit money."""
    return has_role(membership, Role.ACCOUNTANT, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_view_finance(membership: Membership | None) -> bool:
    """Money is read by the editors plus the director and auditor."""
    return can_manage_finance(membership) or has_role(membership, Role.DIRECTOR, Role.AUDITOR)


def can_manage_projects(membership: Membership | None) -> bool:
    """Coordinators and administrators run projects, calls, activities."""
    return has_role(membership, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_view_projects(membership: Membership | None) -> bool:
    """Every centre-staff role sees projects."""
    return is_centre_staff(membership)


def can_view_reports(membership: Membership | None) -> bool:
    """Aggregated reports: centre staff except specialists and social workers' case-only roles."""
    return has_role(membership, Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.ACCOUNTANT, Role.AUDITOR)


def is_regional(membership: Membership | None) -> bool:
    """Regional supervisors read aggregates of the centres they supervise, never a person."""
    return has_role(membership, Role.REGIONAL_SUPERVISOR)


def can_view_own_jobs(membership: Membership | None) -> bool:
    """Anyone acting in a centre sees the jobs they started there (and nobody else's)."""
    return membership is not None


def is_dpo(membership: Membership | None) -> bool:
    """The data protection officer (IOD): access logs, consents, data-subject requests."""
    return has_role(membership, Role.DPO)


def can_manage_consents(membership: Membership | None) -> bool:
    """Consents are recorded and withdrawn by those who edit people, and by the DPO (data-subject requests)."""
    return can_edit_participants(membership) or has_role(membership, Role.DPO)


def require(predicate: Callable[..., bool]) -> Callable:
    """View decorator: sign-in required (redirect), then the predicate on request.membership (403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(getattr(request, "membership", None)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.integra_predicate = predicate  # type: ignore[attr-defined]
        return wrapper

    return decorator


__all__ = ["Role", "Specialty", "require"]


def can_unlock_accounts(membership: Membership | None) -> bool:
    """A centre's administrator unlocks sign-in lockouts of the users of that centre."""
    return has_role(membership, Role.ADMINISTRATOR)


def can_record_outcomes(membership: Membership | None) -> bool:
    """Exits, results and follow-ups are recorded by social workers, coordinators and administrators."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SOCIAL_WORKER)


def can_import_participant_sheet(membership: Membership | None) -> bool:
    """Coordinators and administrators import a project's participant sheet (it creates and changes people)."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR)


def can_export_participant_sheet(membership: Membership | None) -> bool:
    """The participant sheet holds special-category answers: coordinators, administrators and the director export it."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.DIRECTOR)


def can_view_activities(membership: Membership | None) -> bool:
    """Activities, sessions and the timetable are read by every centre-staff role (accountants and auditors too)."""
    return is_centre_staff(membership)


def can_manage_catalogue(membership: Membership | None) -> bool:
    """A centre's administrator adds, renames and retires the centre's own support instruments."""
    return has_role(membership, Role.ADMINISTRATOR)


def can_record_support(membership: Membership | None) -> bool:
    """Attendance and individual support are recorded by coordinators, administrators, specialists and social workers."""
    return has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR, Role.SPECIALIST, Role.SOCIAL_WORKER)


def can_view_individual_support(membership: Membership | None) -> bool:
    """Who received counselling, internships, referrals and visits: case roles only (not accountants or auditors)."""
    return membership is not None and membership.role in CASE_ROLES


def can_mark_attendance(membership: Membership | None, session: Any) -> bool:
    """Coordinators and administrators mark any session; a specialist or social worker only sessions they run
    (the session's staff member or the activity's provider). A membership with no row (an API token) runs none."""
    if has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR):
        return True
    if not has_role(membership, Role.SPECIALIST, Role.SOCIAL_WORKER) or membership.pk is None:
        return False
    return membership.pk in (session.staff_id, session.activity.provider_id)


def can_view_confidential_note(membership: Membership | None, specialty: str) -> bool:
    """A consultation's confidential note is read only by staff of the same specialty (a psychologist's note by
    psychologists, a social worker's by social workers) — not by coordinators, directors, accountants or auditors."""
    return has_role(membership, Role.SPECIALIST, Role.SOCIAL_WORKER) and membership.effective_specialty == specialty


def can_see_people_behind_figures(membership: Membership | None) -> bool:
    """Drill-down from planning figures to the people: report readers who may also see special-category data."""
    return can_view_reports(membership) and can_view_sensitive(membership)


def can_edit_plans(membership: Membership | None) -> bool:
    """Individual action plans are drawn up and reviewed by career advisors, coordinators and administrators."""
    if has_role(membership, Role.ADMINISTRATOR, Role.COORDINATOR):
        return True
    return has_role(membership, Role.SPECIALIST) and membership.specialty == Specialty.CAREER_ADVISOR


def can_manage_staff(membership: Membership | None) -> bool:
    """A centre's administrator adds staff members (their accounts and roles) to that centre."""
    return has_role(membership, Role.ADMINISTRATOR)


def can_manage_service_accounts(membership: Membership | None) -> bool:
    """A centre's administrator creates and revokes the centre's API service accounts (tokens)."""
    return has_role(membership, Role.ADMINISTRATOR)
