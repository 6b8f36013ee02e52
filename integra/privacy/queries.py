"""Reads for the data protection officer: the access log and the consents of the acting centre."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from integra.core.models import AccessLogEntry
from integra.people.models import Consent, Participant


def access_log(
    membership: Any, *, user: Any = None, subject_ids: list[int] | None = None, kind: str = "",
    date_from: dt.date | None = None, date_to: dt.date | None = None,
) -> models.QuerySet:
    """Access-log entries of the centre, newest first, narrowed by the filters that are set."""
    qs = AccessLogEntry.objects.for_membership(membership).select_related("user")
    if user is not None:
        qs = qs.filter(user=user)
    if subject_ids is not None:
        qs = qs.filter(subject_type="people.participant", subject_id__in=subject_ids)
    if kind:
        qs = qs.filter(kind=kind)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-at", "-id")


def participants_by_pesel(membership: Any, pesel: str) -> list[int]:
    """Ids of the centre's people with this PESEL (at most one; none for another centre's person)."""
    return list(Participant.objects.for_membership(membership).filter(pesel=pesel).values_list("pk", flat=True))


def consents(membership: Any, *, purpose: str = "", withdrawn: str = "") -> models.QuerySet:
    """Consents of the centre with their person, newest first."""
    qs = Consent.objects.for_membership(membership).select_related("participant")
    if purpose:
        qs = qs.filter(purpose=purpose)
    if withdrawn == "yes":
        qs = qs.filter(withdrawn_on__isnull=False)
    elif withdrawn == "no":
        qs = qs.filter(withdrawn_on__isnull=True)
    return qs.order_by("-given_on", "-id")
