"""Bilans otwarcia: the opening diagnosis of a centre at a date (seed 003).

People at risk are the centre's social-assistance clients on the day (`social_assistance_since` on or
before it). Every figure is a set of participant ids, so each count drills down to its people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext_lazy as _

from integra.core.roles import NeedKind, Role, Specialty
from integra.institutions.models import Institution, Membership
from integra.people.models import Answer, EligibilityGroup, LabourStatus, Participant, ParticipantGroup, Sex
from integra.planning.models import DEFAULT_CASELOAD_NORMS, CaseloadNorm, ParticipantNeed
from integra.recruitment.models import NeedsAssessment

CENT = Decimal("0.01")

AGE_BANDS = [
    ("0-17", _("under 18"), 0, 17),
    ("18-29", _("18–29"), 18, 29),
    ("30-44", _("30–44"), 30, 44),
    ("45-54", _("45–54"), 45, 54),
    ("55+", _("55 and over"), 55, 200),
]
NOT_GIVEN = "none"
DIMENSIONS = {
    "all": _("people at risk"),
    "group": _("eligibility group"),
    "group_women": _("eligibility group — women"),
    "labour_status": _("labour-market status"),
    "age_band": _("age band"),
    "sex": _("sex"),
    "disability": _("disability"),
    "need": _("need"),
}


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years on a day (a 29 February birthday turns a year older on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: dt.date, day: dt.date) -> str:
    age = age_on(birth, day)
    return next(code for code, _label, low, high in AGE_BANDS if low <= age <= high) if age >= 0 else AGE_BANDS[0][0]


def labels(dimension: str) -> list[tuple[str, str]]:
    """Every category of a dimension, in display order (categories with no people are listed too)."""
    if dimension in {"group", "group_women"}:
        return list(EligibilityGroup.choices)
    if dimension == "labour_status":
        return [*LabourStatus.choices, (NOT_GIVEN, _("not given"))]
    if dimension == "age_band":
        return [(code, label) for code, label, _low, _high in AGE_BANDS]
    if dimension == "sex":
        return list(Sex.choices)
    if dimension == "disability":
        return list(Answer.choices)
    if dimension == "need":
        return list(NeedKind.choices)
    if dimension == "all":
        return [("all", DIMENSIONS["all"])]
    raise KeyError(dimension)


def people_at_risk(centre_ids: list[int], day: dt.date):
    """Social-assistance clients of the centres on the day."""
    return Participant.objects.filter(
        institution_id__in=centre_ids, social_assistance_since__isnull=False, social_assistance_since__lte=day
    )


def fte_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(CENT)}"


@dataclass
class SpecialtyRow:
    specialty: str
    label: str
    people: int
    fte: Decimal
    norm: int

    @property
    def people_per_fte(self) -> Decimal | None:
        return (Decimal(self.people) / self.fte).quantize(CENT) if self.fte else None

    @property
    def shortfall_fte(self) -> Decimal:
        needed = (Decimal(self.people) / Decimal(self.norm)).quantize(CENT, rounding=ROUND_CEILING)
        return max(needed - self.fte, Decimal("0")).quantize(CENT)


@dataclass
class Diagnosis:
    centre_ids: list[int]
    date: dt.date
    sets: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    staff: dict[str, Decimal] = field(default_factory=dict)
    norms: dict[str, int] = field(default_factory=dict)

    @property
    def people_at_risk(self) -> int:
        return len(self.sets["all"]["all"])

    def count(self, dimension: str, value: str) -> int:
        return len(self.sets.get(dimension, {}).get(value, ()))

    def ids(self, dimension: str, value: str) -> set[int]:
        """The people behind one figure (KeyError for an unknown dimension)."""
        if dimension not in DIMENSIONS:
            raise KeyError(dimension)
        return self.sets[dimension].get(value, set())

    def table(self, dimension: str) -> list[tuple[str, str, int]]:
        return [(code, str(label), self.count(dimension, code)) for code, label in labels(dimension)]

    def groups(self) -> list[tuple[str, str, int, int]]:
        return [
            (code, str(label), self.count("group", code), self.count("group_women", code))
            for code, label in labels("group")
        ]

    def specialties(self) -> list[SpecialtyRow]:
        return [
            SpecialtyRow(
                code, str(label), self.count("need", code), self.staff.get(code, Decimal("0.00")), self.norms[code]
            )
            for code, label in Specialty.choices
        ]

    def as_json(self, centre_slug: str) -> dict:
        return {
            "centre": centre_slug,
            "date": self.date.isoformat(),
            "people_at_risk": self.people_at_risk,
            "groups": [{"group": code, "people": people, "women": women} for code, _l, people, women in self.groups()],
            "needs": [
                {
                    "specialty": row.specialty,
                    "people": row.people,
                    "staff_fte": fte_text(row.fte),
                    "people_per_fte": fte_text(row.people_per_fte),
                    "shortfall_fte": fte_text(row.shortfall_fte),
                }
                for row in self.specialties()
            ],
            "staff": [
                {"specialty": code, "fte": fte_text(self.staff.get(code, Decimal("0.00")))}
                for code, _l in Specialty.choices
            ],
        }


def staff_fte(centre_ids: list[int], day: dt.date) -> dict[str, Decimal]:
    """FTE per specialty on the day (social workers by role or specialty)."""
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    rows = (
        Membership.objects.filter(institution_id__in=centre_ids).active_on(day).values_list("role", "specialty", "fte")
    )
    for role, specialty, fte in rows:
        code = specialty or (Specialty.SOCIAL_WORKER if role == Role.SOCIAL_WORKER else "")
        if code:
            totals[code] += fte
    return dict(totals)


def caseload_norms() -> dict[str, int]:
    norms = {str(k): v for k, v in DEFAULT_CASELOAD_NORMS.items()}
    norms.update(dict(CaseloadNorm.objects.values_list("specialty", "people_per_fte")))
    return norms


def diagnose(centre_ids: list[int] | Institution, day: dt.date) -> Diagnosis:
    """The opening diagnosis on a day: five queries whatever the number of people."""
    ids = [centre_ids.pk] if isinstance(centre_ids, Institution) else list(centre_ids)
    result = Diagnosis(centre_ids=ids, date=day, staff=staff_fte(ids, day), norms=caseload_norms())
    sets: dict[str, dict[str, set[int]]] = {name: defaultdict(set) for name in DIMENSIONS}
    women: set[int] = set()
    people = people_at_risk(ids, day).values_list("id", "sex", "birth_date", "labour_status", "disability")
    for pk, sex, birth, status, disability in people:
        sets["all"]["all"].add(pk)
        sets["sex"][sex].add(pk)
        sets["age_band"][age_band(birth, day)].add(pk)
        sets["labour_status"][status or NOT_GIVEN].add(pk)
        sets["disability"][disability].add(pk)
        if sex == Sex.FEMALE:
            women.add(pk)
    everyone = sets["all"]["all"]
    groups = ParticipantGroup.objects.filter(institution_id__in=ids).values_list("participant_id", "group")
    for pk, group in groups:
        if pk in everyone:
            sets["group"][group].add(pk)
            if pk in women:
                sets["group_women"][group].add(pk)
    for model in (NeedsAssessment, ParticipantNeed):
        needs = model.objects.filter(institution_id__in=ids, recorded_on__lte=day).values_list("participant_id", "need")
        for pk, need in needs:
            if pk in everyone:
                sets["need"][need].add(pk)
    result.sets = {name: dict(values) for name, values in sets.items()}
    return result
