"""casework: social contracts, individual plans, local activity programmes and case notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from integra.casework.models import (
    CaseNote,
    ContractMember,
    ContractModification,
    ContractObligation,
    ContractStage,
    ContractStatusChange,
    IndividualPlan,
    LocalActivityProgramme,
    PlanReview,
    ProgrammeParticipant,
    SocialContract,
)
from integra.core import history
from integra.core.dates import refuse_future, refuse_outside
from integra.core.locking import bump, lock_for_update
from integra.core.models import HistoryEntry, ensure_same_centre
from integra.core.roles import Role
from integra.institutions.models import Membership
from integra.people.models import HouseholdMember, Participant
from integra.projects.models import Participation, Project
from integra.projects.services import add_participation

CONTRACT_END_BEFORE_START = _("The end of the contract cannot be earlier than its start.")
END_BEFORE_START = _("The end date cannot be earlier than the start date.")
NUMBER_TAKEN = _("The centre already has a contract numbered %(number)s.")
DEADLINE_OUTSIDE_CONTRACT = _("The deadline must fall within the contract period (%(start)s – %(end)s).")
NOT_A_SOCIAL_WORKER = _("The contract is concluded by a social worker of the centre.")
REASON_REQUIRED = _("Give the reason.")
TRANSITION_NOT_ALLOWED = _("A contract cannot go from '%(from)s' to '%(to)s'.")
FAMILY_ONLY_IN_A = _("Family members are parties only to a variant A contract.")
MEMBER_OUTSIDE_HOUSEHOLD = _("Family members must belong to the person's household.")
NOT_DRAFT = _("Only a draft contract can be signed.")
SIGNED_AFTER_START = _("The contract cannot start before it is signed.")
STAGE_OF_OTHER_CONTRACT = _("The stage belongs to another contract.")
NOT_A_CAREER_ADVISOR = _("The plan is drawn up by a career advisor of the centre.")
ALREADY_IN_PROGRAMME = _("This person already takes part in the programme.")
JOINED_OUTSIDE_PROGRAMME = _("The date must fall within the programme period (%(start)s – %(end)s).")
NOTE_EMPTY = _("The note is empty.")
SIGNED_IN_FUTURE = _("The contract cannot be signed on a later date than today (%(today)s).")
CHANGED_IN_FUTURE = _("The date of the change cannot be later than today (%(today)s).")
CONTRACT_OUTSIDE_PROJECT = _(
    "The contract must fall within the period of its project (%(start)s – %(end)s); %(date)s is outside it."
)
REVIEWED_IN_FUTURE = _("The date of the review cannot be later than today (%(today)s).")
DRAWN_UP_IN_FUTURE = _("The plan cannot be drawn up on a later date than today (%(today)s).")
NOTE_IN_FUTURE = _("The date of the note cannot be later than today (%(today)s).")

# draft → active → completed | broken | terminated (domain.md §4)
TRANSITIONS = {
    SocialContract.Status.DRAFT: {SocialContract.Status.ACTIVE, SocialContract.Status.TERMINATED},
    SocialContract.Status.ACTIVE: {
        SocialContract.Status.COMPLETED,
        SocialContract.Status.BROKEN,
        SocialContract.Status.TERMINATED,
    },
}
NEEDS_REASON = {SocialContract.Status.BROKEN, SocialContract.Status.TERMINATED}
EDITABLE_CONTRACT_FIELDS = (
    "variant",
    "project",
    "start_on",
    "end_on",
    "next_review_on",
    "assessment",
    "causes",
    "resources",
    "limitations",
    "main_goal",
    "evaluation_method",
    "final_evaluation",
)


def _pl(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_deadline(contract: SocialContract, deadline: dt.date) -> None:
    if not contract.start_on <= deadline <= contract.end_on:
        raise ValidationError(
            {
                "deadline": str(DEADLINE_OUTSIDE_CONTRACT)
                % {"start": _pl(contract.start_on), "end": _pl(contract.end_on)}
            }
        )


def _check_within_project(contract: SocialContract) -> None:
    """A contract of a project lies within the project's period: its start and its end (domain.md §4, §8)."""
    project = contract.project
    if project is None:
        return
    for name in ("start_on", "end_on"):
        refuse_outside(
            getattr(contract, name),
            start=project.start_on,
            end=project.end_on,
            message=CONTRACT_OUTSIDE_PROJECT,
            field=name,
        )


# --- social contracts -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_contract(
    *,
    actor: Membership,
    participant: Participant,
    social_worker: Membership,
    number: str,
    start_on: dt.date,
    end_on: dt.date,
    variant: str = SocialContract.Variant.B,
    project: Project | None = None,
    family_members: Iterable[HouseholdMember] = (),
    **texts: str,
) -> SocialContract:
    """Draw up a contract (a draft until it is signed)."""
    ensure_same_centre(actor, participant, project)
    if social_worker.institution_id != actor.institution_id or social_worker.role != Role.SOCIAL_WORKER:
        raise ValidationError({"social_worker": NOT_A_SOCIAL_WORKER})
    if end_on < start_on:
        raise ValidationError({"end_on": CONTRACT_END_BEFORE_START})
    number = number.strip()
    if SocialContract.objects.for_institution(actor.institution_id).filter(number=number).exists():
        raise ValidationError({"number": str(NUMBER_TAKEN) % {"number": number}})
    family_members = list(family_members)
    if family_members and variant != SocialContract.Variant.A:
        raise ValidationError(FAMILY_ONLY_IN_A)
    for member in family_members:
        if participant.household_id is None or member.household_id != participant.household_id:
            raise ValidationError(MEMBER_OUTSIDE_HOUSEHOLD)
    unknown = set(texts) - set(EDITABLE_CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contract fields: {sorted(unknown)}")
    contract = SocialContract(
        institution_id=actor.institution_id,
        participant=participant,
        social_worker=social_worker,
        number=number,
        variant=variant,
        project=project,
        start_on=start_on,
        end_on=end_on,
        household_id=participant.household_id if variant == SocialContract.Variant.A else None,
        **texts,
    )
    _check_within_project(contract)
    contract.full_clean()
    contract.save()
    ContractMember.objects.bulk_create(
        ContractMember(institution_id=actor.institution_id, contract=contract, household_member=m)
        for m in family_members
    )
    history.record(actor=actor, obj=contract, action=HistoryEntry.Action.CREATE)
    return contract


def _status_change(
    *,
    actor: Membership,
    contract: SocialContract,
    to_status: str,
    changed_on: dt.date,
    reason: str = "",
    decision: str = "",
) -> ContractStatusChange:
    change = ContractStatusChange.objects.create(
        institution_id=contract.institution_id,
        contract=contract,
        changed_on=changed_on,
        from_status=contract.status,
        to_status=to_status,
        reason=reason,
        decision=decision,
        author=actor.user,
    )
    before = history.snapshot(contract, ["status", "status_changed_on"])
    contract.status = to_status
    contract.status_changed_on = changed_on
    bump(contract)
    contract.save()
    history.record(
        actor=actor,
        obj=contract,
        action=HistoryEntry.Action.STATUS,
        before=before,
        after=history.snapshot(contract, ["status", "status_changed_on"]),
        comment=reason,
    )
    return change


@transaction.atomic
def sign_contract(*, actor: Membership, contract: SocialContract, signed_on: dt.date) -> SocialContract:
    """Both parties sign: the contract becomes active."""
    ensure_same_centre(actor, contract)
    refuse_future(signed_on, field="signed_on", message=SIGNED_IN_FUTURE)
    contract = lock_for_update(SocialContract, contract.pk, None)
    if contract.status != SocialContract.Status.DRAFT:
        raise ValidationError(NOT_DRAFT)
    if signed_on > contract.start_on:
        raise ValidationError({"signed_on": SIGNED_AFTER_START})
    contract.signed_on = signed_on
    _status_change(actor=actor, contract=contract, to_status=SocialContract.Status.ACTIVE, changed_on=signed_on)
    return contract


@transaction.atomic
def change_status(
    *,
    actor: Membership,
    contract: SocialContract,
    to_status: str,
    changed_on: dt.date,
    reason: str = "",
    decision: str = "",
    final_evaluation: str = "",
) -> ContractStatusChange:
    """Complete, break or terminate a contract with a date and reason; a breach stays recorded for good."""
    ensure_same_centre(actor, contract)
    refuse_future(changed_on, field="changed_on", message=CHANGED_IN_FUTURE)
    contract = lock_for_update(SocialContract, contract.pk, None)
    if to_status not in TRANSITIONS.get(contract.status, set()):
        raise ValidationError(
            str(TRANSITION_NOT_ALLOWED)
            % {"from": contract.get_status_display(), "to": SocialContract.Status(to_status).label}
        )
    reason = reason.strip()
    if to_status in NEEDS_REASON and not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if final_evaluation.strip():
        contract.final_evaluation = final_evaluation.strip()
    return _status_change(
        actor=actor,
        contract=contract,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason,
        decision=decision.strip(),
    )


@transaction.atomic
def modify_contract(
    *,
    actor: Membership,
    contract: SocialContract,
    changes: Mapping[str, Any],
    reason: str,
    modified_on: dt.date,
    expected_version: int | None,
) -> SocialContract:
    """Change a contract (e.g. extend it); the change and its reason are kept as history."""
    ensure_same_centre(actor, contract, changes.get("project"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    refuse_future(modified_on, field="modified_on", message=CHANGED_IN_FUTURE)
    unknown = set(changes) - set(EDITABLE_CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contract fields: {sorted(unknown)}")
    contract = lock_for_update(SocialContract, contract.pk, expected_version)
    before = history.snapshot(contract)
    for name, value in changes.items():
        setattr(contract, name, value)
    if contract.end_on < contract.start_on:
        raise ValidationError({"end_on": CONTRACT_END_BEFORE_START})
    outside = contract.stages.exclude(deadline__range=(contract.start_on, contract.end_on)).exists() or (
        contract.obligations.exclude(deadline__range=(contract.start_on, contract.end_on)).exists()
    )
    if outside:
        raise ValidationError(
            {"end_on": str(DEADLINE_OUTSIDE_CONTRACT) % {"start": _pl(contract.start_on), "end": _pl(contract.end_on)}}
        )
    _check_within_project(contract)
    contract.full_clean()
    after = history.snapshot(contract)
    diff = history.diff(before, after)
    if not diff:
        return contract
    bump(contract)
    contract.save()
    ContractModification.objects.create(
        institution_id=contract.institution_id,
        contract=contract,
        modified_on=modified_on,
        reason=reason,
        changes=diff,
        author=actor.user,
    )
    history.record(
        actor=actor, obj=contract, action=HistoryEntry.Action.UPDATE, before=before, after=after, comment=reason
    )
    return contract


@transaction.atomic
def add_stage(*, actor: Membership, contract: SocialContract, goal: str, deadline: dt.date) -> ContractStage:
    """A stage with its specific goal; its deadline lies within the contract period."""
    ensure_same_centre(actor, contract)
    _check_deadline(contract, deadline)
    stage = ContractStage(
        institution_id=contract.institution_id,
        contract=contract,
        goal=goal.strip(),
        deadline=deadline,
        order=contract.stages.count() + 1,
    )
    stage.full_clean()
    stage.save()
    history.record(actor=actor, obj=stage, action=HistoryEntry.Action.CREATE)
    return stage


@transaction.atomic
def add_obligation(
    *, actor: Membership, stage: ContractStage, party: str, action: str, deadline: dt.date
) -> ContractObligation:
    """An action one party commits to, with a deadline within the contract period."""
    ensure_same_centre(actor, stage)
    contract = stage.contract
    _check_deadline(contract, deadline)
    obligation = ContractObligation(
        institution_id=contract.institution_id,
        contract=contract,
        stage=stage,
        party=party,
        action=action.strip(),
        deadline=deadline,
    )
    obligation.full_clean()
    obligation.save()
    history.record(actor=actor, obj=obligation, action=HistoryEntry.Action.CREATE)
    return obligation


def _renamed(exc: ValidationError, names: Mapping[str, str]) -> ValidationError:
    """A part's refusal with its fields named as on the screen that composed the parts."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(name, name): errors for name, errors in exc.error_dict.items()})


@transaction.atomic
def admit_with_contract(
    *,
    actor: Membership,
    participant: Participant,
    project: Project,
    social_worker: Membership,
    number: str,
    start_on: dt.date,
    end_on: dt.date,
    stage_goal: str,
    stage_deadline: dt.date,
    obligation: str,
    signed_on: dt.date | None = None,
    **texts: str,
) -> SocialContract:
    """The social worker's path from the person's page in one step (domain.md §2, §4: the contract is the condition
    of taking part): the person joins the project from the contract's start (a participation already running is
    kept), the contract of the project is drawn up with its first stage and the person's obligation in it and,
    with a signing date, signed. Each part is the service of its own screen; all of it or nothing is written."""
    ensure_same_centre(actor, participant, project)
    running = Participation.objects.filter(
        project=project, participant=participant, status=Participation.Status.ACTIVE
    ).exists()
    if not running:
        add_participation(actor=actor, project=project, participant=participant, start_on=start_on)
    contract = create_contract(
        actor=actor,
        participant=participant,
        social_worker=social_worker,
        number=number,
        start_on=start_on,
        end_on=end_on,
        project=project,
        **texts,
    )
    try:
        stage = add_stage(actor=actor, contract=contract, goal=stage_goal, deadline=stage_deadline)
        add_obligation(
            actor=actor,
            stage=stage,
            party=ContractObligation.Party.PARTICIPANT,
            action=obligation,
            deadline=stage_deadline,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"deadline": "stage_deadline", "goal": "stage_goal", "action": "obligation"}) from exc
    if signed_on is not None:
        contract = sign_contract(actor=actor, contract=contract, signed_on=signed_on)
    return contract


# --- individual plans (IPD) -----------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    actor: Membership,
    participant: Participant,
    career_advisor: Membership,
    drawn_up_on: dt.date,
    start_on: dt.date,
    end_on: dt.date,
    goals: str,
    planned_instruments: Iterable[str] = (),
    project: Project | None = None,
    next_review_on: dt.date | None = None,
) -> IndividualPlan:
    """The career advisor draws up an individual action plan with the person."""
    ensure_same_centre(actor, participant, project)
    if career_advisor.institution_id != actor.institution_id or career_advisor.effective_specialty != "career_advisor":
        raise ValidationError({"career_advisor": NOT_A_CAREER_ADVISOR})
    if end_on < start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    refuse_future(drawn_up_on, field="drawn_up_on", message=DRAWN_UP_IN_FUTURE)
    plan = IndividualPlan(
        institution_id=actor.institution_id,
        participant=participant,
        project=project,
        career_advisor=career_advisor,
        drawn_up_on=drawn_up_on,
        start_on=start_on,
        end_on=end_on,
        goals=goals.strip(),
        planned_instruments=[c.strip() for c in planned_instruments if c.strip()],
        next_review_on=next_review_on,
    )
    plan.full_clean()
    plan.save()
    history.record(actor=actor, obj=plan, action=HistoryEntry.Action.CREATE)
    return plan


@transaction.atomic
def review_plan(
    *, actor: Membership, plan: IndividualPlan, reviewed_on: dt.date, notes: str, next_review_on: dt.date | None = None
) -> PlanReview:
    """Record a review of the plan and when the next one is due."""
    ensure_same_centre(actor, plan)
    if not notes.strip():
        raise ValidationError({"notes": NOTE_EMPTY})
    refuse_future(reviewed_on, field="reviewed_on", message=REVIEWED_IN_FUTURE)
    review = PlanReview.objects.create(
        institution_id=plan.institution_id, plan=plan, reviewed_on=reviewed_on, notes=notes.strip(), author=actor.user
    )
    before = history.snapshot(plan, ["next_review_on"])
    plan.next_review_on = next_review_on
    bump(plan)
    plan.save()
    history.record(
        actor=actor,
        obj=plan,
        action=HistoryEntry.Action.UPDATE,
        before=before,
        after=history.snapshot(plan, ["next_review_on"]),
        comment="review",
    )
    return review


# --- local activity programmes (PAL) --------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    actor: Membership,
    title: str,
    goals: str,
    start_on: dt.date,
    end_on: dt.date,
    project: Project | None = None,
    coordinator: Membership | None = None,
) -> LocalActivityProgramme:
    """Open a local activity programme for a group."""
    ensure_same_centre(actor, project, coordinator)
    if end_on < start_on:
        raise ValidationError({"end_on": END_BEFORE_START})
    programme = LocalActivityProgramme(
        institution_id=actor.institution_id,
        project=project,
        title=title.strip(),
        goals=goals.strip(),
        start_on=start_on,
        end_on=end_on,
        coordinator=coordinator,
    )
    programme.full_clean()
    programme.save()
    history.record(actor=actor, obj=programme, action=HistoryEntry.Action.CREATE)
    return programme


@transaction.atomic
def add_programme_participant(
    *, actor: Membership, programme: LocalActivityProgramme, participant: Participant, joined_on: dt.date
) -> ProgrammeParticipant:
    """A person joins a PAL group."""
    ensure_same_centre(actor, programme, participant)
    if programme.memberships.filter(participant=participant).exists():
        raise ValidationError(ALREADY_IN_PROGRAMME)
    if not programme.start_on <= joined_on <= programme.end_on:
        raise ValidationError(
            {
                "joined_on": str(JOINED_OUTSIDE_PROGRAMME)
                % {"start": _pl(programme.start_on), "end": _pl(programme.end_on)}
            }
        )
    row = ProgrammeParticipant.objects.create(
        institution_id=actor.institution_id, programme=programme, participant=participant, joined_on=joined_on
    )
    history.record(actor=actor, obj=row, action=HistoryEntry.Action.CREATE)
    return row


# --- case notes -----------------------------------------------------------------------------------------------------


@transaction.atomic
def add_case_note(*, actor: Membership, participant: Participant, written_on: dt.date, text: str) -> CaseNote:
    """A dated note; it carries the author's specialty, which decides who else may read it."""
    ensure_same_centre(actor, participant)
    if not text.strip():
        raise ValidationError({"text": NOTE_EMPTY})
    refuse_future(written_on, field="written_on", message=NOTE_IN_FUTURE)
    note = CaseNote(
        institution_id=actor.institution_id,
        participant=participant,
        author=actor,
        specialty=actor.effective_specialty or "social_worker",
        written_on=written_on,
        text=text.strip(),
    )
    note.full_clean()
    note.save()
    history.record(actor=actor, obj=note, action=HistoryEntry.Action.CREATE, after={"written_on": str(written_on)})
    return note
