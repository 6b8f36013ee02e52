"""recruitment: reads that are more than a filter."""

from __future__ import annotations

from django.db.models import QuerySet

from integra.recruitment.models import Application


def applications_awaiting_decision(membership) -> QuerySet[Application]:
    """The centre's applications still awaiting a decision, those of the call closing first at the top."""
    return (
        Application.objects.for_membership(membership)
        .filter(status=Application.Status.PENDING)
        .select_related("participant", "call")
        .order_by("call__closes_on", "call_id", "applied_on", "id")
    )
