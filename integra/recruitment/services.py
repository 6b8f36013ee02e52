"""recruitment: calls, criteria, applications, scoring, ranking and qualification decisions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from integra.core import history
from integra.core.dates import pl_date, refuse_future
from integra.core.models import HistoryEntry, ensure_same_centre
from integra.core.roles import NeedKind
from integra.institutions.models import Membership
from integra.people.models import UNEMPLOYED_STATUSES, Answer, Participant, Sex
from integra.projects.models import Participation, Project
from integra.projects.services import add_participation
from integra.recruitment.models import (
    Application,
    Criterion,
    Decision,
    ManualScore,
    NeedsAssessment,
    RecruitmentCall,
)

CLOSES_BEFORE_OPENING = _("The call cannot close before it opens.")
CAPACITY_BELOW_QUALIFIED = _(
    "The number of places (%(capacity)s) cannot be lower than the number of people already qualified (%(qualified)s)."
)
CAPACITY_NOT_POSITIVE = _("The number of places must be at least 1.")
JUSTIFICATION_REQUIRED = _("Points awarded by hand need a written justification.")
POINTS_ABOVE_MAXIMUM = ngettext_lazy(
    "This criterion allows at most %(max)s point.", "This criterion allows at most %(max)s points.", "max"
)
NOT_A_MANUAL_CRITERION = _("Points can be awarded by hand only for a criterion of the 'awarded by the recruiter' kind.")
ALREADY_APPLIED = _("This person has already applied to this call.")
CALL_CLOSED = _("This call is closed; it takes no more applications.")
APPLIED_OUTSIDE_CALL = _("This call takes applications from %(opens)s to %(closes)s.")
UNKNOWN_NEED = _("Unknown kind of need: %(need)s.")
NO_PLACE = _("No place left (beyond the reserve list).")
FAILED_CONDITIONS = _("Does not meet the required condition: %(conditions)s.")
WITHDRAWN_ALREADY = _("This application has already been withdrawn.")
CRITERION_KIND_RULE = _("A criterion of this kind cannot use this rule.")
CALL_STILL_OPEN = _(
    "The call is still open (until %(closes)s): applicants are qualified once it is closed. "
    "Close the call in the same step (“Close the call”) or wait until it is closed."
)
PLAN_CHANGED = _(
    "The applications changed after the list of changes was shown; nothing was decided. Check the new list."
)
DECIDED_IN_FUTURE = _("The date of the decision cannot be later than today (%(today)s).")
APPLIED_IN_FUTURE = _("The application date cannot be later than today (%(today)s).")
INTERVIEW_IN_FUTURE = _("The home interview is recorded once it has taken place: not after today (%(today)s).")
AWARDED_IN_FUTURE = _("Points cannot be awarded on a later date than today (%(today)s).")


# --- calls and criteria ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_call(
    *,
    actor: Membership,
    project: Project,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    capacity: int,
    reserve_size: int = 0,
    rules: str = "",
    committee: str = "",
    attachment: Any = None,
) -> RecruitmentCall:
    """Open a recruitment call of a project."""
    ensure_same_centre(actor, project)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": CLOSES_BEFORE_OPENING})
    if capacity < 1:
        raise ValidationError({"capacity": CAPACITY_NOT_POSITIVE})
    call = RecruitmentCall(
        institution_id=actor.institution_id,
        project=project,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        capacity=capacity,
        reserve_size=reserve_size,
        rules=rules,
        committee=committee,
    )
    if attachment:
        call.attachment = attachment
    call.full_clean()
    call.save()
    history.record(actor=actor, obj=call, action=HistoryEntry.Action.CREATE, after=_call_snapshot(call))
    return call


def _call_snapshot(call: RecruitmentCall) -> dict[str, Any]:
    data = history.snapshot(call)
    data["attachment"] = call.attachment.name or ""
    return data


REQUIRED_RULES = {
    Criterion.Rule.LIVES_IN_GMINA,
    Criterion.Rule.WORKING_AGE,
    Criterion.Rule.SOCIAL_ASSISTANCE_CLIENT,
    Criterion.Rule.WOMAN,
    Criterion.Rule.DISABILITY,
    Criterion.Rule.LONG_TERM_UNEMPLOYED,
    Criterion.Rule.UNEMPLOYED,
    Criterion.Rule.ELIGIBILITY_GROUP,
    Criterion.Rule.HOMELESS,
}


@transaction.atomic
def add_criterion(
    *,
    actor: Membership,
    call: RecruitmentCall,
    kind: str,
    rule: str,
    label: str,
    points: int = 0,
    params: Mapping[str, Any] | None = None,
) -> Criterion:
    """Add a criterion of one of three kinds to a call."""
    ensure_same_centre(actor, call)
    if (kind == Criterion.Kind.MANUAL) != (rule == Criterion.Rule.HAND):
        raise ValidationError({"rule": CRITERION_KIND_RULE})
    criterion = Criterion(
        institution_id=actor.institution_id,
        call=call,
        kind=kind,
        rule=rule,
        label=label.strip(),
        points=0 if kind == Criterion.Kind.REQUIRED else points,
        params=dict(params or {}),
        order=call.criteria.count() + 1,
    )
    criterion.full_clean()
    criterion.save()
    history.record(actor=actor, obj=criterion, action=HistoryEntry.Action.CREATE)
    return criterion


# --- scoring --------------------------------------------------------------------------------------------------------


def meets_rule(criterion: Criterion, participant: Participant, on: dt.date, centre_gmina: str) -> bool:
    """Whether the person's recorded attributes satisfy one criterion's rule on a day."""
    rule, params = criterion.rule, criterion.params or {}
    if rule == Criterion.Rule.LIVES_IN_GMINA:
        gmina = str(params.get("gmina") or centre_gmina).strip().casefold()
        return bool(gmina) and participant.gmina.strip().casefold() == gmina
    if rule == Criterion.Rule.WORKING_AGE:
        age = participant.age_on(on)
        return int(params.get("min_age", 18)) <= age <= int(params.get("max_age", 64))
    if rule == Criterion.Rule.SOCIAL_ASSISTANCE_CLIENT:
        return participant.social_assistance_since is not None and participant.social_assistance_since <= on
    if rule == Criterion.Rule.WOMAN:
        return participant.sex == Sex.FEMALE
    if rule == Criterion.Rule.DISABILITY:
        return participant.disability == Answer.YES
    if rule == Criterion.Rule.LONG_TERM_UNEMPLOYED:
        return participant.long_term_unemployed
    if rule == Criterion.Rule.UNEMPLOYED:
        return participant.labour_status in UNEMPLOYED_STATUSES
    if rule == Criterion.Rule.HOMELESS:
        return participant.homeless == Answer.YES
    if rule == Criterion.Rule.ELIGIBILITY_GROUP:
        codes = participant.group_codes
        wanted = params.get("group")
        return wanted in codes if wanted else bool(codes)
    return False


@dataclass
class Score:
    points: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def meets_requirements(self) -> bool:
        return not self.failed


def score_application(application: Application, criteria: Iterable[Criterion], centre_gmina: str) -> Score:
    """Points from attributes and from hand, and the required conditions the person fails."""
    score = Score()
    manual = {m.criterion_id: m.points for m in application.manual_scores.all()}
    for criterion in criteria:
        if criterion.kind == Criterion.Kind.MANUAL:
            score.points += manual.get(criterion.pk, 0)
            continue
        met = meets_rule(criterion, application.participant, application.applied_on, centre_gmina)
        if criterion.kind == Criterion.Kind.REQUIRED and not met:
            score.failed.append(criterion.label)
        elif criterion.kind == Criterion.Kind.ATTRIBUTE and met:
            score.points += criterion.points
    return score


def _ranked(call: RecruitmentCall) -> tuple[list[Application], list[Application]]:
    """Points, required conditions and ranks worked out in memory: (every application, eligible in ranking order)."""
    criteria = list(call.criteria.all())
    gmina = call.project.institution.gmina if call.project_id else ""
    applications = list(
        call.applications.select_related("participant", "call__project").prefetch_related(
            "manual_scores", "participant__groups"
        )
    )
    for application in applications:
        score = score_application(application, criteria, gmina)
        application.points = score.points
        application.meets_requirements = score.meets_requirements
        application.failed_requirements = "; ".join(score.failed)[:500]
    eligible = [a for a in applications if a.meets_requirements and a.status != Application.Status.WITHDRAWN]
    eligible.sort(key=lambda a: (-a.points, a.applied_on, a.tie_break is None, a.tie_break or 0, a.pk))
    ranks = {a.pk: i for i, a in enumerate(eligible, start=1)}
    for application in applications:
        application.rank = ranks.get(application.pk)
    return applications, eligible


def rescore_call(call: RecruitmentCall) -> list[Application]:
    """Recompute points, required conditions and ranks; return eligible applications in ranking order."""
    applications, eligible = _ranked(call)
    Application.objects.bulk_update(applications, ["points", "meets_requirements", "failed_requirements", "rank"])
    return eligible


# --- applications ---------------------------------------------------------------------------------------------------


@transaction.atomic
def register_application(
    *,
    actor: Membership,
    call: RecruitmentCall,
    participant: Participant,
    applied_on: dt.date,
    source: str = Application.Source.OWN,
    home_interview_on: dt.date | None = None,
    questionnaire: Mapping[str, Any] | None = None,
    questionnaire_notes: str = "",
    needs: Iterable[str] = (),
) -> Application:
    """Record an application with its questionnaire and needs assessment (one row per need)."""
    ensure_same_centre(actor, call, participant)
    refuse_future(applied_on, field="applied_on", message=APPLIED_IN_FUTURE)
    refuse_future(home_interview_on, field="home_interview_on", message=INTERVIEW_IN_FUTURE)
    if call.status == RecruitmentCall.Status.CLOSED:
        raise ValidationError(CALL_CLOSED, code="call_closed")
    if not call.opens_on <= applied_on <= call.closes_on:
        raise ValidationError(
            {
                "applied_on": ValidationError(
                    APPLIED_OUTSIDE_CALL,
                    code="call_closed",
                    params={"opens": f"{call.opens_on:%d.%m.%Y}", "closes": f"{call.closes_on:%d.%m.%Y}"},
                )
            }
        )
    if call.applications.filter(participant=participant).exists():
        raise ValidationError(ALREADY_APPLIED, code="duplicate")
    needs = list(dict.fromkeys(needs))
    for need in needs:
        if need not in NeedKind.values:
            raise ValidationError(str(UNKNOWN_NEED) % {"need": need})
    application = Application(
        institution_id=actor.institution_id,
        call=call,
        participant=participant,
        applied_on=applied_on,
        source=source,
        home_interview_on=home_interview_on,
        questionnaire=dict(questionnaire or {}),
        questionnaire_notes=questionnaire_notes,
    )
    application.full_clean()
    application.save()
    NeedsAssessment.objects.bulk_create(
        NeedsAssessment(
            institution_id=actor.institution_id,
            participant=participant,
            application=application,
            need=need,
            recorded_on=home_interview_on or applied_on,
        )
        for need in needs
    )
    history.record(actor=actor, obj=application, action=HistoryEntry.Action.CREATE)
    rescore_call(call)
    application.refresh_from_db()
    return application


@transaction.atomic
def award_points(
    *,
    actor: Membership,
    application: Application,
    criterion: Criterion,
    points: int,
    justification: str,
    awarded_on: dt.date,
) -> ManualScore:
    """A recruiter awards points by hand; the written justification is required."""
    ensure_same_centre(actor, application, criterion)
    if criterion.call_id != application.call_id or criterion.kind != Criterion.Kind.MANUAL:
        raise ValidationError(NOT_A_MANUAL_CRITERION)
    refuse_future(awarded_on, field="awarded_on", message=AWARDED_IN_FUTURE)
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": JUSTIFICATION_REQUIRED})
    if points < 0 or points > criterion.points:
        raise ValidationError({"points": str(POINTS_ABOVE_MAXIMUM % {"max": criterion.points})})
    score, created = ManualScore.objects.update_or_create(
        application=application,
        criterion=criterion,
        defaults={
            "institution_id": actor.institution_id,
            "points": points,
            "justification": justification,
            "awarded_by": actor.user,
            "awarded_on": awarded_on,
        },
    )
    history.record(
        actor=actor,
        obj=score,
        action=HistoryEntry.Action.CREATE if created else HistoryEntry.Action.UPDATE,
        before={} if created else {"points": None},
        after={"points": points, "justification": justification},
    )
    rescore_call(application.call)
    return score


@transaction.atomic
def record_tie_break(*, actor: Membership, application: Application, tie_break: int | None) -> Application:
    """The committee's order among applications equal on points and date (lower goes first)."""
    ensure_same_centre(actor, application)
    before = history.snapshot(application, ["tie_break"])
    application.tie_break = tie_break
    application.save(update_fields=["tie_break", "updated_at"])
    history.record(
        actor=actor,
        obj=application,
        action=HistoryEntry.Action.UPDATE,
        before=before,
        after=history.snapshot(application, ["tie_break"]),
    )
    rescore_call(application.call)
    application.refresh_from_db()
    return application


# --- decisions ------------------------------------------------------------------------------------------------------


def _decide(
    *, actor: Membership, application: Application, status: str, reason: str, decided_on: dt.date
) -> Decision | None:
    if application.status == status and application.decision_reason == reason:
        return None
    decision = Decision.objects.create(
        institution_id=application.institution_id,
        application=application,
        decided_on=decided_on,
        from_status=application.status,
        to_status=status,
        rank=application.rank,
        reason=reason[:500],
        decided_by=actor.user,
    )
    application.status = status
    application.decision_reason = reason[:500]
    if status == Application.Status.QUALIFIED and application.participation_id is None:
        project = application.call.project
        # Already taking part (a social worker took the person in with a contract): the same participation, not
        # a re-entry.
        application.participation = Participation.objects.filter(
            project=project, participant=application.participant, status=Participation.Status.ACTIVE
        ).first() or add_participation(
            actor=actor,
            project=project,
            participant=application.participant,
            start_on=min(max(decided_on, project.start_on), project.end_on),
        )
    application.save(update_fields=["status", "decision_reason", "participation", "updated_at"])
    return decision


@dataclass(frozen=True)
class PlannedDecision:
    """One person whose decision a step would change: from the application's status now to `to_status`."""

    application: Application
    to_status: str
    reason: str

    @property
    def from_status(self) -> str:
        return self.application.status

    def get_to_status_display(self) -> str:
        return str(Application.Status(self.to_status).label)


def _plan(
    applications: Sequence[Application], eligible: Sequence[Application], capacity: int, reserve: int
) -> list[PlannedDecision]:
    """Qualified up to capacity and reserve after it, in ranking order; qualified people stay qualified.

    Those failing a required condition are rejected with the conditions as reason. Only changes are listed.
    """
    wanted: list[tuple[Application, str, str]] = []
    free = capacity - sum(1 for a in applications if a.status == Application.Status.QUALIFIED)
    for application in eligible:
        if application.status == Application.Status.QUALIFIED:
            continue
        if free > 0:
            free -= 1
            wanted.append((application, Application.Status.QUALIFIED, ""))
        elif reserve > 0:
            reserve -= 1
            wanted.append((application, Application.Status.RESERVE, ""))
        else:
            wanted.append((application, Application.Status.REJECTED, str(NO_PLACE)))
    for application in applications:
        if not application.meets_requirements and application.status != Application.Status.WITHDRAWN:
            reason = str(FAILED_CONDITIONS) % {"conditions": application.failed_requirements}
            wanted.append((application, Application.Status.REJECTED, reason))
    return [
        PlannedDecision(application=a, to_status=status, reason=reason[:500])
        for a, status, reason in wanted
        if (a.status, a.decision_reason) != (status, reason[:500])
    ]


def plan_signature(plan: Sequence[PlannedDecision]) -> str:
    """A short fingerprint of who changes to what: the confirmation screen sends it back with the decision."""
    changes = sorted(f"{p.application.pk}:{p.from_status}>{p.to_status}" for p in plan)
    return hashlib.sha256(";".join(changes).encode()).hexdigest()[:16]


def preview_decisions(call: RecruitmentCall, *, capacity: int | None = None) -> list[PlannedDecision]:
    """Who deciding the call (or changing its places to `capacity`) would change and how; writes nothing."""
    applications, eligible = _ranked(call)
    if capacity is not None and all(a.status == Application.Status.PENDING for a in applications):
        return []  # before the first decision a change of places decides nobody
    return _plan(applications, eligible, call.capacity if capacity is None else capacity, call.reserve_size)


def _allocate(
    *, actor: Membership, call: RecruitmentCall, decided_on: dt.date, expected_plan: str | None = None
) -> list[Decision]:
    applications, eligible = _ranked(call)
    Application.objects.bulk_update(applications, ["points", "meets_requirements", "failed_requirements", "rank"])
    plan = _plan(applications, eligible, call.capacity, call.reserve_size)
    if expected_plan is not None and plan_signature(plan) != expected_plan:
        raise ValidationError(PLAN_CHANGED, code="plan_changed")
    decisions = [
        _decide(actor=actor, application=p.application, status=p.to_status, reason=p.reason, decided_on=decided_on)
        for p in plan
    ]
    return [d for d in decisions if d is not None]


def _close_call(*, actor: Membership, call: RecruitmentCall) -> None:
    before = history.snapshot(call, ["status"])
    call.status = RecruitmentCall.Status.CLOSED
    call.save(update_fields=["status", "updated_at"])
    after = history.snapshot(call, ["status"])
    history.record(actor=actor, obj=call, action=HistoryEntry.Action.STATUS, before=before, after=after)


def _require_closed(*, actor: Membership, call: RecruitmentCall, close_call: bool) -> None:
    """A decision that changes many people's status waits for the call to close, or closes it in the same step."""
    if call.status != RecruitmentCall.Status.OPEN:
        return
    if not close_call:
        error = ValidationError(CALL_STILL_OPEN, code="call_open", params={"closes": pl_date(call.closes_on)})
        raise ValidationError({"close_call": error})
    _close_call(actor=actor, call=call)


@transaction.atomic
def qualify_applicants(
    *,
    actor: Membership,
    call: RecruitmentCall,
    decided_on: dt.date,
    close_call: bool = False,
    expected_plan: str | None = None,
) -> list[Decision]:
    """Rank the applications and decide: qualified up to capacity, reserve list, rejected with a reason.

    Refused while the call is open unless `close_call` closes it in the same step; with `expected_plan` (the
    signature of the changes the person confirmed) refused if the changes would now differ.
    """
    ensure_same_centre(actor, call)
    refuse_future(decided_on, field="decided_on", message=DECIDED_IN_FUTURE)
    call = RecruitmentCall.objects.select_for_update().get(pk=call.pk)
    _require_closed(actor=actor, call=call, close_call=close_call)
    return _allocate(actor=actor, call=call, decided_on=decided_on, expected_plan=expected_plan)


@transaction.atomic
def raise_capacity(
    *,
    actor: Membership,
    call: RecruitmentCall,
    capacity: int,
    decided_on: dt.date,
    close_call: bool = False,
    expected_plan: str | None = None,
) -> list[Decision]:
    """Change the number of places and promote the reserve list in ranking order.

    Once decisions exist the change decides people again, so it follows `qualify_applicants`' rules.
    """
    ensure_same_centre(actor, call)
    refuse_future(decided_on, field="decided_on", message=DECIDED_IN_FUTURE)
    call = RecruitmentCall.objects.select_for_update().get(pk=call.pk)
    qualified = call.applications.filter(status=Application.Status.QUALIFIED).count()
    if capacity < 1:
        raise ValidationError({"capacity": CAPACITY_NOT_POSITIVE})
    if capacity < qualified:
        raise ValidationError(
            {"capacity": str(CAPACITY_BELOW_QUALIFIED) % {"capacity": capacity, "qualified": qualified}}
        )
    before = history.snapshot(call, ["capacity"])
    call.capacity = capacity
    call.save(update_fields=["capacity", "updated_at"])
    history.record(
        actor=actor,
        obj=call,
        action=HistoryEntry.Action.UPDATE,
        before=before,
        after=history.snapshot(call, ["capacity"]),
    )
    if call.applications.exclude(status=Application.Status.PENDING).exists():
        _require_closed(actor=actor, call=call, close_call=close_call)
        return _allocate(actor=actor, call=call, decided_on=decided_on, expected_plan=expected_plan)
    return []


@transaction.atomic
def withdraw_application(
    *, actor: Membership, application: Application, reason: str, decided_on: dt.date
) -> list[Decision]:
    """A person resigns; the freed place goes to the reserve list in ranking order."""
    ensure_same_centre(actor, application)
    refuse_future(decided_on, field="decided_on", message=DECIDED_IN_FUTURE)
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(WITHDRAWN_ALREADY)
    was_decided = application.status != Application.Status.PENDING
    first = _decide(
        actor=actor,
        application=application,
        status=Application.Status.WITHDRAWN,
        reason=reason.strip(),
        decided_on=decided_on,
    )
    decisions = [first] if first else []
    if was_decided:
        decisions += _allocate(actor=actor, call=application.call, decided_on=decided_on)
    return decisions
