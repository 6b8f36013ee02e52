"""What works: which instruments go with better outcomes in a centre's own data (an association, not a cause).

The per-person data come from a handful of aggregate queries (`values()` → numpy arrays), never one
query per person, so a region of 200,000 participants stays a few seconds on PostgreSQL.

Definitions (README.md):
- participants: people with a participation in the scope (project / club's projects / centre / region)
  overlapping the period; a person counts once (first start, last exit).
- received an instrument: attended (present) at least `Setting.received_share` of the planned hours
  of one of its activities in the scope (planned hours 0 → the activity's scheduled session hours),
  or had at least one individual consultation with it (or, for a group, of a specialty in the group).
- outcomes: job_28d / job_3m — an employment or self-employment result dated from the start of the
  participation to 28 days / 3 months after exit (or a 3-month follow-up "employed"), among people who
  have exited; social_progress / qualification — such a result from the start up to 28 days after exit,
  among everyone in the scope.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, CharField, F, Min, Q, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from integra.core.roles import Role, Specialty
from integra.outcomes.models import EMPLOYMENT_KINDS, FollowUp, Result, ResultKind
from integra.outcomes.services import add_months
from integra.planning.diagnosis import age_band
from integra.planning.models import ParticipantNeed, Setting
from integra.planning.stats import adjusted_odds_ratio, wilson
from integra.projects.models import Participation
from integra.recruitment.models import NeedsAssessment
from integra.support.models import (
    SPECIALTY_GROUP,
    Activity,
    Attendance,
    Consultation,
    Instrument,
    InstrumentGroup,
    Session,
)

if TYPE_CHECKING:  # heavy libraries are imported where they are used (docs/DEVELOPING.md)
    import numpy as np

OUTCOMES = ("job_28d", "job_3m", "social_progress", "qualification")
JOB_OUTCOMES = ("job_28d", "job_3m")
SMALL_GROUP = 10
SUPPRESS_BELOW = 3
NO_PARTICIPANTS = _("There are no participants in this scope and period.")
NO_OUTCOMES = _("Nobody in this scope has the chosen outcome recorded yet, so nothing can be compared.")
NO_EXITS = _("Nobody in this scope has left yet; job outcomes are counted after exit.")
CAVEAT = _(
    "These figures show an association in the centre's own data, not proof of cause: people who received "
    "an instrument may differ from those who did not in ways the records do not show."
)
EDUCATION_LEVEL = {
    "isced0": "low",
    "isced1": "low",
    "isced2": "low",
    "isced3": "mid",
    "isced4": "mid",
    "isced5_8": "high",
}


@dataclass
class Scope:
    kind: str  # project | club | centre | region
    label: str
    centre_ids: list[int]
    project_id: int | None = None
    club_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def suppress(self) -> bool:
        """Regional figures hide small counts (never a person)."""
        return self.kind == "region"

    def participations(self):
        rows = Participation.objects.filter(institution_id__in=self.centre_ids)
        if self.project_id:
            rows = rows.filter(project_id=self.project_id)
        if self.club_id:
            rows = rows.filter(project__club_id=self.club_id)
        if self.date_from or self.date_to:
            rows = rows.running_between(self.date_from or dt.date.min, self.date_to or dt.date.max)
        return rows

    def activities(self):
        rows = Activity.objects.filter(institution_id__in=self.centre_ids)
        if self.project_id:
            rows = rows.filter(project_id=self.project_id)
        if self.club_id:
            rows = rows.filter(Q(club_id=self.club_id) | Q(project__club_id=self.club_id))
        return rows

    def consultations(self):
        rows = Consultation.objects.filter(institution_id__in=self.centre_ids)
        if self.project_id:
            rows = rows.filter(Q(project_id=self.project_id) | Q(activity__project_id=self.project_id))
        if self.club_id:
            rows = rows.filter(Q(project__club_id=self.club_id) | Q(activity__club_id=self.club_id))
        return self.in_period(rows, "date")

    def in_period(self, rows, field_name: str):
        if self.date_from:
            rows = rows.filter(**{f"{field_name}__gte": self.date_from})
        if self.date_to:
            rows = rows.filter(**{f"{field_name}__lte": self.date_to})
        return rows


@dataclass
class Element:
    code: str
    name: str
    group: str
    received: int
    with_outcome: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    rate_not_received: float | None
    odds_ratio: float | None
    or_ci_low: float | None
    or_ci_high: float | None
    small_group: bool
    is_group: bool = False

    def as_json(self) -> dict:
        return {
            "instrument": None if self.is_group else self.code,
            "name": self.name,
            "group": self.group,
            "received": self.received,
            "with_outcome": self.with_outcome,
            "rate": self.rate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "rate_not_received": self.rate_not_received,
            "odds_ratio": self.odds_ratio,
            "or_ci_low": self.or_ci_low,
            "or_ci_high": self.or_ci_high,
            "small_group": self.small_group,
        }


@dataclass
class DemandRow:
    specialty: str
    label: str
    needing: int | None
    served: int | None
    hours: Decimal
    median_wait_days: float | None

    def as_json(self) -> dict:
        return {
            "specialty": self.specialty,
            "needing": self.needing,
            "served": self.served,
            "hours": f"{self.hours:.2f}",
            "median_wait_days": self.median_wait_days,
        }


@dataclass
class WhatWorks:
    scope: Scope
    outcome: str
    participants: int | None
    baseline_rate: float | None
    elements: list[Element] = field(default_factory=list)
    demand: list[DemandRow] = field(default_factory=list)
    message: str = ""

    def as_json(self) -> dict:
        return {
            "scope": {
                "kind": self.scope.kind,
                "code": self.scope.label,
                "from": self.scope.date_from.isoformat() if self.scope.date_from else None,
                "to": self.scope.date_to.isoformat() if self.scope.date_to else None,
            },
            "outcome": self.outcome,
            "participants": self.participants,
            "baseline_rate": self.baseline_rate,
            "elements": [e.as_json() for e in self.elements],
            "demand": [d.as_json() for d in self.demand],
            **({"message": str(self.message)} if self.message else {}),
        }


# --- per-person data ---------------------------------------------------------------------------


@dataclass
class People:
    ids: np.ndarray
    index: dict[int, int]
    exited: np.ndarray
    covariates: list[np.ndarray]
    start: dict[int, dt.date]


def _codes(values: list) -> np.ndarray:
    """Integer codes of a categorical column (order of first appearance)."""
    import numpy as np

    mapping: dict = {}
    return np.fromiter((mapping.setdefault(v, len(mapping)) for v in values), dtype=np.int64, count=len(values))


def _people(scope: Scope) -> tuple[People, dict[int, tuple[int, dt.date, dt.date | None]]]:
    """One row per person (first start, last exit) and the participations behind them."""
    import numpy as np

    rows = scope.participations().values_list(
        "id",
        "participant_id",
        "start_on",
        "exit__exit_on",
        "participant__sex",
        "participant__birth_date",
        "participant__disability",
        "participant__long_term_unemployed",
        "participant__education",
    )
    first: dict[int, list] = {}
    participations: dict[int, tuple[int, dt.date, dt.date | None]] = {}
    for pid, person, start, exit_on, sex, birth, disability, ltu, education in rows:
        participations[pid] = (person, start, exit_on)
        row = first.get(person)
        if row is None:
            first[person] = [start, exit_on, sex, birth, disability, ltu, education]
        else:
            row[0] = min(row[0], start)
            row[1] = max(row[1], exit_on) if row[1] and exit_on else (row[1] or exit_on)
    ids = np.array(sorted(first), dtype=np.int64)
    data = [first[int(i)] for i in ids]
    # Categories as small integer codes, computed once: every model fit groups by them.
    covariates = [
        _codes([r[2] for r in data]),
        _codes([age_band(r[3], r[0]) for r in data]),
        _codes([r[4] for r in data]),
        _codes([bool(r[5]) for r in data]),
        _codes([EDUCATION_LEVEL.get(r[6], "unknown") for r in data]),
    ]
    people = People(
        ids=ids,
        index={int(p): n for n, p in enumerate(ids)},
        exited=np.array([r[1] is not None for r in data], dtype=bool),
        covariates=covariates,
        start={int(i): r[0] for i, r in zip(ids, data, strict=True)},
    )
    return people, participations


def _outcome(scope: Scope, outcome: str, people: People, participations: dict) -> np.ndarray:
    """Whether each person has the outcome (one query for results, one for follow-ups)."""
    import numpy as np

    has = np.zeros(len(people.ids), dtype=bool)
    kinds = {
        "job_28d": EMPLOYMENT_KINDS,
        "job_3m": EMPLOYMENT_KINDS,
        "social_progress": (ResultKind.SOCIAL_PROGRESS,),
        "qualification": (ResultKind.QUALIFICATION,),
    }[outcome]
    results = Result.objects.filter(participation_id__in=scope.participations().values("id"), kind__in=kinds)
    for pid, achieved in results.values_list("participation_id", "achieved_on"):
        person, start, exit_on = participations[pid]
        if outcome == "job_3m":
            ok = exit_on is not None and start <= achieved <= add_months(exit_on, 3)
        elif outcome == "job_28d":
            ok = exit_on is not None and start <= achieved <= exit_on + dt.timedelta(days=28)
        else:
            ok = start <= achieved and (exit_on is None or achieved <= exit_on + dt.timedelta(days=28))
        if ok:
            has[people.index[person]] = True
    if outcome == "job_3m":
        follow = FollowUp.objects.filter(
            participation_id__in=scope.participations().values("id"),
            kind=FollowUp.Kind.MONTHS_3,
            employed=True,
            answer_status__in=(FollowUp.AnswerStatus.NONE, FollowUp.AnswerStatus.CONFIRMED),
        )
        for pid in follow.values_list("participation_id", flat=True):
            has[people.index[participations[pid][0]]] = True
    return has


def _received(scope: Scope, people: People, share: Decimal) -> tuple[dict[int, np.ndarray], dict[str, np.ndarray]]:
    """Who received each instrument and each instrument group (three aggregate queries)."""
    import numpy as np

    activities = scope.activities()
    planned = {
        pk: (instrument, hours, minutes or 0)
        for pk, instrument, hours, minutes in activities.annotate(
            scheduled=Sum("sessions__duration_minutes")
        ).values_list("id", "instrument_id", "planned_hours", "scheduled")
    }
    present = Attendance.objects.filter(institution_id__in=scope.centre_ids, status=Attendance.Status.PRESENT)
    if scope.project_id or scope.club_id:  # a whole centre or region needs no join to its activities
        present = present.filter(session__activity__in=activities)
    attended = (
        scope.in_period(present, "session__date")
        .values("participant_id", "session__activity_id")
        .annotate(minutes=Sum("session__duration_minutes"))
    )
    by_instrument: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(len(people.ids), dtype=bool))
    by_group: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(people.ids), dtype=bool))
    groups = dict(Instrument.objects.values_list("id", "group"))
    for row in attended:
        n = people.index.get(row["participant_id"])
        instrument, hours, scheduled = planned[row["session__activity_id"]]
        required = Decimal(hours) * 60 * share if hours else Decimal(scheduled) * share
        if n is not None and Decimal(row["minutes"]) >= required:
            by_instrument[instrument][n] = True
            by_group[groups[instrument]][n] = True
    consulted = (
        scope.consultations()
        .values_list("participant_id", "instrument_id", "activity__instrument_id", "specialty")
        .distinct()
    )
    for person, instrument, activity_instrument, specialty in consulted:
        n = people.index.get(person)
        if n is None:
            continue
        chosen = instrument or activity_instrument
        if chosen:
            by_instrument[chosen][n] = True
            by_group[groups[chosen]][n] = True
        else:
            by_group[SPECIALTY_GROUP.get(specialty, InstrumentGroup.SOCIAL)][n] = True
    return dict(by_instrument), dict(by_group)


def _element(code, name, group, received, outcome, eligible, covariates, is_group=False) -> Element:
    got = received & eligible
    not_got = ~received & eligible
    n1, k1 = int(got.sum()), int((got & outcome).sum())
    n0, k0 = int(not_got.sum()), int((not_got & outcome).sum())
    low, high = wilson(k1, n1)
    small = n1 < SMALL_GROUP
    ratio = (
        None
        if small or n0 < SMALL_GROUP
        else adjusted_odds_ratio(received[eligible], outcome[eligible], [c[eligible] for c in covariates])
    )
    return Element(
        code=code,
        name=name,
        group=group,
        received=n1,
        with_outcome=k1,
        rate=k1 / n1 if n1 else None,
        ci_low=low,
        ci_high=high,
        rate_not_received=k0 / n0 if n0 else None,
        odds_ratio=ratio.value if ratio else None,
        or_ci_low=ratio.low if ratio else None,
        or_ci_high=ratio.high if ratio else None,
        small_group=small,
        is_group=is_group,
    )


def _suppressed(element: Element) -> Element:
    """Regional view: an element with fewer than 3 people received or with the outcome shows no figures."""
    if (
        element.received >= SUPPRESS_BELOW
        and element.with_outcome >= SUPPRESS_BELOW
        and (element.received - element.with_outcome >= SUPPRESS_BELOW)
    ):
        return element
    return Element(
        element.code,
        element.name,
        element.group,
        None,
        None,
        None,
        None,
        None,  # type: ignore[arg-type]
        element.rate_not_received,
        None,
        None,
        None,
        True,
        element.is_group,
    )


# --- demand ------------------------------------------------------------------------------------


def _specialty_of(prefix: str) -> Case:
    return Case(
        When(**{f"{prefix}specialty__gt": ""}, then=F(f"{prefix}specialty")),
        When(**{f"{prefix}role": Role.SOCIAL_WORKER}, then=Value(Specialty.SOCIAL_WORKER)),
        default=Value(""),
        output_field=CharField(),
    )


def _demand(scope: Scope, people: People) -> list[DemandRow]:
    """Per specialty: people needing, people served, hours delivered, median days from need to first service."""
    in_scope = set(people.index)
    need_on: dict[str, dict[int, dt.date]] = defaultdict(dict)
    for model in (NeedsAssessment, ParticipantNeed):
        rows = model.objects.filter(institution_id__in=scope.centre_ids, need__in=Specialty.values)
        if scope.date_to:
            rows = rows.filter(recorded_on__lte=scope.date_to)
        for person, need, first in (
            rows.values("participant_id", "need")
            .annotate(first=Min("recorded_on"))
            .values_list("participant_id", "need", "first")
        ):
            if person in in_scope and (person not in need_on[need] or first < need_on[need][person]):
                need_on[need][person] = first
    first_service: dict[str, dict[int, dt.date]] = defaultdict(dict)
    hours: dict[str, Decimal] = defaultdict(Decimal)
    consultations = scope.consultations()
    for person, specialty, first, minutes in (
        consultations.values("participant_id", "specialty")
        .annotate(first=Min("date"), minutes=Sum("duration_minutes"))
        .values_list("participant_id", "specialty", "first", "minutes")
    ):
        if person in in_scope:
            first_service[specialty][person] = first
            hours[specialty] += Decimal(minutes) / 60
    # Sessions run by a specialist (the session's staff member, else the activity's provider), found first:
    # the attendance of the other sessions never needs to be read.
    run_by_specialist = (
        scope.in_period(Session.objects.filter(activity__in=scope.activities()), "date")
        .annotate(
            spec=Case(
                When(staff__isnull=False, then=_specialty_of("staff__")),
                default=_specialty_of("activity__provider__"),
                output_field=CharField(),
            )
        )
        .exclude(spec="")
    )
    spec_sessions = {
        pk: (spec, day, minutes)
        for pk, spec, day, minutes in run_by_specialist.values_list("id", "spec", "date", "duration_minutes")
    }
    if spec_sessions:
        served_sessions: set[int] = set()
        present = Attendance.objects.filter(
            session__in=run_by_specialist.values("id"),
            status=Attendance.Status.PRESENT,
        ).values_list("participant_id", "session_id")
        for person, session_id in present.iterator(chunk_size=10_000):
            if person not in in_scope or session_id not in spec_sessions:
                continue
            specialty, day, _minutes = spec_sessions[session_id]
            served_sessions.add(session_id)
            known = first_service[specialty].get(person)
            first_service[specialty][person] = min(known, day) if known else day
        for session_id in served_sessions:
            specialty, _day, minutes = spec_sessions[session_id]
            hours[specialty] += Decimal(minutes) / 60
    rows = []
    for code, label in Specialty.choices:
        waits = [
            max((first_service[code][p] - need).days, 0)
            for p, need in need_on[code].items()
            if p in first_service[code]
        ]
        rows.append(
            DemandRow(
                specialty=code,
                label=str(label),
                needing=len(need_on[code]),
                served=len(first_service[code]),
                hours=hours[code].quantize(Decimal("0.01")),
                median_wait_days=float(statistics.median(waits)) if waits else None,
            )
        )
    if scope.suppress:
        for row in rows:
            row.needing = row.needing if row.needing is None or row.needing >= SUPPRESS_BELOW else None
            row.served = row.served if row.served is None or row.served >= SUPPRESS_BELOW else None
            if row.needing is None:
                row.median_wait_days = None
    return rows


# --- the report --------------------------------------------------------------------------------


def analyse(scope: Scope, outcome: str = "job_3m", share: Decimal | None = None) -> WhatWorks:
    """What works in a scope for one outcome."""
    import numpy as np

    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    share = share if share is not None else Setting.current().received_share
    people, participations = _people(scope)
    report = WhatWorks(scope=scope, outcome=outcome, participants=len(people.ids), baseline_rate=None)
    if not len(people.ids):
        report.message = NO_PARTICIPANTS
        return report
    report.demand = _demand(scope, people)
    eligible = people.exited if outcome in JOB_OUTCOMES else np.ones(len(people.ids), dtype=bool)
    if not eligible.any():
        report.message = NO_EXITS
        return report
    has = _outcome(scope, outcome, people, participations)
    report.baseline_rate = float(has[eligible].mean())
    if not has[eligible].any():
        report.message = NO_OUTCOMES
    by_instrument, by_group = _received(scope, people, share)
    instruments = Instrument.objects.filter(pk__in=list(by_instrument)).values_list("id", "code", "name", "group")
    for pk, code, name, group in sorted(instruments, key=lambda r: (r[3], r[2])):
        report.elements.append(_element(code, name, group, by_instrument[pk], has, eligible, people.covariates))
    for group, label in InstrumentGroup.choices:
        if group in by_group:
            report.elements.append(
                _element(group, str(label), group, by_group[group], has, eligible, people.covariates, True)
            )
    if scope.suppress:
        report.elements = [_suppressed(e) for e in report.elements]
        if report.participants is not None and report.participants < SUPPRESS_BELOW:
            report.participants = None
    return report
