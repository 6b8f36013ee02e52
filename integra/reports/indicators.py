"""EU indicators on participants as code-level data keyed by programming period (domain.md §7).

Each indicator is a `Q` over a participation queryset annotated by `annotate_for_indicators`
(one row per person per project: first entry's data, last exit). Counting is one aggregate
query with a conditional `Count` per indicator and sex, so it runs in the database over any
number of participants; the drill-down applies the same `Q` to list the people counted.

Three sets: 2007–2013 (Commission Regulation (EC) No 1828/2006, Annex XXIII, as collected in
PEFS for PO KL), 2014–2020 (Regulation (EU) No 1304/2013, Annex I, as monitored in SL2014) and
2021–2027 (Regulation (EU) 2021/1057, Annex I). Where the periods define a term differently the
rule is written once below, with its source; the sets only combine the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.outcomes.models import EMPLOYMENT_KINDS, ExitReason, FollowUp, Result, ResultKind
from integra.people.models import (
    UNEMPLOYED_STATUSES,
    Answer,
    Degurba,
    Education,
    HouseholdMember,
    LabourStatus,
    Participant,
    Sex,
)
from integra.projects.models import Participation, ProgrammePeriod, Project

_ALL_ROWS = 2**62

# --- rules shared by the periods, each written once ----------------------------------------------

# "Upon leaving" (immediate results): events from the exit day up to four weeks after it, the same in
# 2014–2020 (Commission guidance "Monitoring and Evaluation of European Cohesion Policy, ESF",
# June 2015, §3.1.2: "upon leaving ... up to four weeks") and 2021–2027 (Regulation 2021/1057,
# Annex I and the Commission's ESF+ indicator guidance); domain.md §6: 28 days. 2007–2013
# (Annex XXIII) has no result indicators on participants.
RESULT_WINDOW_DAYS = 28

# "Six months after leaving" (longer-term results, 2014–2020 CR06–CR09, 2021–2027 EECR05–06): the
# answer recorded at the 6-month follow-up (`FollowUp.Kind.MONTHS_6`); a 3-month check never counts.
LONGER_TERM_FOLLOW_UP = FollowUp.Kind.MONTHS_6
# Answers participants gave through their link count only once staff confirm them (docs/reports.md).
UNCONFIRMED_ANSWERS = (FollowUp.AnswerStatus.AWAITING, FollowUp.AnswerStatus.REJECTED)

# The labour-market situation at exit: one of these, the last within the window counts
# (job searching and employment are mutually exclusive). Internships, CIS referrals and
# social progress are not a labour-market situation and never mask one.
SITUATION_KINDS = (
    ResultKind.JOB_SEARCHING,
    ResultKind.EDUCATION,
    ResultKind.QUALIFICATION,
    ResultKind.EMPLOYMENT_CONTRACT,
    ResultKind.SELF_EMPLOYMENT,
    ResultKind.OTHER,
)
ACTIVE_SITUATIONS = (  # 2014–2020 CR05: job searching, education/training, a qualification or employment
    ResultKind.JOB_SEARCHING,
    ResultKind.EDUCATION,
    ResultKind.QUALIFICATION,
    ResultKind.EMPLOYMENT_CONTRACT,
    ResultKind.SELF_EMPLOYMENT,
)

SEXES = (("women", Sex.FEMALE), ("men", Sex.MALE), ("non_binary", Sex.NON_BINARY))


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Any  # lazy translation
    condition: Callable[[], Q]
    sensitive: bool = False  # special-category answers: drill-down only for roles that may see them
    kind: str = "output"  # output | result
    # The special-category answers the indicator reads: a person it does not count who has one of them not
    # recorded is „brak danych” (the screen's, the PDF's and the XLSX's "No data" column).
    answers: tuple[str, ...] = ()
    # Whether `code` is the period's own code (EECO01, CO01) that readers know. 2007–2013 has none: its codes
    # are Integra's JSON keys (`long_term_unemployed`), never shown — the name is the row's label.
    public_code: bool = True

    @property
    def label(self) -> str:
        """How a reader sees the indicator: „EECO12 — participants with disabilities”, or only the name."""
        return f"{self.code} — {self.name}" if self.public_code else str(self.name)


def _q(**lookups: Any) -> Callable[[], Q]:
    return lambda: Q(**lookups)


def said_yes(field_name: str) -> Q:
    """A sensitive answer counts only when it is "yes".

    A refused answer ("Odmowa podania informacji") keeps the person in the total and out of the
    indicator in every period: 2021–2027 (Regulation 2021/1057, Annex I, special categories of data),
    2014–2020 (Regulation 1304/2013, Annex I, indicators marked ** — answers may be refused; SL2014
    counts such a person only in the total), 2007–2013 (PEFS knew only Tak/Nie: an answer recorded
    as refused is reported as "Nie").
    """
    return Q(**{f"participant__{field_name}": Answer.YES})


def _unemployed() -> Q:
    return Q(participant__labour_status__in=UNEMPLOYED_STATUSES)


def _long_term_unemployed() -> Q:
    """Unemployed with the recorded long-term flag (staff tick it by the period's definition).

    2014–2020 and 2021–2027 (Regulation 1304/2013 Annex I, Commission guidance; domain.md §7):
    unemployed continuously for over 6 months (under 25) or over 12 months (25 and over).
    2007–2013 (PO KL, PEFS; art. 2(1)(5) of the Polish act of 20 April 2004 on employment promotion):
    registered with the labour office for over 12 months in total within the last 2 years.
    The flag is ignored without an unemployed status.
    """
    return _unemployed() & Q(participant__long_term_unemployed=True)


def _inactive() -> Q:
    return Q(participant__labour_status=LabourStatus.INACTIVE)


def _inactive_not_in_education() -> Q:
    """2014–2020 CO04: inactive and not in education or training at entry (`Participant.in_education`)."""
    return _inactive() & Q(participant__in_education=False)


def _employed() -> Q:
    return Q(participant__labour_status=LabourStatus.EMPLOYED)


def _age(lowest: int | None = None, highest: int | None = None) -> Callable[[], Q]:
    """Whole years at the participation's start (the first form of support), both ends included.

    The bands differ by period: 2007–2013 (Annex XXIII): young people 15–24, older workers 55–64;
    2014–2020 (Annex I of 1304/2013): below 25 (< 25), above 54 (> 54, i.e. 55 and over);
    2021–2027 (Annex I of 2021/1057): under 18, 18–29, 55 and over.
    """
    lookups: dict[str, int] = {}
    if lowest is not None:
        lookups["age_at_start__gte"] = lowest
    if highest is not None:
        lookups["age_at_start__lte"] = highest
    return _q(**lookups)


def _education(*levels: str) -> Callable[[], Q]:
    return _q(participant__education__in=levels)


# ISCED 0 (no formal education) is reported with ISCED 1–2 in 2007–2013 (PEFS: "podstawowe,
# gimnazjalne i niższe") and 2014–2020 (SL2014: "ISCED 0–2" in CO09), as 2021–2027 does (EECO08).
LOWER_SECONDARY_OR_LESS = (Education.ISCED0, Education.ISCED1, Education.ISCED2)


def _migrant_or_minority() -> Q:
    """2014–2020 CO15: migrants, participants with a foreign background, minorities (any "yes")."""
    return said_yes("foreign_background") | said_yes("minority") | Q(participant__third_country_national=True)


def _disadvantaged() -> Q:
    """2014–2020 "disadvantaged participants" of CR05 and CR09: counted in one of the indicators on
    disadvantage — CO12 jobless household, CO15 migrants/minorities, CO16 disabilities, CO17 other
    disadvantaged, CO18 homeless (Commission ESF monitoring guidance 2014–2020, §3.1.2; SL2014)."""
    return (
        Q(jobless_household=True)
        | _migrant_or_minority()
        | said_yes("disability")
        | said_yes("other_disadvantage")
        | said_yes("homeless")
    )


# The keys are the project's programming periods (projects.ProgrammePeriod): every period a project may have
# has a set (integra/reports/tests/test_periods.py checks it).
PERIOD_2007_2013 = ProgrammePeriod.P2007_2013.value
PERIOD_2014_2020 = ProgrammePeriod.P2014_2020.value
PERIOD_2021_2027 = ProgrammePeriod.P2021_2027.value

INDICATORS_2021_2027: tuple[Indicator, ...] = (
    Indicator("EECO01", _("unemployed, including long-term unemployed"), _unemployed),
    Indicator("EECO02", pgettext_lazy("indicator", "long-term unemployed"), _long_term_unemployed),
    Indicator("EECO03", pgettext_lazy("indicator", "economically inactive"), _inactive),
    Indicator("EECO04", _("employed, including self-employed"), _employed),
    Indicator("EECO05", _("under 18 years of age"), _age(highest=17)),
    Indicator("EECO06", _("aged 18 to 29"), _age(18, 29)),
    Indicator("EECO07", _("aged 55 and over"), _age(lowest=55)),
    Indicator(
        "EECO08",
        _("with lower secondary education or less (ISCED 0–2)"),
        _education(*LOWER_SECONDARY_OR_LESS),
    ),
    Indicator(
        "EECO09",
        _("with upper secondary or post-secondary education (ISCED 3–4)"),
        _q(participant__education__in=(Education.ISCED3, Education.ISCED4)),
    ),
    Indicator("EECO10", _("with tertiary education (ISCED 5–8)"), _q(participant__education=Education.ISCED5_8)),
    Indicator("EECO11", _("total number of participants"), lambda: Q()),
    Indicator(
        "EECO12",
        _("participants with disabilities"),
        lambda: said_yes("disability"),
        sensitive=True,
        answers=("disability",),
    ),
    Indicator("EECO13", _("third-country nationals"), _q(participant__third_country_national=True)),
    Indicator(
        "EECO14",
        _("participants with a foreign background"),
        lambda: said_yes("foreign_background"),
        sensitive=True,
        answers=("foreign_background",),
    ),
    Indicator(
        "EECO15",
        _("minorities, including marginalised communities"),
        lambda: said_yes("minority"),
        sensitive=True,
        answers=("minority",),
    ),
    Indicator(
        "EECO16",
        _("homeless or affected by housing exclusion"),
        lambda: said_yes("homeless"),
        sensitive=True,
        answers=("homeless",),
    ),
    Indicator("EECO17", _("participants from rural areas"), _q(participant__degurba=Degurba.RURAL)),
    Indicator("EECR01", _("job searching upon leaving"), _q(situation_at_exit=ResultKind.JOB_SEARCHING), kind="result"),
    Indicator(
        "EECR02", _("in education or training upon leaving"), _q(situation_at_exit=ResultKind.EDUCATION), kind="result"
    ),
    Indicator(
        "EECR03",
        _("gaining a qualification upon leaving"),
        _q(situation_at_exit=ResultKind.QUALIFICATION),
        kind="result",
    ),
    Indicator(
        "EECR04",
        _("employed, including self-employed, upon leaving"),
        _q(situation_at_exit__in=(ResultKind.EMPLOYMENT_CONTRACT, ResultKind.SELF_EMPLOYMENT)),
        kind="result",
    ),
    Indicator("EECR05", _("employed six months after leaving"), _q(employed_6m=True), kind="result"),
    Indicator(
        "EECR06",
        _("with an improved labour-market situation six months after leaving"),
        _q(improved_6m=True),
        kind="result",
    ),
)

# 2014–2020: Regulation (EU) No 1304/2013, Annex I, numbered as in SFC2014 and SL2014 (CO01–CO19,
# CR01–CR09); the total is computed, it has no code of its own. CO12–CO14 (households) were dropped
# from the Annex by Regulation 2018/1046, but SL2014 kept collecting them: they are here as SL2014 has them.
INDICATORS_2014_2020: tuple[Indicator, ...] = (
    Indicator("CO01", _("unemployed, including long-term unemployed"), _unemployed),
    Indicator("CO02", pgettext_lazy("indicator", "long-term unemployed"), _long_term_unemployed),
    Indicator("CO03", pgettext_lazy("indicator", "inactive"), _inactive),
    Indicator("CO04", _("inactive, not in education or training"), _inactive_not_in_education),
    Indicator("CO05", _("employed, including self-employed"), _employed),
    Indicator("CO06", _("below 25 years of age"), _age(highest=24)),
    Indicator("CO07", _("above 54 years of age"), _age(lowest=55)),
    Indicator(
        "CO08",
        _(
            "above 54 years of age who are unemployed, including long-term unemployed, or inactive not in "
            "education or training"
        ),
        lambda: _age(lowest=55)() & (_unemployed() | _inactive_not_in_education()),
    ),
    Indicator(
        "CO09",
        _("with primary (ISCED 1) or lower secondary education (ISCED 2)"),
        _education(*LOWER_SECONDARY_OR_LESS),
    ),
    Indicator(
        "CO10",
        _("with upper secondary (ISCED 3) or post-secondary education (ISCED 4)"),
        _education(Education.ISCED3, Education.ISCED4),
    ),
    Indicator("CO11", _("with tertiary education (ISCED 5 to 8)"), _education(Education.ISCED5_8)),
    Indicator("CO12", _("participants who live in jobless households"), _q(jobless_household=True)),
    Indicator(
        "CO13",
        _("participants who live in jobless households with dependent children"),
        _q(jobless_household=True, dependent_children=True),
    ),
    Indicator(
        "CO14",
        _("participants who live in a single adult household with dependent children"),
        _q(single_adult_household=True, dependent_children=True),
    ),
    Indicator(
        "CO15",
        _("migrants, participants with a foreign background, minorities (including marginalised communities)"),
        _migrant_or_minority,
        sensitive=True,
        answers=("foreign_background", "minority"),
    ),
    Indicator(
        "CO16",
        _("participants with disabilities"),
        lambda: said_yes("disability"),
        sensitive=True,
        answers=("disability",),
    ),
    Indicator(
        "CO17",
        _("other disadvantaged"),
        lambda: said_yes("other_disadvantage"),
        sensitive=True,
        answers=("other_disadvantage",),
    ),
    Indicator(
        "CO18",
        _("homeless or affected by housing exclusion"),
        lambda: said_yes("homeless"),
        sensitive=True,
        answers=("homeless",),
    ),
    Indicator("CO19", _("from rural areas"), _q(participant__degurba=Degurba.RURAL)),
    # SL2014 numbers no total: „TOTAL” is Integra's JSON key, shown to no reader.
    Indicator("TOTAL", _("total number of participants"), lambda: Q(), public_code=False),
    Indicator(
        "CR01",
        _("inactive participants engaged in job searching upon leaving"),
        lambda: _inactive() & Q(situation_at_exit=ResultKind.JOB_SEARCHING),
        kind="result",
    ),
    Indicator(
        "CR02",
        _("participants in education or training upon leaving"),
        _q(situation_at_exit=ResultKind.EDUCATION),
        kind="result",
    ),
    Indicator(
        "CR03",
        _("participants gaining a qualification upon leaving"),
        _q(situation_at_exit=ResultKind.QUALIFICATION),
        kind="result",
    ),
    Indicator(
        "CR04",
        _("participants in employment, including self-employment, upon leaving"),
        _q(situation_at_exit__in=EMPLOYMENT_KINDS),
        kind="result",
    ),
    Indicator(
        "CR05",
        _(
            "disadvantaged participants engaged in job searching, education or training, gaining a "
            "qualification, in employment, including self-employment, upon leaving"
        ),
        lambda: _disadvantaged() & Q(situation_at_exit__in=ACTIVE_SITUATIONS),
        kind="result",
        sensitive=True,
    ),
    Indicator(
        "CR06",
        _("participants in employment, including self-employment, six months after leaving"),
        _q(employed_6m=True),
        kind="result",
    ),
    Indicator(
        "CR07",
        _("participants with an improved labour market situation six months after leaving"),
        _q(improved_6m=True),
        kind="result",
    ),
    Indicator(
        "CR08",
        _("participants above 54 years of age in employment, including self-employment, six months after leaving"),
        lambda: _age(lowest=55)() & Q(employed_6m=True),
        kind="result",
    ),
    Indicator(
        "CR09",
        _("disadvantaged participants in employment, including self-employment, six months after leaving"),
        lambda: _disadvantaged() & Q(employed_6m=True),
        kind="result",
        sensitive=True,
    ),
)

# 2007–2013: Commission Regulation (EC) No 1828/2006, Annex XXIII ("data on participants in ESF
# operations"), as PEFS collected it for PO KL. The regulation gives the breakdowns no codes: the
# codes here are Integra's stable JSON keys.
INDICATORS_2007_2013: tuple[Indicator, ...] = (
    Indicator("total", pgettext_lazy("PEFS", "participants"), lambda: Q()),
    Indicator("employed", pgettext_lazy("PEFS", "employed"), _employed),
    Indicator("self_employed", _("of whom self-employed"), lambda: _employed() & Q(participant__self_employed=True)),
    Indicator("unemployed", pgettext_lazy("PEFS", "unemployed"), _unemployed),
    Indicator("long_term_unemployed", _("of whom long-term unemployed"), _long_term_unemployed),
    Indicator("inactive", pgettext_lazy("indicator", "inactive"), _inactive),
    Indicator(
        "inactive_in_education",
        _("of whom in education or training"),
        lambda: _inactive() & Q(participant__in_education=True),
    ),
    Indicator("aged_15_24", _("young people (15–24 years)"), _age(15, 24)),
    Indicator("aged_55_64", _("older workers (55–64 years)"), _age(55, 64)),
    Indicator(
        "minorities",
        pgettext_lazy("PEFS", "minorities"),
        lambda: said_yes("minority"),
        sensitive=True,
        answers=("minority",),
    ),
    Indicator(
        "migrants",
        pgettext_lazy("PEFS", "migrants"),
        lambda: said_yes("foreign_background") | Q(participant__third_country_national=True),
        sensitive=True,
        answers=("foreign_background",),
    ),
    Indicator(
        "disabled",
        pgettext_lazy("PEFS", "people with disabilities"),
        lambda: said_yes("disability"),
        sensitive=True,
        answers=("disability",),
    ),
    # PO KL reported homeless people among "other disadvantaged" (no group of their own in Annex XXIII).
    Indicator(
        "other_disadvantaged",
        _("other disadvantaged people"),
        lambda: said_yes("other_disadvantage") | said_yes("homeless"),
        sensitive=True,
        answers=("other_disadvantage", "homeless"),
    ),
    Indicator(
        "isced_1_2", _("primary or lower secondary education (ISCED 1 and 2)"), _education(*LOWER_SECONDARY_OR_LESS)
    ),
    Indicator("isced_3", _("upper secondary education (ISCED 3)"), _education(Education.ISCED3)),
    Indicator("isced_4", _("post-secondary non-tertiary education (ISCED 4)"), _education(Education.ISCED4)),
    Indicator("isced_5_6", _("tertiary education (ISCED 5 and 6)"), _education(Education.ISCED5_8)),
)
INDICATORS_2007_2013 = tuple(replace(i, public_code=False) for i in INDICATORS_2007_2013)

INDICATOR_SETS: dict[str, tuple[Indicator, ...]] = {
    PERIOD_2007_2013: INDICATORS_2007_2013,
    PERIOD_2014_2020: INDICATORS_2014_2020,
    PERIOD_2021_2027: INDICATORS_2021_2027,
}
# Integra's own keys (2007–2013's rows, 2014–2020's total), which readers never see as codes.
_INTEGRA_KEYS = frozenset(i.code for indicators in INDICATOR_SETS.values() for i in indicators if not i.public_code)


def reader_code(code: str) -> str:
    """An indicator's code as a reader sees it: the period's own code (CO01, EECO11), or nothing for a row whose
    code is only Integra's JSON key (`long_term_unemployed`, `TOTAL`): the row's name labels it."""
    return "" if code in _INTEGRA_KEYS else code


# The code of each set's total (the participant count of the report).
TOTAL_CODES = {PERIOD_2007_2013: "total", PERIOD_2014_2020: "TOTAL", PERIOD_2021_2027: "EECO11"}
# Each set's own title, shown above the table and in the PDF/XLSX.
SET_TITLES = {
    PERIOD_2007_2013: _("Data on participants (ESF, Commission Regulation (EC) No 1828/2006, Annex XXIII, PEFS)"),
    PERIOD_2014_2020: _("Common indicators on participants (ESF, Regulation (EU) No 1304/2013, Annex I, SL2014)"),
    PERIOD_2021_2027: _("Common indicators on participants (ESF+, Regulation (EU) 2021/1057, Annex I)"),
}
# Periods whose set reads the household registry (CO12–CO14 and the "disadvantaged" of CR05/CR09).
_HOUSEHOLD_PERIODS = {PERIOD_2014_2020}
# A member of a jobless household is known to be unemployed or inactive (an empty status is unknown).
NOT_WORKING_STATUSES = (*UNEMPLOYED_STATUSES, LabourStatus.INACTIVE)


class UnknownPeriod(LookupError):
    """The project's programming period has no indicator set (or the project has none)."""

    @property
    def message(self) -> str:
        period = self.args[0] if self.args else ""
        supported = ", ".join(sorted(INDICATOR_SETS))
        if not period:
            return str(NO_PERIOD) % {"supported": supported}
        return str(UNKNOWN_PERIOD) % {"period": period, "supported": supported}


NO_PERIOD = _("The project has no programming period. Set one of the periods Integra supports: %(supported)s.")
UNKNOWN_PERIOD = _(
    "Integra has no EU indicator set for the programming period %(period)s. Supported periods: %(supported)s."
)


def indicator_set(period: str) -> tuple[Indicator, ...]:
    """The indicator definitions of a programming period (UnknownPeriod when none are defined)."""
    try:
        return INDICATOR_SETS[period]
    except KeyError as exc:
        raise UnknownPeriod(period) from exc


def is_sensitive_code(code: str) -> bool:
    """The code names a special-category indicator in some period's set."""
    return any(i.code == code and i.sensitive for indicators in INDICATOR_SETS.values() for i in indicators)


def indicator_by_code(period: str, code: str) -> Indicator | None:
    return next((i for i in indicator_set(period) if i.code == code), None)


def age_at(day: Any, birth: Any) -> ExpressionWrapper:
    """Whole years on `day`: a birthday on the day counts; 29 Feb birthdays turn older on 1 March."""
    day_key = ExtractMonth(day) * 100 + ExtractDay(day)
    birth_key = ExtractMonth(birth) * 100 + ExtractDay(birth)
    not_yet = Case(When(GreaterThan(birth_key, day_key), then=Value(1)), default=Value(0))
    return ExpressionWrapper(ExtractYear(day) - ExtractYear(birth) - not_yet, output_field=IntegerField())


def annotate_for_indicators(participations: QuerySet[Participation], period: str = "") -> QuerySet[Participation]:
    """Add age_at_start, exit_date, situation_at_exit, employed_6m and improved_6m (and, for the
    periods that report households, jobless_household, dependent_children and single_adult_household)."""
    exit_date = Coalesce(F("exit__exit_on"), F("end_on"))
    qs = participations.annotate(
        age_at_start=age_at(F("start_on"), F("participant__birth_date")),
        exit_date=exit_date,
    )
    window_end = ExpressionWrapper(
        OuterRef("exit_date") + dt.timedelta(days=RESULT_WINDOW_DAYS), output_field=DateField()
    )
    last_situation = (
        Result.objects.filter(
            participation=OuterRef("pk"),
            kind__in=SITUATION_KINDS,
            achieved_on__gte=OuterRef("exit_date"),
            achieved_on__lte=window_end,
        )
        .order_by("-achieved_on", "-id")
        .values("kind")[:1]
    )
    # A participant's own answer counts once staff confirm it (integra.outreach; outcomes.FollowUp.answer_status).
    later = FollowUp.objects.filter(participation=OuterRef("pk"), kind=LONGER_TERM_FOLLOW_UP).exclude(
        answer_status__in=UNCONFIRMED_ANSWERS
    )
    qs = qs.annotate(
        situation_at_exit=Subquery(last_situation),
        employed_6m=Exists(later.filter(employed=True)),
        improved_6m=Exists(later.filter(improved_situation=True)),
    )
    if period in _HOUSEHOLD_PERIODS:
        qs = _annotate_household(qs)
    return qs


def _annotate_household(qs: QuerySet[Participation]) -> QuerySet[Participation]:
    """The participant's household at the start of participation, from the household registry.

    Jobless household (Regulation 1304/2013 Annex I, Eurostat LFS definition): no member is in
    employment, i.e. every member is known to be unemployed or inactive. Members who are participants
    count by their labour-market status (none recorded: unknown). Relatives recorded without a
    participant record have no labour-market data in Integra: a child under 18 at the participant's
    start is taken as not in employment (the LFS counts 0–17-year-olds as children, never as workers),
    anyone else (18 or older, or of unknown age) leaves the household's status unknown, and a household
    with an unknown member is not counted as jobless — the indicator never claims what nobody recorded.
    Dependent children (Eurostat): members recorded as children aged under 18 at the participant's
    start, or 18–24 and not employed. A single adult household: exactly one member who is not a
    dependent child (a child of unknown age is neither). No household recorded: none of the three.
    """
    employed = Q(participant__labour_status=LabourStatus.EMPLOYED)
    members = HouseholdMember.objects.filter(household=OuterRef("participant__household")).annotate(
        member_age=age_at(OuterRef("start_on"), Coalesce(F("participant__birth_date"), F("birth_date")))
    )
    child = Q(relation=HouseholdMember.Relation.CHILD)
    dependent = child & (Q(member_age__lt=18) | (Q(member_age__gte=18, member_age__lte=24) & ~employed))
    adult = ~child | Q(member_age__gte=25) | (Q(member_age__gte=18) & employed)
    adults = members.filter(adult).order_by().values("household").annotate(n=Count("pk")).values("n")[:1]
    has_household = Q(participant__household__isnull=False)
    not_working = Q(participant__labour_status__in=NOT_WORKING_STATUSES)
    working_or_unknown = members.filter(
        (Q(participant__isnull=False) & ~not_working)
        | Q(participant__isnull=True, birth_date__isnull=True)
        | Q(participant__isnull=True, member_age__gte=18)
    )
    return qs.annotate(household_adults=Coalesce(Subquery(adults), 0)).annotate(
        jobless_household=ExpressionWrapper(
            has_household
            & not_working
            & ~Exists(
                Participant.objects.filter(household=OuterRef("participant__household")).exclude(
                    labour_status__in=NOT_WORKING_STATUSES
                )
            )
            & ~Exists(working_or_unknown),
            output_field=BooleanField(),
        ),
        dependent_children=ExpressionWrapper(
            has_household & Exists(members.filter(dependent)), output_field=BooleanField()
        ),
        single_adult_household=ExpressionWrapper(has_household & Q(household_adults=1), output_field=BooleanField()),
    )


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    name: str
    total: int
    women: int
    men: int
    non_binary: int
    sensitive: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "total": self.total,
            "women": self.women,
            "men": self.men,
            "non_binary": self.non_binary,
        }


def project_participations(project: Project) -> QuerySet[Participation]:
    """The project's participations, one per person (first entry's data, last exit)."""
    return Participation.objects.filter(institution_id=project.institution_id, project=project)


def compute_indicators(participations: QuerySet[Participation], period: str) -> list[IndicatorValue]:
    """Every indicator of the period by sex, in one aggregate query."""
    indicators = indicator_set(period)
    aggregates: dict[str, Count] = {}
    for indicator in indicators:
        condition = indicator.condition()
        aggregates[f"{indicator.code}__total"] = Count("pk", filter=condition)
        for key, sex in SEXES:
            aggregates[f"{indicator.code}__{key}"] = Count("pk", filter=condition & Q(participant__sex=sex))
    # The slice (a LIMIT no list reaches) and the cleared ordering make the per-participation subquery
    # run once per row: without them PostgreSQL flattens it and re-runs the situation and follow-up
    # subqueries inside each of the 92 counts (32 s instead of 2 s for a 227k-participation region,
    # bench/indicators.py).
    row = annotate_for_indicators(participations, period).order_by()[:_ALL_ROWS].aggregate(**aggregates)
    return [
        IndicatorValue(
            code=i.code,
            name=str(i.name),
            total=row[f"{i.code}__total"],
            women=row[f"{i.code}__women"],
            men=row[f"{i.code}__men"],
            non_binary=row[f"{i.code}__non_binary"],
            sensitive=i.sensitive,
        )
        for i in indicators
    ]


def no_data_counts(participations: QuerySet[Participation], period: str) -> dict[str, int]:
    """People with no answer recorded, per special-category indicator of the period (one aggregate query): not
    counted in the indicator, and one of the answers it reads not recorded („brak danych”). They count in the
    total; the screen, PDF and XLSX show them in a "No data" column beside the indicator."""
    counts = {
        i.code: Count(
            "pk",
            filter=~i.condition()
            & Q(*(Q(**{f"participant__{a}": Answer.NOT_GIVEN}) for a in i.answers), _connector=Q.OR),
        )
        for i in indicator_set(period)
        if i.answers
    }
    return participations.order_by().aggregate(**counts) if counts else {}


def project_indicators(project: Project) -> list[IndicatorValue]:
    return compute_indicators(project_participations(project), project.programme_period)


def counted_participations(project: Project, indicator: Indicator, sex_key: str = "") -> QuerySet[Participation]:
    """The participations behind one number (drill-down), same rule as the count."""
    condition = indicator.condition()
    sexes = dict(SEXES)
    if sex_key:
        condition &= Q(participant__sex=sexes[sex_key])
    annotated = annotate_for_indicators(project_participations(project), project.programme_period)
    return annotated.filter(condition).select_related("participant")


# --- 2007–2013: the participant flow of a payment claim (wniosek o płatność, PO KL) ----------------

FLOW_KEYS = ("entered", "continuing", "completed", "interrupted")


def _completed_path() -> Q:
    """Left on the planned path: the exit reason "completed the planned path", or, with no exit
    recorded, an end date on a participation not marked as left early."""
    return Q(exit__reason=ExitReason.COMPLETED) | (
        Q(exit__isnull=True, end_on__isnull=False) & ~Q(status=Participation.Status.LEFT)
    )


def _interrupted() -> Q:
    """Left before the end of the path: any other exit reason (leaving early for a job included: PO KL
    counted it as "przerwał udział"), or, with no exit recorded, an end date on a participation left early."""
    return Q(exit__reason__in=[r for r in ExitReason.values if r != ExitReason.COMPLETED]) | Q(
        exit__isnull=True, end_on__isnull=False, status=Participation.Status.LEFT
    )


def participant_flow(project: Project, start: dt.date, end: dt.date) -> dict[str, Any]:
    """People who entered, continue, completed or interrupted — in the claim's period and since the start.

    Entered: participation started in the period (since the start: by the period's end). Completed /
    interrupted: the exit date (else the end date) falls in the period (since the start: by its end).
    Continuing: started by the period's end and not left by then (the same in both columns).
    """
    qs = project_participations(project).annotate(flow_exit=Coalesce(F("exit__exit_on"), F("end_on")))
    started = Q(start_on__lte=end)
    continuing = started & (Q(flow_exit__isnull=True) | Q(flow_exit__gt=end))
    left_in = Q(flow_exit__gte=start, flow_exit__lte=end)
    left_by_end = started & Q(flow_exit__lte=end)
    conditions = {
        "in_period": {
            "entered": Q(start_on__gte=start, start_on__lte=end),
            "continuing": continuing,
            "completed": left_in & _completed_path(),
            "interrupted": left_in & _interrupted(),
        },
        "since_start": {
            "entered": started,
            "continuing": continuing,
            "completed": left_by_end & _completed_path(),
            "interrupted": left_by_end & _interrupted(),
        },
    }
    aggregates: dict[str, Count] = {}
    for column, rows in conditions.items():
        for key, condition in rows.items():
            aggregates[f"{column}__{key}__total"] = Count("pk", filter=condition)
            for sex_key, sex in SEXES:
                aggregates[f"{column}__{key}__{sex_key}"] = Count("pk", filter=condition & Q(participant__sex=sex))
    row = qs.order_by().aggregate(**aggregates)
    flow: dict[str, Any] = {"from": start.isoformat(), "to": end.isoformat()}
    for column, rows in conditions.items():
        flow[column] = {
            key: {part: row[f"{column}__{key}__{part}"] for part in ("total", "women", "men", "non_binary")}
            for key in rows
        }
    return flow


def indicators_json(
    project: Project, *, flow_from: dt.date | None = None, flow_to: dt.date | None = None
) -> dict[str, Any]:
    """The project's indicators in its period's terms (keys: docs/reports.md).

    UnknownPeriod when the project has no period or one without a set. For 2007–2013 the
    participant flow of a payment claim from `flow_from` to `flow_to` (default: the project's period).
    """
    period = project.programme_period
    values = compute_indicators(project_participations(project), period)
    total_code = TOTAL_CODES[period]
    data: dict[str, Any] = {
        "project": project.code,
        "participants": next(v.total for v in values if v.code == total_code),
        "indicators": [v.as_json() for v in values],
        "programme_period": period,
    }
    if period == PERIOD_2007_2013:
        data["flow"] = participant_flow(project, flow_from or project.start_on, flow_to or project.end_on)
    return data
