"""casework: reads that are more than a filter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from integra.casework.models import IndividualPlan, LocalActivityProgramme, SocialContract
from integra.core.roles import Role, Specialty

DUE_WITHIN_DAYS = 14


def contracts_for(membership) -> QuerySet[SocialContract]:
    """The contracts list: the membership's caseload (`SocialContractQuerySet.caseload`)."""
    return SocialContract.objects.caseload(membership).select_related("participant", "social_worker__user", "project")


def contracts_due(membership, today: dt.date, days: int = DUE_WITHIN_DAYS) -> QuerySet[SocialContract]:
    """Active contracts due for review or ending within `days` days (overdue reviews included)."""
    horizon = today + dt.timedelta(days=days)
    return (
        contracts_for(membership)
        .filter(status=SocialContract.Status.ACTIVE)
        .filter(Q(next_review_on__lte=horizon) | Q(end_on__range=(today, horizon)))
        .order_by("social_worker_id", "end_on", "number")
    )


def plans_for(membership) -> QuerySet[IndividualPlan]:
    """Individual action plans (IPD) the membership sees: a career advisor their own, other case roles the centre's."""
    qs = IndividualPlan.objects.for_membership(membership).select_related(
        "participant", "career_advisor__user", "project"
    )
    if (
        membership is not None
        and membership.role == Role.SPECIALIST
        and membership.specialty == Specialty.CAREER_ADVISOR
    ):
        qs = qs.filter(career_advisor=membership)
    return qs


def plans_due(membership, today: dt.date, days: int = DUE_WITHIN_DAYS) -> QuerySet[IndividualPlan]:
    """Plans in progress due for review or ending within `days` days (overdue reviews included), earliest first."""
    horizon = today + dt.timedelta(days=days)
    return (
        plans_for(membership)
        .filter(status=IndividualPlan.Status.ACTIVE)
        .filter(Q(next_review_on__lte=horizon) | Q(end_on__range=(today, horizon)))
        .order_by("end_on", "id")
    )


def programmes_ending(membership, today: dt.date, days: int = DUE_WITHIN_DAYS) -> QuerySet[LocalActivityProgramme]:
    """Local activity programmes (PAL) ending within `days` days, earliest first (a social worker: those they lead)."""
    qs = LocalActivityProgramme.objects.for_membership(membership).select_related("project")
    if membership is not None and membership.role == Role.SOCIAL_WORKER:
        qs = qs.filter(coordinator=membership)
    return qs.filter(end_on__range=(today, today + dt.timedelta(days=days))).order_by("end_on", "id")
