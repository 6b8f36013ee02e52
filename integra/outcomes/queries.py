"""Reads of the outcomes app: a project's participants with exits and results, follow-ups due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from integra.core.collation import polish
from integra.outcomes.models import FollowUp, Result, SheetImport
from integra.projects.models import Participation, Project


def projects_for(membership: Any) -> QuerySet[Project]:
    """The centre's projects, newest first."""
    return Project.objects.for_membership(membership).order_by("-start_on", "code")


def project_participations(membership: Any, project: Project) -> QuerySet[Participation]:
    """Participants of a project in Polish surname order, with their exit and results loaded."""
    return (
        Participation.objects.for_membership(membership)
        .filter(project=project)
        .select_related("participant", "exit")
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("achieved_on", "id")))
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "id")
    )


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week of `today`."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def follow_ups_open(membership: Any) -> QuerySet[FollowUp]:
    """Follow-ups of the centre not done yet, with the person and project loaded."""
    return (
        FollowUp.objects.for_membership(membership)
        .filter(done_on__isnull=True)
        .select_related("participation__participant", "participation__project")
        .order_by("due_on", polish("participation__participant__last_name"), "id")
    )


def follow_ups_due_this_week(membership: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Open follow-ups due from Monday to Sunday of this week."""
    monday, sunday = week_bounds(today)
    return follow_ups_open(membership).filter(due_on__range=(monday, sunday))


def follow_ups_overdue(membership: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Open follow-ups that were due before this week."""
    monday, _sunday = week_bounds(today)
    return follow_ups_open(membership).filter(due_on__lt=monday)


def sheet_imports(membership: Any, project: Project) -> QuerySet[SheetImport]:
    """The project's previous imports, newest first (without the stored files)."""
    return (
        SheetImport.objects.for_membership(membership).filter(project=project)
        .defer("error_file", "source", "report").select_related("user")[:10]
    )
