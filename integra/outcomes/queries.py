"""Reads of the outcomes app: a project's participants with exits and results, follow-ups due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from integra.core.collation import polish
from integra.outcomes.models import JOB_KINDS, Exit, FollowUp, Result, SheetImport
from integra.outcomes.sheet import REQUIRED_COLUMNS, SITUATION_WINDOW_DAYS
from integra.people.models import Participant
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
        .exclude(kind=FollowUp.Kind.DAYS_28)  # the 28-day situation is a result (`situations_upon_leaving_due`)
        .select_related("participation__participant", "participation__project")
        .order_by(
            "due_on",
            polish("participation__participant__last_name"),
            polish("participation__participant__first_name"),
            "id",
        )
    )


def answers_awaiting_confirmation(membership: Any) -> QuerySet[FollowUp]:
    """Participants' own answers to a follow-up question that staff have not confirmed yet, oldest first."""
    return (
        FollowUp.objects.for_membership(membership)
        .filter(answer_status=FollowUp.AnswerStatus.AWAITING)
        .select_related("participation__participant", "participation__project")
        .order_by("answered_at", "id")
    )


def follow_ups_due_this_week(membership: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Open follow-ups due from Monday to Sunday of this week."""
    monday, sunday = week_bounds(today)
    return follow_ups_open(membership).filter(due_on__range=(monday, sunday))


def follow_ups_overdue(membership: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Open follow-ups that were due before this week."""
    monday, _sunday = week_bounds(today)
    return follow_ups_open(membership).filter(due_on__lt=monday)


# domain.md §6: the longest check is 6 months after exit, and an exit falls at the latest on the project's end
# date; a month (the 28 days the sheet allows for a situation upon leaving) is left to record it late.
FOLLOW_UP_PERIOD_DAYS = 6 * 31 + SITUATION_WINDOW_DAYS


def follow_up_period_start(today: dt.date) -> dt.date:
    """The earliest end date of a project whose follow-ups are still worth doing today: it ended at most six
    months (the 6-month check) and 28 days (the time to record it) ago. Older projects' results are reported."""
    return today - dt.timedelta(days=FOLLOW_UP_PERIOD_DAYS)


def follow_ups_overdue_in_period(membership: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Overdue follow-ups of projects still running or whose follow-up period has not ended (the start page's
    list; the full screen keeps every open follow-up)."""
    return follow_ups_overdue(membership, today).filter(
        participation__project__end_on__gte=follow_up_period_start(today)
    )


def follow_ups_overdue_past_period(membership: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Overdue follow-ups of projects whose follow-up period has ended: what the start page's list leaves out."""
    return follow_ups_overdue(membership, today).filter(
        participation__project__end_on__lt=follow_up_period_start(today)
    )


def sheet_imports(membership: Any, project: Project) -> QuerySet[SheetImport]:
    """The project's previous imports, newest first (without the stored files)."""
    return (
        SheetImport.objects.for_membership(membership)
        .filter(project=project)
        .defer("error_file", "source", "report")
        .select_related("user")[:10]
    )


def situations_upon_leaving_due(membership: Any, today: dt.date) -> QuerySet[Exit]:
    """Exits whose 28-day window for the situation upon leaving ends by Sunday of this week (or ended in the
    last 28 days) and that have no result recorded since the exit, the earliest deadline first.

    The deadline is `exit_on + 28 days` (domain.md §6, the participant sheet's column 32).
    """
    _monday, sunday = week_bounds(today)
    window = dt.timedelta(days=SITUATION_WINDOW_DAYS)
    recorded = Result.objects.filter(participation=OuterRef("participation"), achieved_on__gte=OuterRef("exit_on"))
    return (
        Exit.objects.for_membership(membership)
        .filter(exit_on__range=(today - 2 * window, sunday - window))
        .filter(~Exists(recorded))
        .select_related("participation__participant", "participation__project")
        .order_by("exit_on", "id")
    )


def _sheet_gaps() -> Q:
    """Participations whose person lacks a value the participant sheet requires (formats/participants.md):
    PESEL unless "no PESEL", and every other required person column that may be left blank."""
    person_fields = {f.name for f in Participant._meta.get_fields()}
    gaps = Q(participant__pesel__isnull=True, participant__no_pesel=False) | Q(
        participant__pesel="", participant__no_pesel=False
    )
    for column in REQUIRED_COLUMNS:
        if column.field in person_fields and column.field != "pesel":
            gaps |= Q(**{f"participant__{column.field}": ""})
    return gaps


def participations_incomplete_for_sheet(membership: Any, today: dt.date) -> QuerySet[Participation]:
    """Participations in projects running today whose person lacks data the participant sheet requires,
    the earliest start first."""
    return (
        Participation.objects.for_membership(membership)
        .filter(project__start_on__lte=today, project__end_on__gte=today)
        .filter(_sheet_gaps())
        .select_related("participant", "project")
        .order_by("start_on", polish("participant__last_name"), "id")
    )


def missing_sheet_fields(participation: Participation) -> list[str]:
    """Headers of the required sheet columns the person has no value for (no query: the person is loaded)."""
    person = participation.participant
    missing = []
    for column in REQUIRED_COLUMNS:
        if column.field == "pesel":
            if not person.pesel and not person.no_pesel:
                missing.append(column.header)
        elif hasattr(person, column.field) and getattr(person, column.field) in ("", None):
            missing.append(column.header)
    return missing


def jobs_by_project(project_ids: list[int]) -> dict[int, int]:
    """Per project, the participants with a job result (employment, self-employment or internship): the project
    summary's `jobs.total`, for many projects in one query."""
    rows = (
        Result.objects.filter(participation__project_id__in=project_ids, kind__in=JOB_KINDS)
        .values("participation__project_id")
        .annotate(n=Count("participation", distinct=True))
        .order_by()
    )
    return {row["participation__project_id"]: row["n"] for row in rows}
