"""Writes with a business rule: exits, results and follow-ups (domain.md §6).

Every function takes the acting membership as `actor`, runs in one transaction, checks that the
rows belong to the actor's centre, records history and raises `ValidationError` with a message
users can read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core import history
from integra.core.models import HistoryEntry
from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.projects.models import Participation

MSG_OTHER_CENTRE = _("This record belongs to another centre.")
MSG_EXIT_BEFORE_START = _("The exit date cannot be earlier than the start of participation (%(start)s).")
MSG_EXIT_AFTER_PROJECT = _("The exit date cannot be later than the end of the project (%(end)s).")
MSG_RESULT_BEFORE_START = _("The date of a result cannot be earlier than the start of participation (%(start)s).")
MSG_RESULT_EXCLUSIVE = _(
    "On %(date)s the person already has the result “%(other)s”: job searching and employment exclude each other."
)
MSG_EMPLOYER_OTHER_CENTRE = _("The employer must be a partner of this centre.")
MSG_FOLLOW_UP_BEFORE_EXIT = _("A follow-up cannot be done before the exit (%(exit)s).")
MSG_FOLLOW_UP_FUTURE = _("A follow-up cannot be dated in the future.")

FOLLOW_UP_MONTHS = {FollowUp.Kind.MONTHS_3: 3, FollowUp.Kind.MONTHS_6: 6}
# Job searching and employment are mutually exclusive on one day (domain.md §6).
CONFLICTING: dict[str, set[str]] = {
    ResultKind.JOB_SEARCHING: {ResultKind.EMPLOYMENT_CONTRACT, ResultKind.SELF_EMPLOYMENT},
    ResultKind.EMPLOYMENT_CONTRACT: {ResultKind.JOB_SEARCHING},
    ResultKind.SELF_EMPLOYMENT: {ResultKind.JOB_SEARCHING},
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of a shorter month)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_centre(actor: Any, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and obj.institution_id != actor.institution_id:
            raise ValidationError(MSG_OTHER_CENTRE)


@transaction.atomic
def record_exit(
    *, actor: Any, participation: Participation, exit_on: dt.date, reason: str, note: str = ""
) -> Exit:
    """Record (or move, for a re-entrant) the exit of a participation; schedule the 3- and 6-month follow-ups."""
    _check_centre(actor, participation)
    participation = Participation.objects.select_for_update().select_related("project").get(pk=participation.pk)
    if exit_on < participation.start_on:
        raise ValidationError(MSG_EXIT_BEFORE_START, params={"start": _fmt(participation.start_on)})
    if exit_on > participation.project.end_on:
        raise ValidationError(MSG_EXIT_AFTER_PROJECT, params={"end": _fmt(participation.project.end_on)})
    existing = Exit.objects.filter(participation=participation).first()
    item = existing or Exit(institution_id=participation.institution_id, participation=participation)
    before = history.snapshot(item) if existing else None
    item.exit_on, item.reason, item.note = exit_on, reason, note
    item.full_clean()
    item.save()
    history.record(actor=actor, obj=item, action=HistoryEntry.Action.UPDATE if existing else HistoryEntry.Action.CREATE,
                   before=before)
    part_before = history.snapshot(participation, ["end_on", "status"])
    participation.end_on = exit_on
    participation.status = (
        Participation.Status.COMPLETED if reason == ExitReason.COMPLETED else Participation.Status.LEFT
    )
    participation.save(update_fields=["end_on", "status", "updated_at"])
    history.record(actor=actor, obj=participation, action=HistoryEntry.Action.STATUS, before=part_before,
                   after=history.snapshot(participation, ["end_on", "status"]))
    schedule_follow_ups(item)
    return item


def schedule_follow_ups(item: Exit) -> list[FollowUp]:
    """Follow-ups due 3 and 6 months after the exit; open ones move with a changed exit date."""
    scheduled = []
    for kind, months in FOLLOW_UP_MONTHS.items():
        due = add_months(item.exit_on, months)
        follow_up, created = FollowUp.objects.get_or_create(
            participation_id=item.participation_id, kind=kind,
            defaults={"institution_id": item.institution_id, "due_on": due},
        )
        if not created and follow_up.done_on is None and follow_up.due_on != due:
            follow_up.due_on = due
            follow_up.save(update_fields=["due_on", "updated_at"])
        scheduled.append(follow_up)
    return scheduled


@transaction.atomic
def record_result(
    *,
    actor: Any,
    participation: Participation,
    kind: str,
    achieved_on: dt.date,
    evidence: str = "",
    employer: Any = None,
    qualification_name: str = "",
) -> Result:
    """Record a dated result with its evidence; job searching and employment on one day exclude each other."""
    _check_centre(actor, participation)
    if employer is not None and employer.institution_id != actor.institution_id:
        raise ValidationError(MSG_EMPLOYER_OTHER_CENTRE)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if achieved_on < participation.start_on:
        raise ValidationError(MSG_RESULT_BEFORE_START, params={"start": _fmt(participation.start_on)})
    clash = (
        Result.objects.filter(participation=participation, achieved_on=achieved_on, kind__in=CONFLICTING.get(kind, ()))
        .first()
    )
    if clash is not None:
        raise ValidationError(MSG_RESULT_EXCLUSIVE, params={"date": _fmt(achieved_on), "other": clash.get_kind_display()})
    result = Result(
        institution_id=participation.institution_id, participation=participation, kind=kind, achieved_on=achieved_on,
        evidence=evidence, employer=employer, qualification_name=qualification_name,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    result.full_clean()
    result.save()
    history.record(actor=actor, obj=result, action=HistoryEntry.Action.CREATE)
    return result


@transaction.atomic
def record_follow_up(
    *,
    actor: Any,
    follow_up: FollowUp,
    done_on: dt.date,
    employed: bool | None,
    improved_situation: bool | None,
    note: str = "",
    today: dt.date | None = None,
) -> FollowUp:
    """Record what a 3- or 6-month check found (employed? situation improved?)."""
    _check_centre(actor, follow_up)
    follow_up = FollowUp.objects.select_for_update().select_related("participation").get(pk=follow_up.pk)
    exit_on = follow_up.participation.end_on
    if exit_on and done_on < exit_on:
        raise ValidationError(MSG_FOLLOW_UP_BEFORE_EXIT, params={"exit": _fmt(exit_on)})
    if done_on > (today or timezone.localdate()):
        raise ValidationError(MSG_FOLLOW_UP_FUTURE)
    before = history.snapshot(follow_up)
    follow_up.done_on, follow_up.employed, follow_up.improved_situation, follow_up.note = (
        done_on, employed, improved_situation, note,
    )
    follow_up.full_clean()
    follow_up.save()
    history.record(actor=actor, obj=follow_up, action=HistoryEntry.Action.UPDATE, before=before)
    return follow_up
