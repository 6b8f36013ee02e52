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
from integra.core.dates import refuse_future
from integra.core.models import HistoryEntry, ensure_same_centre
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
MSG_EXIT_IN_FUTURE = _("The exit date cannot be later than today (%(today)s): record the exit on the day it happens.")
MSG_RESULT_IN_FUTURE = _("The date of a result cannot be later than today (%(today)s).")
MSG_ALREADY_ANSWERED = _("This question has already been answered.")
MSG_ALREADY_RECORDED = _("Staff have already recorded this follow-up; the answer is not needed.")
MSG_NOT_AWAITING = _("This answer is not awaiting confirmation.")
MSG_NO_EXIT = _("The participation has no exit: there is nothing to follow up.")

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
    ensure_same_centre(actor, *objs, message=MSG_OTHER_CENTRE)


@transaction.atomic
def record_exit(*, actor: Any, participation: Participation, exit_on: dt.date, reason: str, note: str = "") -> Exit:
    """Record (or move, for a re-entrant) the exit of a participation; schedule the 3- and 6-month follow-ups."""
    _check_centre(actor, participation)
    refuse_future(exit_on, field="exit_on", message=MSG_EXIT_IN_FUTURE)
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
    history.record(
        actor=actor,
        obj=item,
        action=HistoryEntry.Action.UPDATE if existing else HistoryEntry.Action.CREATE,
        before=before,
    )
    part_before = history.snapshot(participation, ["end_on", "status"])
    participation.end_on = exit_on
    participation.status = (
        Participation.Status.COMPLETED if reason == ExitReason.COMPLETED else Participation.Status.LEFT
    )
    participation.save(update_fields=["end_on", "status", "updated_at"])
    history.record(
        actor=actor,
        obj=participation,
        action=HistoryEntry.Action.STATUS,
        before=part_before,
        after=history.snapshot(participation, ["end_on", "status"]),
    )
    schedule_follow_ups(item)
    return item


def schedule_follow_ups(item: Exit) -> list[FollowUp]:
    """Follow-ups due 3 and 6 months after the exit; open ones move with a changed exit date."""
    scheduled = []
    for kind, months in FOLLOW_UP_MONTHS.items():
        due = add_months(item.exit_on, months)
        follow_up, created = FollowUp.objects.get_or_create(
            participation_id=item.participation_id,
            kind=kind,
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
    refuse_future(achieved_on, field="achieved_on", message=MSG_RESULT_IN_FUTURE)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if achieved_on < participation.start_on:
        raise ValidationError(MSG_RESULT_BEFORE_START, params={"start": _fmt(participation.start_on)})
    clash = Result.objects.filter(
        participation=participation, achieved_on=achieved_on, kind__in=CONFLICTING.get(kind, ())
    ).first()
    if clash is not None:
        raise ValidationError(
            MSG_RESULT_EXCLUSIVE, params={"date": _fmt(achieved_on), "other": clash.get_kind_display()}
        )
    result = Result(
        institution_id=participation.institution_id,
        participation=participation,
        kind=kind,
        achieved_on=achieved_on,
        evidence=evidence,
        employer=employer,
        qualification_name=qualification_name,
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
    refuse_future(done_on, message=MSG_FOLLOW_UP_FUTURE, today=today)
    before = history.snapshot(follow_up)
    follow_up.done_on, follow_up.employed, follow_up.improved_situation, follow_up.note = (
        done_on,
        employed,
        improved_situation,
        note,
    )
    if follow_up.answer_status == FollowUp.AnswerStatus.AWAITING:
        # Staff recorded it themselves: the participant's answer is settled by what they recorded.
        follow_up.answer_status = FollowUp.AnswerStatus.CONFIRMED
        follow_up.confirmed_by = actor if getattr(actor, "pk", None) else None
    follow_up.full_clean()
    follow_up.save()
    history.record(actor=actor, obj=follow_up, action=HistoryEntry.Action.UPDATE, before=before)
    return follow_up


# ---------------------------------------------------------------- the participant's own answer (integra.outreach)

EMPLOYED_ANSWERS = (
    FollowUp.Answer.EMPLOYMENT_CONTRACT,
    FollowUp.Answer.SELF_EMPLOYMENT,
    FollowUp.Answer.OTHER_WORK,
)
# The situation upon leaving that a confirmed 28-day answer records (domain.md §6; the indicators read results).
ANSWER_RESULT_KINDS = {
    FollowUp.Answer.EMPLOYMENT_CONTRACT: ResultKind.EMPLOYMENT_CONTRACT,
    FollowUp.Answer.SELF_EMPLOYMENT: ResultKind.SELF_EMPLOYMENT,
    FollowUp.Answer.OTHER_WORK: ResultKind.OTHER,
    FollowUp.Answer.JOB_SEARCHING: ResultKind.JOB_SEARCHING,
    FollowUp.Answer.EDUCATION: ResultKind.EDUCATION,
}
FOLLOW_UP_DAYS_28 = 28


def follow_up_due_on(exit_on: dt.date, kind: str) -> dt.date:
    """The day a check of the kind falls due after an exit."""
    if kind == FollowUp.Kind.DAYS_28:
        return exit_on + dt.timedelta(days=FOLLOW_UP_DAYS_28)
    return add_months(exit_on, FOLLOW_UP_MONTHS[kind])


@transaction.atomic
def record_participant_answer(
    *, participation: Participation, kind: str, answer: str, channel: str, answered_at: dt.datetime
) -> FollowUp:
    """Record what the person answered through their one-time link; it awaits staff confirmation.

    No staff member acts here (the person answered without signing in): the history names no one and says
    where the answer came from. Refused when the check is already answered or recorded by staff."""
    participation = (
        Participation.objects.select_for_update(of=("self",)).select_related("exit").get(pk=participation.pk)
    )
    exit_item = getattr(participation, "exit", None)
    if exit_item is None:
        raise ValidationError(MSG_NO_EXIT, code="no_exit")
    if answer not in FollowUp.Answer.values:
        raise ValidationError(MSG_NOT_AWAITING, code="bad_answer")
    follow_up = FollowUp.objects.filter(participation=participation, kind=kind).first()
    if follow_up is not None and follow_up.answer:
        raise ValidationError(MSG_ALREADY_ANSWERED, code="answered")
    if follow_up is not None and follow_up.done_on is not None:
        raise ValidationError(MSG_ALREADY_RECORDED, code="recorded")
    follow_up = follow_up or FollowUp(
        institution_id=participation.institution_id,
        participation=participation,
        kind=kind,
        due_on=follow_up_due_on(exit_item.exit_on, kind),
    )
    before = history.snapshot(follow_up) if follow_up.pk else None
    follow_up.source = FollowUp.Source.PARTICIPANT
    follow_up.channel = channel
    follow_up.answer = answer
    follow_up.answered_at = answered_at
    follow_up.done_on = timezone.localdate(answered_at)
    follow_up.employed = answer in EMPLOYED_ANSWERS
    follow_up.answer_status = FollowUp.AnswerStatus.AWAITING
    follow_up.full_clean()
    follow_up.save()
    history.record(
        actor=None,
        obj=follow_up,
        action=HistoryEntry.Action.UPDATE if before else HistoryEntry.Action.CREATE,
        before=before,
        comment=f"odpowiedź uczestnika ({channel})",
    )
    return follow_up


@transaction.atomic
def confirm_answer(*, actor: Any, follow_up: FollowUp, improved_situation: bool | None = None) -> FollowUp:
    """Staff confirm the person's answer: from now on it counts (a 28-day answer becomes the situation upon
    leaving: a result dated at the latest on the 28th day, so it falls inside the indicators' window)."""
    _check_centre(actor, follow_up)
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("participation__exit").get(pk=follow_up.pk)
    )
    if follow_up.answer_status != FollowUp.AnswerStatus.AWAITING:
        raise ValidationError(MSG_NOT_AWAITING, code="not_awaiting")
    before = history.snapshot(follow_up)
    follow_up.answer_status = FollowUp.AnswerStatus.CONFIRMED
    follow_up.confirmed_by = actor if getattr(actor, "pk", None) else None
    if improved_situation is not None:
        follow_up.improved_situation = improved_situation
    follow_up.full_clean()
    follow_up.save()
    history.record(actor=actor, obj=follow_up, action=HistoryEntry.Action.UPDATE, before=before)
    if follow_up.kind == FollowUp.Kind.DAYS_28:
        participation = follow_up.participation
        achieved_on = min(follow_up.done_on, follow_up.due_on)
        if not Result.objects.filter(
            participation=participation,
            achieved_on__gte=participation.exit.exit_on,
            achieved_on__lte=follow_up.due_on,
            kind=ANSWER_RESULT_KINDS[follow_up.answer],
        ).exists():
            record_result(
                actor=actor,
                participation=participation,
                kind=ANSWER_RESULT_KINDS[follow_up.answer],
                achieved_on=achieved_on,
                evidence=f"odpowiedź uczestnika ({follow_up.get_answer_display()}), {_fmt(follow_up.done_on)}",
            )
    return follow_up


@transaction.atomic
def reject_answer(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    """Staff do not confirm the person's answer: it stays on record, counts nowhere, and the check is open again."""
    _check_centre(actor, follow_up)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.answer_status != FollowUp.AnswerStatus.AWAITING:
        raise ValidationError(MSG_NOT_AWAITING, code="not_awaiting")
    before = history.snapshot(follow_up)
    follow_up.answer_status = FollowUp.AnswerStatus.REJECTED
    follow_up.done_on, follow_up.employed = None, None
    follow_up.full_clean()
    follow_up.save()
    history.record(actor=actor, obj=follow_up, action=HistoryEntry.Action.UPDATE, before=before)
    return follow_up
