"""The edge-case project of issue 5 reported in the 2014–2020 and 2007–2013 terms (issue 19).

The eight people of `edge_project` plus six more for the rules the earlier periods add: the age
bands (below 25 / above 54, 15–24 / 55–64), inactive people in education, self-employment, the
household registry (jobless households, dependent children, single adults), refused answers,
and exits that complete or interrupt the path (the payment-claim flow).
"""

from __future__ import annotations

import datetime as dt

from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.people.models import Household, HouseholdMember
from integra.people.tests.factories import ParticipantFactory
from integra.reports.tests.edge_project import EdgeProject, _person, build_edge_project

D = dt.date


def _exit(participation, day: dt.date, reason: str = ExitReason.COMPLETED) -> None:
    Exit.objects.create(institution=participation.institution, participation=participation, exit_on=day, reason=reason)


def _follow_up(participation, kind: str, *, employed: bool, improved: bool = False) -> None:
    FollowUp.objects.create(
        institution=participation.institution,
        participation=participation,
        kind=kind,
        due_on=participation.end_on + dt.timedelta(days=90),
        employed=employed,
        improved_situation=improved,
    )


def _household(world: EdgeProject, name: str, head, *others: tuple[str, dict]) -> Household:
    """A household of the registry: `head` (a participant) and relatives or other participants."""
    institution = world.project.institution
    household = Household.objects.create(institution=institution, name=name)
    HouseholdMember.objects.create(
        institution=institution, household=household, participant=head, relation=HouseholdMember.Relation.HEAD
    )
    head.household = household
    head.save(update_fields=["household"])
    for relation, attrs in others:
        HouseholdMember.objects.create(institution=institution, household=household, relation=relation, **attrs)
        if attrs.get("participant"):
            attrs["participant"].household = household
            attrs["participant"].save(update_fields=["household"])
    return household


def build_period_project(institution, period: str, code: str) -> EdgeProject:
    world = build_edge_project(institution, code=code)
    world.project.programme_period = period
    world.project.save(update_fields=["programme_period"])
    child = HouseholdMember.Relation.CHILD
    # Irena: 24 on the start day (25 the next day), inactive but a student; heads a household with a
    # 17-year-old son and nobody working: jobless, dependent child, single adult. Job searching 3 days
    # after she dropped out.
    irena = _person(
        world,
        "Irena",
        sex="F",
        birth_date=D(1998, 6, 20),
        start=D(2023, 6, 19),
        end=D(2023, 10, 31),
        education="isced2",
        in_education=True,
    )
    _household(
        world,
        "Irena's",
        irena.participant,
        (child, {"first_name": "Kacper", "last_name": "TestIrena", "birth_date": D(2005, 6, 20)}),
    )
    _exit(irena, D(2023, 10, 31), ExitReason.DROPPED_OUT)
    Result.objects.create(
        institution=institution, participation=irena, kind=ResultKind.JOB_SEARCHING, achieved_on=D(2023, 11, 3)
    )
    # Jan: 25 on his birthday, the start day; self-employed; a single father of a daughter who turned 18
    # that day (still a dependent child). Left early for a job; employed at 3 months only.
    jan = _person(
        world,
        "Jan",
        sex="M",
        birth_date=D(1998, 5, 5),
        start=D(2023, 5, 5),
        end=D(2023, 9, 30),
        labour_status="employed",
        self_employed=True,
    )
    _household(
        world,
        "Jan's",
        jan.participant,
        (child, {"first_name": "Zosia", "last_name": "TestJan", "birth_date": D(2005, 5, 5)}),
    )
    _exit(jan, D(2023, 9, 30), ExitReason.LEFT_FOR_JOB)
    _follow_up(jan, FollowUp.Kind.MONTHS_3, employed=True, improved=True)
    # Krzysztof: 60, inactive, lives with his wife Maria, a participant of the centre (not of this
    # project) recorded as inactive: jobless, two adults, no children. Dropped out on the last day of
    # the claim period; employed at 6 months.
    krzysztof = _person(world, "Krzysztof", sex="M", birth_date=D(1963, 1, 10), start=D(2023, 2, 1), end=D(2023, 6, 30))
    maria = ParticipantFactory(
        institution=institution,
        first_name="Maria",
        last_name="TestKrzysztof",
        sex="F",
        birth_date=D(1965, 3, 3),
        labour_status="inactive",
    )
    _household(world, "Krzysztof's", krzysztof.participant, (HouseholdMember.Relation.SPOUSE, {"participant": maria}))
    _exit(krzysztof, D(2023, 6, 30), ExitReason.DROPPED_OUT)
    _follow_up(krzysztof, FollowUp.Kind.MONTHS_6, employed=True)
    # Lena: inactive, other disadvantage; her husband Marek is a participant of the centre (not of
    # this project) who works: not a jobless household. Still taking part.
    lena = _person(
        world,
        "Lena",
        sex="F",
        birth_date=D(1980, 3, 3),
        start=D(2023, 3, 1),
        education="isced4",
        other_disadvantage="yes",
    )
    marek = ParticipantFactory(
        institution=institution, first_name="Marek", last_name="TestLena", labour_status="employed"
    )
    _household(world, "Lena's", lena.participant, (HouseholdMember.Relation.SPOUSE, {"participant": marek}))
    # Olga: unemployed, refused the other-disadvantage question. Still taking part.
    _person(
        world,
        "Olga",
        sex="F",
        birth_date=D(1985, 1, 1),
        start=D(2023, 1, 10),
        education="isced5_8",
        labour_status="unregistered_unemployed",
        other_disadvantage="refused",
    )
    # Zenon: 65 on the start day: above 54 (2014–2020), no longer an older worker 55–64 (2007–2013).
    _person(world, "Zenon", sex="M", birth_date=D(1958, 4, 4), start=D(2023, 4, 4), education="isced1")
    return world


# Hand-computed, 2014–2020: code -> (total, women, men, non_binary).
EXPECTED_2014_2020 = {
    "CO01": (5, 3, 1, 1),  # Bartek, Celina, Ewa, Gabi, Olga
    "CO02": (2, 1, 1, 0),  # Bartek (<25), Ewa (25+)
    "CO03": (7, 4, 3, 0),  # Ala, Feliks, Halina, Irena, Krzysztof, Lena, Zenon
    "CO04": (6, 3, 3, 0),  # the inactive but Irena, a student
    "CO05": (2, 0, 2, 0),  # Dawid, Jan
    "CO06": (3, 2, 1, 0),  # Ala 17, Bartek 18, Irena 24; Jan 25 on the day is out
    "CO07": (3, 1, 2, 0),  # Ewa 55, Krzysztof 60, Zenon 65; Feliks 54 is out
    "CO08": (3, 1, 2, 0),  # Ewa (unemployed), Krzysztof and Zenon (inactive, not in education)
    "CO09": (5, 3, 2, 0),  # Ala ISCED 2, Ewa ISCED 1, Feliks ISCED 0, Irena ISCED 2, Zenon ISCED 1
    "CO10": (6, 3, 3, 0),  # Bartek, Celina, Halina, Jan, Krzysztof, Lena
    "CO11": (3, 1, 1, 1),  # Dawid, Gabi, Olga
    "CO12": (2, 1, 1, 0),  # Irena, Krzysztof; Lena's husband works
    "CO13": (1, 1, 0, 0),  # Irena
    "CO14": (2, 1, 1, 0),  # Irena, Jan (a working single father counts too)
    "CO15": (2, 1, 0, 1),  # Gabi (foreign background), Halina (minority)
    "CO16": (1, 1, 0, 0),  # Ewa; Feliks refused
    "CO17": (1, 1, 0, 0),  # Lena; Olga refused
    "CO18": (1, 0, 1, 0),  # Feliks; Halina refused
    "CO19": (1, 1, 0, 0),  # Ala
    "TOTAL": (14, 7, 6, 1),
    "CR01": (1, 1, 0, 0),  # Irena (inactive); Celina and Ewa were unemployed
    "CR02": (1, 0, 1, 0),  # Feliks on the exit day
    "CR03": (1, 1, 0, 0),  # Halina at 28 days (four weeks) after her last exit
    "CR04": (1, 0, 1, 0),  # Bartek at 27 days; Dawid at 29 days is out
    "CR05": (4, 3, 1, 0),  # Ewa (disability), Feliks (homeless), Halina (minority), Irena (jobless household)
    "CR06": (3, 1, 2, 0),  # Dawid, Halina, Krzysztof at 6 months; Jan's 3-month check does not count
    "CR07": (2, 2, 0, 0),  # Ewa, Halina; Jan improved at 3 months only
    "CR08": (1, 0, 1, 0),  # Krzysztof
    "CR09": (2, 1, 1, 0),  # Halina (minority), Krzysztof (jobless household)
}

EXPECTED_2007_2013 = {
    "total": (14, 7, 6, 1),
    "employed": (2, 0, 2, 0),  # Dawid, Jan
    "self_employed": (1, 0, 1, 0),  # Jan
    "unemployed": (5, 3, 1, 1),
    "long_term_unemployed": (2, 1, 1, 0),
    "inactive": (7, 4, 3, 0),
    "inactive_in_education": (1, 1, 0, 0),  # Irena
    "aged_15_24": (3, 2, 1, 0),  # Ala 17, Bartek 18, Irena 24; Jan 25 is out
    "aged_55_64": (2, 1, 1, 0),  # Ewa 55, Krzysztof 60; Feliks 54 and Zenon 65 are out
    "minorities": (1, 1, 0, 0),  # Halina; Gabi refused
    "migrants": (1, 0, 0, 1),  # Gabi
    "disabled": (1, 1, 0, 0),  # Ewa; Feliks refused
    "other_disadvantaged": (2, 1, 1, 0),  # Lena, Feliks (homeless); Olga and Halina refused
    "isced_1_2": (5, 3, 2, 0),  # ISCED 0 (Feliks) counts here
    "isced_3": (4, 1, 3, 0),  # Bartek, Halina, Jan, Krzysztof
    "isced_4": (2, 2, 0, 0),  # Celina, Lena
    "isced_5_6": (3, 1, 1, 1),  # Dawid, Gabi, Olga
}

# The payment claim of 1 January – 30 June 2023.
CLAIM = (D(2023, 1, 1), D(2023, 6, 30))
EXPECTED_FLOW = {
    "in_period": {
        # Ala, Bartek, Ewa, Feliks, Irena, Jan, Krzysztof, Lena, Olga, Zenon started in the half-year.
        "entered": (10, 5, 5, 0),
        # Started by 30 June and not left by then (Ala, Bartek, Ewa, Feliks, Gabi, Irena, Jan, Lena, Olga, Zenon).
        "continuing": (10, 5, 4, 1),
        "completed": (2, 1, 1, 0),  # Dawid 31 March, Halina 30 June
        "interrupted": (1, 0, 1, 0),  # Krzysztof dropped out on 30 June
    },
    "since_start": {
        "entered": (14, 7, 6, 1),
        "continuing": (10, 5, 4, 1),
        "completed": (3, 2, 1, 0),  # + Celina: end date in 2022, no exit recorded
        "interrupted": (1, 0, 1, 0),
    },
}
