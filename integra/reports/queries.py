"""Report reads: effectiveness, project summary, club and centre annual reports, regional aggregates.

Every figure is counted from the records (participations, contracts, enrolments, results...) with
aggregate SQL; JSON keys are documented in docs/reports.md and stable.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.casework.models import IndividualPlan, LocalActivityProgramme, SocialContract
from integra.core.collation import polish
from integra.finance.queries import budget_status
from integra.institutions.models import Club, Institution, Membership
from integra.outcomes.models import EMPLOYMENT_KINDS, JOB_KINDS, Result, ResultKind
from integra.people.models import Answer, EligibilityGroup, Household, Participant, ParticipantGroup, Sex
from integra.projects.models import IssuedLetter, LetterTemplate, Participation, Project, ProjectCount
from integra.recruitment.models import Application, RecruitmentCall
from integra.reports.indicators import (
    INDICATOR_SETS,
    PERIOD_2021_2027,
    age_at,
    compute_indicators,
    no_data_counts,
    project_participations,
)
from integra.support.models import (
    Activity,
    ActivityKind,
    CommunityWork,
    Enrolment,
    Event,
    EventParticipant,
    FamilyAssistantVisit,
    Internship,
    Referral,
)

DRIVING_LICENCE_MARKER = "prawo jazdy"  # a course or qualification whose name says it is a driving licence
EMPLOYMENT_WINDOW_MONTHS = 3  # Polish employment effectiveness: a job within 3 months after leaving
SUPPRESSED = "<3"
# A count of 3 or more withheld so that a "<3" of its line cannot be worked out from the line's total (GUS marks
# figures withheld for statistical confidentiality with „#”).
WITHHELD = "#"
SMALL_COUNT = 3
UNDER_30 = 30
AGE_50 = 50

NO_SET_FOR_PERIOD = _("No EU indicator set is defined for the programming period %(period)s.")


def unanswered_sensitive(project: Project) -> dict[str, int]:
    """People of the project with no answer recorded, per special-category indicator (one query)."""
    return no_data_counts(project_participations(project), project.programme_period)


def latest_year_with_data(institution_id: int) -> int | None:
    """The latest year (not after this one) in which the centre had participants: dashboards open on it.

    Read from the centre's dated counts (integra.projects.counts) instead of every participation: the latest
    entry and exit up to the end of this year, and whether someone who entered by then exits only later.
    """
    this_year = timezone.localdate().year
    figure = ProjectCount.Figure
    dated = ProjectCount.objects.filter(
        institution_id=institution_id,
        figure__in=[figure.ENTRY, figure.OPEN, figure.EXIT],
        value__lte=dt.date(this_year, 12, 31).isoformat(),
    )
    got = dated.aggregate(
        start=Max("value", filter=Q(figure=figure.ENTRY)),
        end=Max("value", filter=Q(figure=figure.EXIT)),
        entered=Sum("count", filter=Q(figure=figure.ENTRY)),
        still_open=Sum("count", filter=Q(figure=figure.OPEN)),
        exited=Sum("count", filter=Q(figure=figure.EXIT)),
    )
    if got["start"] is None:
        return None
    if got["entered"] - (got["still_open"] or 0) - (got["exited"] or 0) > 0:  # exits after this year
        return this_year
    return int(max(got["start"], got["end"] or "")[:4])


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- effectiveness (domain.md §6) -------------------------------------------------------------


@dataclass
class Effectiveness:
    project: Project
    exited: list[Participation] = field(default_factory=list)
    social: list[Participation] = field(default_factory=list)
    employment: list[Participation] = field(default_factory=list)

    @property
    def social_rate(self) -> Decimal:
        return _percent(len(self.social), len(self.exited))

    @property
    def employment_rate(self) -> Decimal:
        return _percent(len(self.employment), len(self.exited))

    @property
    def severe(self) -> list[Participation]:
        """Exited people with a severe degree of disability (their own, lower threshold applies)."""
        return [p for p in self.exited if p.participant.severe_disability]

    @property
    def employment_severe(self) -> list[Participation]:
        ids = {p.pk for p in self.employment}
        return [p for p in self.severe if p.pk in ids]

    @property
    def employment_severe_rate(self) -> Decimal:
        return _percent(len(self.employment_severe), len(self.severe))

    @property
    def employment_severe_met(self) -> bool | None:
        if not self.severe:
            return None
        return self.employment_severe_rate >= self.project.employment_effectiveness_threshold_severe

    @property
    def social_met(self) -> bool:
        return bool(self.exited) and self.social_rate >= self.project.social_effectiveness_threshold

    @property
    def employment_met(self) -> bool:
        return bool(self.exited) and self.employment_rate >= self.project.employment_effectiveness_threshold

    def as_json(self) -> dict[str, Any]:
        return {
            "project": self.project.code,
            "participants_exited": len(self.exited),
            "social": {
                "people": len(self.social),
                "rate": f"{self.social_rate:.2f}",
                "threshold": f"{self.project.social_effectiveness_threshold:.2f}",
                "met": self.social_met,
            },
            "employment": {
                "people": len(self.employment),
                "rate": f"{self.employment_rate:.2f}",
                "threshold": f"{self.project.employment_effectiveness_threshold:.2f}",
                "met": self.employment_met,
            },
            "employment_severe_disability": {
                "exited": len(self.severe),
                "people": len(self.employment_severe),
                "rate": f"{self.employment_severe_rate:.2f}",
                "threshold": f"{self.project.employment_effectiveness_threshold_severe:.2f}",
                "met": self.employment_severe_met,
            },
        }


def effectiveness(project: Project) -> Effectiveness:
    """Social effectiveness: exited people with a social-progress result; employment: a job
    (employment contract or self-employment) taken from the exit to 3 calendar months after it.

    Only participants who have left (exit recorded, or an end date) are in the denominator.
    """
    exited = list(
        project_participations(project)
        .annotate(exit_date=_exit_date())
        .filter(exit_date__isnull=False)
        .select_related("participant")
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "pk")
    )
    social_ids = set(
        Result.objects.filter(participation__project=project, kind=ResultKind.SOCIAL_PROGRESS).values_list(
            "participation_id", flat=True
        )
    )
    exit_by_pk = {p.pk: p.exit_date for p in exited}
    job_dates = Result.objects.filter(participation__project=project, kind__in=EMPLOYMENT_KINDS).values_list(
        "participation_id", "achieved_on"
    )
    employed_ids = {
        pk
        for pk, day in job_dates
        if pk in exit_by_pk and exit_by_pk[pk] <= day <= add_months(exit_by_pk[pk], EMPLOYMENT_WINDOW_MONTHS)
    }
    return Effectiveness(
        project=project,
        exited=exited,
        social=[p for p in exited if p.pk in social_ids],
        employment=[p for p in exited if p.pk in employed_ids],
    )


def _exit_date() -> Any:
    return Coalesce(F("exit__exit_on"), F("end_on"))


# --- project summary (seed 001 and 004) -------------------------------------------------------


def _distinct(qs: QuerySet, field_name: str = "participant") -> int:
    return qs.aggregate(n=Count(field_name, distinct=True))["n"]


def project_head(project: Project) -> dict[str, int]:
    """Participations in total and by sex, families and people with disabilities: one query (the summary's
    and the dashboard's targets chart's figures)."""
    return project_participations(project).aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(participant__sex=Sex.FEMALE)),
        men=Count("pk", filter=Q(participant__sex=Sex.MALE)),
        non_binary=Count("pk", filter=Q(participant__sex=Sex.NON_BINARY)),
        families=Count("participant__household", distinct=True),
        disabled=Count("pk", filter=Q(participant__disability=Answer.YES)),
    )


def project_jobs(project: Project) -> QuerySet[Result]:
    """The project's results that count as a job (the summary's „jobs”)."""
    return Result.objects.filter(
        institution_id=project.institution_id, participation__project=project, kind__in=JOB_KINDS
    )


def project_summary(project: Project) -> dict[str, Any]:
    """The project's figures as published in the seed articles (keys: docs/reports.md)."""
    centre = project.institution_id
    parts = project_participations(project)
    head = project_head(project)
    calls = RecruitmentCall.objects.filter(institution_id=centre, project=project)
    applications = Application.objects.filter(institution_id=centre, call__project=project)
    courses = Enrolment.objects.filter(
        institution_id=centre,
        activity__project=project,
        activity__kind=ActivityKind.VOCATIONAL_COURSE,
        status=Enrolment.Status.COMPLETED,
    )
    by_course = courses.values("activity__title").annotate(people=Count("participant", distinct=True))
    results = Result.objects.filter(institution_id=centre, participation__project=project)
    internships = Internship.objects.filter(institution_id=centre, project=project)
    community = CommunityWork.objects.filter(institution_id=centre, project=project)
    people = Participant.objects.filter(institution_id=centre)
    driving = people.filter(
        Exists(courses.filter(participant=OuterRef("pk"), activity__title__icontains=DRIVING_LICENCE_MARKER))
        | Exists(
            results.filter(
                participation__participant=OuterRef("pk"),
                kind=ResultKind.QUALIFICATION,
                qualification_name__icontains=DRIVING_LICENCE_MARKER,
            )
        )
    ).count()
    cis = people.filter(
        Exists(
            Referral.objects.filter(
                project=project, participant=OuterRef("pk"), destination_kind=Referral.Destination.CIS
            )
        )
        | Exists(results.filter(participation__participant=OuterRef("pk"), kind=ResultKind.CIS_REFERRAL))
    ).count()
    assisted = (
        Household.objects.filter(institution_id=centre)
        .filter(
            Exists(parts.filter(participant__household=OuterRef("pk"))),
            Exists(
                FamilyAssistantVisit.objects.filter(
                    household=OuterRef("pk"), date__gte=project.start_on, date__lte=project.end_on
                )
            ),
        )
        .count()
    )
    jobs = project_jobs(project)
    return {
        "project": project.code,
        "title": project.title,
        "period": {"start": project.start_on.isoformat(), "end": project.end_on.isoformat()},
        "participants": {k: head[k] for k in ("total", "women", "men", "non_binary")},
        "families": head["families"],
        "people_with_disabilities": head["disabled"],
        "social_contracts": SocialContract.objects.filter(institution_id=centre, project=project)
        .exclude(status=SocialContract.Status.DRAFT)
        .count(),
        "local_activity_programmes": LocalActivityProgramme.objects.filter(
            institution_id=centre, project=project
        ).count(),
        "individual_plans": IndividualPlan.objects.filter(institution_id=centre, project=project)
        .exclude(status=IndividualPlan.Status.CANCELLED)
        .count(),
        "recruitment": {
            "applications": applications.count(),
            "qualified": applications.filter(status=Application.Status.QUALIFIED).count(),
            "capacity": calls.aggregate(n=Sum("capacity"))["n"] or 0,
        },
        "courses_completed": {
            "people": _distinct(courses),
            "by_course": [
                {"name": row["activity__title"], "people": row["people"]}
                for row in by_course.order_by("activity__title")
            ],
        },
        "driving_licences": driving,
        "qualifications_gained": _distinct(results.filter(kind=ResultKind.QUALIFICATION), "participation"),
        "internships": {
            "people": _distinct(internships),
            "under_30": _distinct(
                internships.annotate(age=age_at(F("start_on"), F("participant__birth_date"))).filter(age__lt=UNDER_30)
            ),
        },
        "socially_useful_work": {
            "people": _distinct(community),
            "women": _distinct(community.filter(participant__sex=Sex.FEMALE)),
            "units": _distinct(community, "unit"),
        },
        "cis_referrals": cis,
        "family_assistant_families": assisted,
        "events": [
            {"kind": e.kind, "title": e.title, "date": e.date.isoformat()}
            for e in Event.objects.filter(institution_id=centre, project=project).order_by("date", "pk")
        ],
        "letters_of_thanks": IssuedLetter.objects.filter(
            institution_id=centre, participation__project=project, kind=LetterTemplate.Kind.THANKS
        ).count(),
        "jobs": {
            "total": _distinct(jobs, "participation"),
            "internship": _distinct(jobs.filter(kind=ResultKind.INTERNSHIP), "participation"),
            "employment_contract": _distinct(jobs.filter(kind=ResultKind.EMPLOYMENT_CONTRACT), "participation"),
            "self_employment": _distinct(jobs.filter(kind=ResultKind.SELF_EMPLOYMENT), "participation"),
        },
    }


# --- club annual report to the voivode (domain.md §3) -----------------------------------------


def _club_activities(club: Club, start: dt.date, end: dt.date) -> QuerySet[Activity]:
    return Activity.objects.filter(institution_id=club.institution_id).filter(
        Q(club=club) | Q(project__club=club), start_on__lte=end, end_on__gte=start
    )


def club_people(club: Club, year: int) -> QuerySet[Participant]:
    """People the club served in a year: in a project of the club, an activity or an event of the club."""
    start, end = _year_bounds(year)
    in_project = Participation.objects.running_between(start, end).filter(
        participant=OuterRef("pk"), project__club=club
    )
    in_activity = Enrolment.objects.filter(participant=OuterRef("pk"), activity__in=_club_activities(club, start, end))
    at_event = EventParticipant.objects.filter(
        participant=OuterRef("pk"), event__club=club, event__date__gte=start, event__date__lte=end
    )
    return Participant.objects.filter(institution_id=club.institution_id).filter(
        Exists(in_project) | Exists(in_activity) | Exists(at_event)
    )


def _people_women(qs: QuerySet[Participant], key: str = "people") -> dict[str, int]:
    return qs.aggregate(**{key: Count("pk")}, women=Count("pk", filter=Q(sex=Sex.FEMALE)))


def _contracts_in(institution_id: int, start: dt.date, end: dt.date) -> QuerySet[SocialContract]:
    return SocialContract.objects.filter(institution_id=institution_id, start_on__lte=end, end_on__gte=start).exclude(
        status=SocialContract.Status.DRAFT
    )


def _community_in(institution_id: int, start: dt.date, end: dt.date) -> QuerySet[CommunityWork]:
    return CommunityWork.objects.filter(institution_id=institution_id, month__gte=start, month__lte=end)


def _community_figures(rows: QuerySet[CommunityWork]) -> dict[str, Any]:
    aged = rows.annotate(age=age_at(F("month"), F("participant__birth_date")))
    return {
        "people": _distinct(rows),
        "women": _distinct(rows.filter(participant__sex=Sex.FEMALE)),
        "men": _distinct(rows.filter(participant__sex=Sex.MALE)),
        "aged_50_plus": _distinct(aged.filter(age__gte=AGE_50)),
        "women_aged_50_plus": _distinct(aged.filter(age__gte=AGE_50, participant__sex=Sex.FEMALE)),
        "hours": f"{rows.aggregate(h=Sum('hours'))['h'] or Decimal('0'):.2f}",
        "units": _distinct(rows, "unit"),
    }


def club_annual(club: Club, year: int) -> dict[str, Any]:
    """The club's report to the voivode on a past year (keys: docs/reports.md)."""
    start, end = _year_bounds(year)
    served = club_people(club, year)
    served_ids = served.values("pk")
    results = Result.objects.filter(
        institution_id=club.institution_id,
        participation__participant__in=served_ids,
        achieved_on__gte=start,
        achieved_on__lte=end,
    )
    social_ids = results.filter(kind=ResultKind.SOCIAL_PROGRESS).values("participation__participant")
    job_ids = results.filter(kind__in=JOB_KINDS).values("participation__participant")
    groups = []
    group_rows = (
        ParticipantGroup.objects.filter(participant__in=served_ids)
        .values("group")
        .annotate(
            people=Count("participant", distinct=True),
            women=Count("participant", distinct=True, filter=Q(participant__sex=Sex.FEMALE)),
            social_results=Count("participant", distinct=True, filter=Q(participant__in=social_ids)),
            occupational_results=Count("participant", distinct=True, filter=Q(participant__in=job_ids)),
        )
    )
    by_group = {row["group"]: row for row in group_rows}
    for code, label in EligibilityGroup.choices:
        row = by_group.get(code, {})
        groups.append(
            {
                "group": code,
                "name": str(label),
                "people": row.get("people", 0),
                "women": row.get("women", 0),
                "social_results": row.get("social_results", 0),
                "occupational_results": row.get("occupational_results", 0),
            }
        )
    activities = _club_activities(club, start, end)
    workshops = (
        activities.filter(kind=ActivityKind.GROUP_WORKSHOP)
        .annotate(
            people=Count("enrolments__participant", distinct=True),
            women=Count("enrolments__participant", distinct=True, filter=Q(enrolments__participant__sex=Sex.FEMALE)),
        )
        .order_by("start_on", "title", "pk")
    )
    staff = Membership.objects.filter(
        Exists(activities.filter(provider=OuterRef("pk"))), institution_id=club.institution_id
    ).aggregate(people=Count("user", distinct=True), fte=Sum("fte"))
    contracts = _contracts_in(club.institution_id, start, end).filter(participant__in=served_ids)
    contract_people = Participant.objects.filter(Exists(contracts.filter(participant=OuterRef("pk"))))
    return {
        "club": club.code,
        "name": club.name,
        "year": year,
        "register": {
            "voivodeship": club.register_voivodeship,
            "number": club.register_number,
            "registered_on": club.registered_on.isoformat() if club.registered_on else None,
        },
        "people_served": _people_women(served, "total"),
        "socially_useful_work": _community_figures(
            _community_in(club.institution_id, start, end).filter(participant__in=served_ids)
        ),
        "workshops": [{"title": w.title, "people": w.people, "women": w.women} for w in workshops],
        "activities": [
            {
                "title": a.title,
                "kind": a.kind,
                "start": a.start_on.isoformat(),
                "end": a.end_on.isoformat(),
                "people": a.people,
            }
            for a in activities.annotate(people=Count("enrolments__participant", distinct=True)).order_by(
                "start_on", "pk"
            )
        ],
        "social_contracts": _people_women(contract_people),
        "groups": groups,
        "results": {
            "social": served.filter(pk__in=social_ids).count(),
            "occupational": served.filter(pk__in=job_ids).count(),
        },
        "staff": {"people": staff["people"], "fte": f"{staff['fte'] or Decimal('0'):.2f}"},
        "grant_settlement": _grant_settlement(club, start, end),
    }


def _grant_settlement(club: Club, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Money of the club's projects running in the year: the approved budget and what was spent in the year."""
    projects = Project.objects.filter(
        institution_id=club.institution_id, club=club, start_on__lte=end, end_on__gte=start
    )
    rows, planned_total, spent_total = [], Decimal("0.00"), Decimal("0.00")
    for project in projects.order_by("start_on", "code"):
        status = budget_status(project, start=start, end=end)
        planned, spent = status.planned.total, status.spent.total
        planned_total += planned
        spent_total += spent
        rows.append(
            {
                "project": project.code,
                "title": project.title,
                "planned": f"{planned:.2f}",
                "spent_in_year": f"{spent:.2f}",
                "spent_eu": f"{status.spent.eu:.2f}",
                "spent_own": f"{status.spent.own:.2f}",
            }
        )
    return {"projects": rows, "planned": f"{planned_total:.2f}", "spent_in_year": f"{spent_total:.2f}"}


# --- the centre's yearly summary (seed 002) ---------------------------------------------------


def centre_people(institution_id: int, year: int) -> QuerySet[Participant]:
    """People the centre served in a year: a participation, a contract, an activity or socially useful work."""
    start, end = _year_bounds(year)
    participations = Participation.objects.running_between(start, end).filter(participant=OuterRef("pk"))
    contracts = _contracts_in(institution_id, start, end).filter(participant=OuterRef("pk"))
    enrolments = Enrolment.objects.filter(
        participant=OuterRef("pk"), activity__start_on__lte=end, activity__end_on__gte=start
    )
    community = CommunityWork.objects.filter(participant=OuterRef("pk"), month__gte=start, month__lte=end)
    return Participant.objects.filter(institution_id=institution_id).filter(
        Exists(participations) | Exists(contracts) | Exists(enrolments) | Exists(community)
    )


def centre_annual(institution_id: int, year: int) -> dict[str, Any]:
    """People served, women, socially useful work by sex and 50+, people under social contracts."""
    start, end = _year_bounds(year)
    served = centre_people(institution_id, year)
    contracts = _contracts_in(institution_id, start, end)
    contract_people = Participant.objects.filter(institution_id=institution_id).filter(
        Exists(contracts.filter(participant=OuterRef("pk")))
    )
    jobs = Result.objects.filter(
        institution_id=institution_id, kind__in=JOB_KINDS, achieved_on__gte=start, achieved_on__lte=end
    )
    projects = (
        Project.objects.filter(institution_id=institution_id, start_on__lte=end, end_on__gte=start)
        .annotate(people=Count("participations", distinct=True))
        .order_by("start_on", "code")
    )
    return {
        "centre": Institution.objects.values_list("slug", flat=True).get(pk=institution_id),
        "year": year,
        "people_served": _people_women(served, "total"),
        "socially_useful_work": _community_figures(_community_in(institution_id, start, end)),
        "social_contracts": {"contracts": contracts.count(), **_people_women(contract_people)},
        "jobs": {"people": _distinct(jobs, "participation__participant")},
        "projects": [{"code": p.code, "title": p.title, "participants": p.people} for p in projects],
    }


# --- regional view: aggregates only, small counts suppressed ----------------------------------


def suppress(value: int) -> int | str:
    """Counts below 3 could identify a person: shown as "<3"."""
    return SUPPRESSED if value < SMALL_COUNT else value


# Within a centre's row, these counts are people also counted in `people_served` (served in the year: a
# participation, a contract in force, socially useful work): a reader knows each is at most that figure.
PARTS_OF_PEOPLE_SERVED = ("women", "socially_useful_work", "social_contracts")
_NO_LIMIT = 10**9


def _mark(value: int | str) -> list[int]:
    """What a published figure tells, [lowest, highest]: itself, "<3" 0–2, "#" 3 or more."""
    if isinstance(value, int):
        return [value, value]
    return [0, SMALL_COUNT - 1] if value == SUPPRESSED else [SMALL_COUNT, _NO_LIMIT]


def _reader_bounds(
    table: list[list[int | str]], totals: list[int | str], parts: dict[int, int], *, without: int | None = None
) -> list[list[list[int]]]:
    """What a reader can tell of each cell, [lowest, highest], from the marks, each column adding up to its
    total (itself a mark) and, within a row, a part being at most its whole (`parts`: column → column).
    Tightened a few rounds (each round is linear in the table's size). `without`: a column whose total is left
    out (to try withholding in it)."""
    cells = [[_mark(v) for v in row] for row in table]
    for _round in range(4):
        for k, total in enumerate(totals):
            if k == without:
                continue
            (total_low, total_high), column = _mark(total), [row[k] for row in cells]
            low, high = sum(c[0] for c in column), sum(c[1] for c in column)
            for c in column:
                c[0], c[1] = max(c[0], total_low - (high - c[1])), min(c[1], total_high - (low - c[0]))
        for row in cells:
            for part, whole in parts.items():
                row[part][1] = min(row[part][1], row[whole][1])
                row[whole][0] = max(row[whole][0], row[part][0])
    return cells


def _column_is_safe(column: list[int | str], total: int | str, bounds: list[list[int]]) -> bool:
    """Whether no "<3" of a column can be worked out: each keeps at least two possible values (of 0, 1, 2) for a
    reader who knows the column's total (a figure, or what its mark says), the figures shown and what can be told
    of the other cells (`bounds`)."""
    total_low, total_high = _mark(total)
    shown = sum(v for v in column if isinstance(v, int))
    hidden = [i for i, v in enumerate(column) if not isinstance(v, int)]
    low, high = sum(bounds[i][0] for i in hidden), sum(bounds[i][1] for i in hidden)
    for i in hidden:
        if column[i] != SUPPRESSED:
            continue
        others_low, others_high = low - bounds[i][0], high - bounds[i][1]
        possible = [
            v
            for v in range(bounds[i][0], min(bounds[i][1], SMALL_COUNT - 1) + 1)
            if shown + v + others_low <= total_high and shown + v + others_high >= total_low
        ]
        if len(possible) < 2:
            return False
    return True


def protect_table(
    table: list[list[int]], totals: list[int], parts: dict[int, int] | None = None
) -> tuple[list[list[int | str]], list[int | str]]:
    """A table whose columns add up to published totals, suppressed so that no "<3" can be worked out.

    Primary suppression: every count below 3 is "<3". Secondary suppression: while a reader could work out a
    "<3" of a column — leave it fewer than two possible values (`_column_is_safe`, with what the rows tell:
    `_reader_bounds`) — one more figure is withheld as "#" (`_withhold_one`): the smallest shown in that column
    that stops it, else the column's total, else the largest shown; when the column has nothing left, a column its
    rows tie it to. A total below 3 is "<3".
    """
    parts = parts or {}
    published: list[list[int | str]] = [[suppress(v) for v in row] for row in table]
    shown_totals: list[int | str] = [suppress(t) for t in totals]
    while True:
        bounds = _reader_bounds(published, shown_totals, parts)
        unsafe = next(
            (
                k
                for k in range(len(shown_totals))
                if not _column_is_safe([row[k] for row in published], shown_totals[k], [b[k] for b in bounds])
            ),
            None,
        )
        if unsafe is None:
            return published, shown_totals
        # Withhold in the column itself; once it has nothing left, in the columns its rows tie it to (a part's
        # whole, a whole's parts): what narrows a "<3" may come through its row.
        related = [unsafe, *(w for p, w in parts.items() if p == unsafe), *(p for p, w in parts.items() if w == unsafe)]
        column_to_fix = next(
            (
                k
                for k in related
                if isinstance(shown_totals[k], int) or any(isinstance(row[k], int) for row in published)
            ),
            None,
        )
        if column_to_fix is None:
            raise AssertionError(f"column {unsafe} cannot be protected")  # a withheld total leaves two values
        _withhold_one(published, shown_totals, parts, column_to_fix)


def _withhold_one(
    published: list[list[int | str]], shown_totals: list[int | str], parts: dict[int, int], k: int
) -> None:
    """Withhold one more figure of column `k`: the smallest shown that makes the column safe on its own; else the
    total (when shown: one figure, and only "3 or more" is left of it); else the largest figure shown."""
    column = [row[k] for row in published]
    candidates = sorted((v, i) for i, v in enumerate(column) if isinstance(v, int))
    # Each trial is judged by what the rest of the table tells of the column's cells; the column's own total is
    # what `_column_is_safe` adds.
    around = _reader_bounds(published, shown_totals, parts, without=k)
    for _value, i in candidates:
        trial = [WITHHELD if j == i else v for j, v in enumerate(column)]
        trial_bounds = [list(b[k]) for b in around]
        trial_bounds[i] = _withheld_bounds(around[i], k, parts)
        if _column_is_safe(trial, shown_totals[k], trial_bounds):
            published[i][k] = WITHHELD
            return
    if isinstance(shown_totals[k], int) or not candidates:
        shown_totals[k] = WITHHELD
        return
    published[candidates[-1][1]][k] = WITHHELD


def _withheld_bounds(row: list[list[int]], index: int, parts: dict[int, int]) -> list[int]:
    """What a reader would know of a figure of `row` once withheld: 3 or more, at most its whole, at least its
    parts (their bounds as they stand)."""
    low, high = SMALL_COUNT, _NO_LIMIT
    if index in parts:
        high = min(high, row[parts[index]][1])
    for part, whole in parts.items():
        if whole == index:
            low = max(low, row[part][0])
    return [low, high]


def protect_line(cells: list[int], total: int) -> tuple[list[int | str], int | str]:
    """One line adding up to its total (an indicator: women + men + non-binary = total), protected."""
    table, totals = protect_table([[v] for v in cells], [total])
    return [row[0] for row in table], totals[0]


def _protected_centres(rows: list[dict[str, Any]], totals: dict[str, int]) -> tuple[list[dict], dict]:
    """The centres table: each column adds up to its total; women, socially useful work and contracts are
    people also counted in people served."""
    keys = list(totals)
    parts = {keys.index(p): keys.index("people_served") for p in PARTS_OF_PEOPLE_SERVED}
    table, shown = protect_table([[row[k] for k in keys] for row in rows], [totals[k] for k in keys], parts)
    return (
        [{**row, **dict(zip(keys, values, strict=True))} for row, values in zip(rows, table, strict=True)],
        dict(zip(keys, shown, strict=True)),
    )


def _protected_indicators(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each indicator's women, men and non-binary add up to its total."""
    out = []
    for row in indicators:
        (women, men, non_binary), total = protect_line([row["women"], row["men"], row["non_binary"]], row["total"])
        out.append({**row, "total": total, "women": women, "men": men, "non_binary": non_binary})
    return out


def supervised_centres(region: Institution) -> QuerySet[Institution]:
    """Centres whose supervisor is the regional body (none for a body that is not regional)."""
    if region.kind != Institution.Kind.REGIONAL:
        return Institution.objects.none()
    return Institution.objects.filter(supervisor=region).order_by("name")


def regional_summary(region: Institution, year: int) -> dict[str, Any]:
    """The centre summary and EU indicators summed over the supervised centres; no person, counts < 3 suppressed."""
    centres = list(supervised_centres(region))
    start, end = _year_bounds(year)
    rows = []
    totals = {"people_served": 0, "women": 0, "socially_useful_work": 0, "social_contracts": 0, "jobs": 0}
    for centre in centres:
        annual = centre_annual(centre.pk, year)
        row = {
            "people_served": annual["people_served"]["total"],
            "women": annual["people_served"]["women"],
            "socially_useful_work": annual["socially_useful_work"]["people"],
            "social_contracts": annual["social_contracts"]["people"],
            "jobs": annual["jobs"]["people"],
        }
        for key in totals:
            totals[key] += row[key]
        rows.append({"centre": centre.name, **row})
    centre_ids = [c.pk for c in centres]
    by_period = _regional_indicators_by_period(centre_ids, start, end) if centres else []
    # `indicators` predates the older periods: the 2021–2027 set, zeros included (docs/reports.md).
    indicators = next((p["indicators"] for p in by_period if p["programme_period"] == PERIOD_2021_2027), None)
    if indicators is None and centres:
        nobody = Participation.objects.filter(
            institution_id__in=centre_ids,
            project__programme_period=PERIOD_2021_2027,
            project__start_on__lte=end,
            project__end_on__gte=start,
        )
        indicators = [v.as_json() for v in compute_indicators(nobody, PERIOD_2021_2027)]
    rows, published_totals = _protected_centres(rows, totals)
    return {
        "region": region.name,
        "year": year,
        "centres": rows,
        "totals": published_totals,
        "indicators": _protected_indicators(indicators or []),
        "indicators_by_period": [{**p, "indicators": _protected_indicators(p["indicators"])} for p in by_period],
    }


def _regional_indicators_by_period(centre_ids: list[int], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Each programming period's indicators over the centres' projects running in the period [start, end].

    Every period reports in its own set: the codes of 2007–2013, 2014–2020 and 2021–2027 mean different
    things (age bands, households, refused answers), so their figures are never added together. Only
    periods with a running project appear; projects of a period without a set are left out.
    """
    running = Project.objects.filter(institution_id__in=centre_ids, start_on__lte=end, end_on__gte=start)
    periods = set(running.order_by().values_list("programme_period", flat=True).distinct())
    return [
        {
            "programme_period": period,
            "indicators": [
                v.as_json()
                for v in compute_indicators(
                    Participation.objects.filter(
                        institution_id__in=centre_ids, project__in=running.filter(programme_period=period)
                    ),
                    period,
                )
            ],
        }
        for period in INDICATOR_SETS
        if period in periods
    ]
