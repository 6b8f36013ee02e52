"""casework: reads that are more than a filter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from integra.casework.models import SocialContract
from integra.core.roles import Role

DUE_WITHIN_DAYS = 14


def contracts_for(membership) -> QuerySet[SocialContract]:
    """Contracts the membership sees: a social worker their own caseload, other case roles the whole centre."""
    qs = SocialContract.objects.for_membership(membership).select_related("participant", "social_worker__user", "project")
    if membership is not None and membership.role == Role.SOCIAL_WORKER:
        qs = qs.filter(social_worker=membership)
    return qs


def contracts_due(membership, today: dt.date, days: int = DUE_WITHIN_DAYS) -> QuerySet[SocialContract]:
    """Active contracts due for review or ending within `days` days (overdue reviews included)."""
    horizon = today + dt.timedelta(days=days)
    return (
        contracts_for(membership)
        .filter(status=SocialContract.Status.ACTIVE)
        .filter(Q(next_review_on__lte=horizon) | Q(end_on__range=(today, horizon)))
        .order_by("social_worker_id", "end_on", "number")
    )
