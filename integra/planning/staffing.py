"""The staffing standard of art. 110 ust. 11, evaluated at any date from memberships and population.

Reading of the rule (see README.md): the ratio is met when the social workers' FTE reaches the
population requirement (inhabitants / 2,000) *or* the household requirement (households in social
work / 50) — the act says "lub", so the smaller applicable requirement is enough; the household
alternative applies only when the centre has households in social work on record for that year
(zero means "not recorded", not "no social work"). Never fewer than 3 social workers is read
together with "full-time": the requirement is at least 3.00 FTE.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.roles import Role, Specialty
from integra.institutions.models import Institution, Membership, PopulationYear
from integra.people.models import Household
from integra.planning.models import HouseholdsInSocialWork, StaffingRule

CENT = Decimal("0.01")
NO_RULE = _("No staffing rule is in force on %(date)s.")


def fte_text(value: Decimal | None) -> str | None:
    """FTE as a string with two decimals (JSON)."""
    return None if value is None else f"{value.quantize(CENT)}"


def _requirement(count: int, per: int) -> Decimal:
    # Rounded up: a requirement of 7.5615 FTE is not met by 7.56 FTE.
    return (Decimal(count) / Decimal(per)).quantize(CENT, rounding=ROUND_CEILING)


@dataclass(frozen=True)
class Staffing:
    centre: Institution
    date: dt.date
    rule: StaffingRule
    population: int | None
    households: int
    social_workers: int
    fte: Decimal
    required_by_population: Decimal | None
    required_by_households: Decimal | None

    @property
    def minimum_fte(self) -> Decimal:
        return Decimal(self.rule.minimum_workers).quantize(CENT)

    @property
    def required_fte(self) -> Decimal | None:
        """The smaller applicable ratio requirement, never below the minimum; None when nothing is known."""
        ratios = [r for r in (self.required_by_population, self.required_by_households) if r is not None]
        if not ratios:
            return None
        return max(min(ratios), self.minimum_fte)

    @property
    def met(self) -> bool | None:
        required = self.required_fte
        return None if required is None else self.fte >= required

    @property
    def missing_fte(self) -> Decimal | None:
        required = self.required_fte
        return None if required is None else max(required - self.fte, Decimal("0.00")).quantize(CENT)

    def as_json(self) -> dict:
        return {
            "centre": self.centre.slug,
            "date": self.date.isoformat(),
            "population": self.population,
            "households_in_social_work": self.households,
            "social_workers": self.social_workers,
            "social_worker_fte": fte_text(self.fte),
            "required_fte_by_population": fte_text(self.required_by_population),
            "required_fte_by_households": fte_text(self.required_by_households),
            "minimum_workers": self.rule.minimum_workers,
            "standard_met": self.met,
        }


def population_on(centre: Institution, day: dt.date) -> int | None:
    """Inhabitants in the day's year (PopulationYear), else the centre's population field."""
    row = PopulationYear.objects.filter(institution=centre, year=day.year).values_list("population", flat=True).first()
    return row if row is not None else centre.population


def households_in_social_work_on(centre: Institution, day: dt.date) -> int:
    """The year's reported count; for the current year without one, the registry's households in social work."""
    row = (
        HouseholdsInSocialWork.objects.filter(institution=centre, year=day.year)
        .values_list("households", flat=True)
        .first()
    )
    if row is not None:
        return row
    if day.year == timezone.localdate().year:
        return Household.objects.for_institution(centre.pk).filter(in_social_work=True).count()
    return 0


def social_worker_memberships(centre_ids: list[int] | int, day: dt.date):
    """Social workers (role or specialty) employed on the day."""
    ids = [centre_ids] if isinstance(centre_ids, int) else centre_ids
    return (
        Membership.objects.filter(institution_id__in=ids)
        .active_on(day)
        .filter(Q(role=Role.SOCIAL_WORKER) | Q(specialty=Specialty.SOCIAL_WORKER))
    )


def evaluate(centre: Institution, day: dt.date) -> Staffing:
    """The standard at a date; raises StaffingRule.DoesNotExist when no rule is in force."""
    rule = StaffingRule.objects.in_force_on(day).first()
    if rule is None:
        raise StaffingRule.DoesNotExist(NO_RULE % {"date": day.strftime("%d.%m.%Y")})
    rows = list(social_worker_memberships(centre.pk, day).values_list("user_id", "fte"))
    fte = sum((f for _, f in rows), Decimal("0.00"))
    population = population_on(centre, day)
    households = households_in_social_work_on(centre, day)
    return Staffing(
        centre=centre,
        date=day,
        rule=rule,
        population=population,
        households=households,
        social_workers=len({u for u, _ in rows}),
        fte=fte.quantize(CENT),
        required_by_population=_requirement(population, rule.inhabitants_per_worker) if population else None,
        required_by_households=_requirement(households, rule.households_per_worker) if households else None,
    )
