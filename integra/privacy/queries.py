"""Reads for the data protection officer: the access log and the consents of the acting centre."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.accesslog import document_label
from integra.core.collation import polish
from integra.core.models import AccessLogEntry
from integra.people.models import Consent, Participant
from integra.privacy.services import default_retention_end, retention_years
from integra.projects.models import Participation, Project


def access_log(
    membership: Any,
    *,
    user: Any = None,
    subject_ids: list[int] | None = None,
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
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


SUBJECT_KINDS = {
    "projects.project": _("project"),
    "support.activity": _("activity"),
    "recruitment.recruitmentcall": _("recruitment"),
    "outcomes.sheetimport": _("sheet import"),
}


def describe_entries(membership: Any, entries: Iterable[AccessLogEntry]) -> list[AccessLogEntry]:
    """The page's entries with `person` (the participant's name, one query) and `document` in Polish."""
    entries = list(entries)
    ids = {e.subject_id for e in entries if e.subject_type == "people.participant" and e.subject_id}
    names = {
        pk: f"{last} {first}".strip()
        for pk, first, last in Participant.objects.for_membership(membership)
        .filter(pk__in=ids)
        .values_list("pk", "first_name", "last_name")
    }
    for e in entries:
        e.person = names.get(e.subject_id, "") if e.subject_type == "people.participant" else ""
        e.subject_kind = SUBJECT_KINDS.get(e.subject_type, "")
        e.document = document_label(e.what, e.kind)
    return entries


def people_matching(membership: Any, text: str) -> QuerySet[Participant]:
    """The centre's people a search finds (surname, PESEL, internal number, birth year), in Polish order; another
    centre's people never."""
    return (
        Participant.objects.for_membership(membership)
        .search(text)
        .order_by(polish("last_name"), polish("first_name"), "id")
    )


def in_force(today: dt.date) -> Q:
    """Consents neither withdrawn nor past their end date."""
    return Q(withdrawn_on__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def consents(
    membership: Any, *, purpose: str = "", withdrawn: str = "", today: dt.date | None = None
) -> models.QuerySet:
    """Consents of the centre with their person, newest first; `withdrawn` filters by status: in force ("no"),
    withdrawn ("yes"), ending within the warning window ("expiring", soonest first) or past their end ("expired")."""
    today = today or timezone.localdate()
    qs = Consent.objects.for_membership(membership).select_related("participant")
    if purpose:
        qs = qs.filter(purpose=purpose)
    if withdrawn == "yes":
        qs = qs.filter(withdrawn_on__isnull=False)
    elif withdrawn == "no":
        qs = qs.filter(in_force(today))
    elif withdrawn == "expiring":
        return qs.filter(_expiring(today)).order_by("valid_until", "id")
    elif withdrawn == "expired":
        qs = qs.filter(withdrawn_on__isnull=True, valid_until__lt=today)
    return qs.order_by("-given_on", "-id")


def _expiring(today: dt.date) -> Q:
    days = settings.INTEGRA_CONSENT_EXPIRY_WARNING_DAYS
    return Q(withdrawn_on__isnull=True, valid_until__range=(today, today + dt.timedelta(days=days)))


def consents_expiring(membership: Any, today: dt.date) -> models.QuerySet:
    """Consents of the centre in force today that end within INTEGRA_CONSENT_EXPIRY_WARNING_DAYS days, the
    soonest first; withdrawn ones are not among them (they have their own list)."""
    return (
        Consent.objects.for_membership(membership)
        .filter(_expiring(today))
        .select_related("participant")
        .order_by("valid_until", "id")
    )


def consents_withdrawn_since(membership: Any, day: dt.date) -> models.QuerySet:
    """Consents of the centre withdrawn on or after the day, the latest first."""
    return (
        Consent.objects.for_membership(membership)
        .filter(withdrawn_on__gte=day)
        .select_related("participant")
        .order_by("-withdrawn_on", "-id")
    )


def due_for_anonymisation(membership: Any, today: dt.date) -> models.QuerySet:
    """The centre's people not yet anonymised whose retention ended before today — the rule of
    `privacy.services.due_for_anonymisation` (each project's `retention_until`, else the default rule; a
    person in no project: the default rule from the last change of their record) as one query over the
    people, after one over the centre's projects; by internal number."""
    ended = [
        p.pk
        for p in Project.objects.for_membership(membership).only("pk", "end_on", "retention_until")
        if (p.retention_until or default_retention_end(p.end_on)) < today
    ]
    kept = Participation.objects.filter(participant=OuterRef("pk")).exclude(project_id__in=ended)
    any_project = Participation.objects.filter(participant=OuterRef("pk"))
    # default_retention_end(updated_at) < today  ⇔  the record last changed before 1 January of (today's year − N).
    unchanged_since = dt.datetime(today.year - retention_years(), 1, 1, tzinfo=timezone.get_current_timezone())
    return (
        Participant.objects.for_membership(membership)
        .filter(anonymised_at__isnull=True)
        .filter((Exists(any_project) & ~Exists(kept)) | (~Exists(any_project) & Q(updated_at__lt=unchanged_since)))
        .order_by("pk")
    )


def unusual_access(membership: Any, today: dt.date, *, limit: int, days: int = 7) -> models.QuerySet:
    """(user, day, pages) for every account of the centre that opened participant pages more than `limit` times in
    one day during the last `days` days, the most first."""
    since = dt.datetime.combine(
        today - dt.timedelta(days=days - 1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return (
        AccessLogEntry.objects.for_membership(membership)
        .filter(kind=AccessLogEntry.Kind.VIEW, subject_type="people.participant", at__gte=since, user__isnull=False)
        .annotate(day=TruncDate("at"))
        .values("user", "day")
        .annotate(pages=Count("id"))
        .filter(pages__gt=limit)
        .order_by("-pages", "-day", "user")
    )
