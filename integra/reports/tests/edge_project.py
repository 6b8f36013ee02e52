"""A small project built by hand: one person per edge case of the EU indicators (issue 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

D = dt.date


@dataclass
class EdgeProject:
    project: Any
    people: dict[str, Any] = field(default_factory=dict)
    participations: dict[str, Any] = field(default_factory=dict)


def _person(
    world: EdgeProject, key: str, *, start: dt.date, end: dt.date | None = None, entries: int = 1, **attrs: Any
):
    defaults = {"first_name": key, "last_name": f"Test{key}", "education": "isced3", "labour_status": "inactive"}
    defaults.update(attrs)
    participant = ParticipantFactory(institution=world.project.institution, **defaults)
    participation = ParticipationFactory(
        project=world.project, participant=participant, start_on=start, end_on=end, entries=entries
    )
    world.people[key] = participant
    world.participations[key] = participation
    return participation


def _exit(participation, day: dt.date) -> None:
    Exit.objects.create(
        institution=participation.institution, participation=participation, exit_on=day, reason=ExitReason.COMPLETED
    )


def _result(participation, kind: str, day: dt.date) -> None:
    Result.objects.create(
        institution=participation.institution, participation=participation, kind=kind, achieved_on=day
    )


def _follow_up(participation, *, employed: bool, improved: bool) -> None:
    FollowUp.objects.create(
        institution=participation.institution,
        participation=participation,
        kind=FollowUp.Kind.MONTHS_6,
        due_on=participation.end_on + dt.timedelta(days=183),
        done_on=participation.end_on + dt.timedelta(days=183),
        employed=employed,
        improved_situation=improved,
    )


def build_edge_project(institution, code: str = "EDGE-1") -> EdgeProject:
    world = EdgeProject(
        project=ProjectFactory(
            institution=institution,
            code=code,
            title="Projekt brzegowy",
            start_on=D(2022, 1, 1),
            end_on=D(2024, 12, 31),
            programme_period="2021-2027",
        )
    )
    # Ala: 17 on the start day (birthday the next day), ISCED 2, inactive, rural.
    ala = _person(
        world,
        "Ala",
        sex="F",
        birth_date=D(2005, 6, 15),
        start=D(2023, 6, 14),
        end=D(2023, 12, 31),
        education="isced2",
        degurba=3,
    )
    _exit(ala, D(2023, 12, 31))
    _result(ala, ResultKind.INTERNSHIP, D(2024, 1, 2))  # not a labour-market situation
    _result(ala, ResultKind.SOCIAL_PROGRESS, D(2024, 1, 5))
    # Bartek: 18 on his birthday, long-term unemployed under 25; a job 27 days after exit.
    bartek = _person(
        world,
        "Bartek",
        sex="M",
        birth_date=D(2005, 3, 1),
        start=D(2023, 3, 1),
        end=D(2023, 9, 30),
        labour_status="registered_unemployed",
        long_term_unemployed=True,
    )
    _exit(bartek, D(2023, 9, 30))
    _result(bartek, ResultKind.EMPLOYMENT_CONTRACT, D(2023, 10, 27))
    # Celina: born 29 Feb, started 28 Feb of a non-leap year: still 29. Exit known only as end date;
    # job searching 5 days after, a job 29 days after (outside the window).
    celina = _person(
        world,
        "Celina",
        sex="F",
        birth_date=D(1992, 2, 29),
        start=D(2022, 2, 28),
        end=D(2022, 12, 31),
        education="isced4",
        labour_status="unregistered_unemployed",
    )
    _result(celina, ResultKind.JOB_SEARCHING, D(2023, 1, 5))
    _result(celina, ResultKind.EMPLOYMENT_CONTRACT, D(2023, 1, 29))
    # Dawid: born 29 Feb, started 1 March of a non-leap year: 30. Employed, ISCED 5-8;
    # self-employed 29 days after exit (not counted), employed at the 6-month follow-up.
    dawid = _person(
        world,
        "Dawid",
        sex="M",
        birth_date=D(1992, 2, 29),
        start=D(2022, 3, 1),
        end=D(2023, 3, 31),
        education="isced5_8",
        labour_status="employed",
    )
    _exit(dawid, D(2023, 3, 31))
    _result(dawid, ResultKind.SELF_EMPLOYMENT, D(2023, 4, 29))
    _follow_up(dawid, employed=True, improved=False)
    # Ewa: 55 on the start day, ISCED 1, long-term unemployed over 25, disability; a job then job
    # searching within the window (the last counts); improved situation at 6 months.
    ewa = _person(
        world,
        "Ewa",
        sex="F",
        birth_date=D(1968, 5, 10),
        start=D(2023, 5, 10),
        end=D(2023, 11, 30),
        education="isced1",
        labour_status="registered_unemployed",
        long_term_unemployed=True,
        disability="yes",
    )
    _exit(ewa, D(2023, 11, 30))
    _result(ewa, ResultKind.EMPLOYMENT_CONTRACT, D(2023, 12, 2))
    _result(ewa, ResultKind.JOB_SEARCHING, D(2023, 12, 20))
    _follow_up(ewa, employed=False, improved=True)
    # Feliks: 54 (55 the next day), ISCED 0, inactive (a stray long-term flag does not make him
    # unemployed), refused the disability question, homeless; in training on the exit day.
    feliks = _person(
        world,
        "Feliks",
        sex="M",
        birth_date=D(1968, 5, 11),
        start=D(2023, 5, 10),
        end=D(2023, 8, 31),
        education="isced0",
        long_term_unemployed=True,
        disability="refused",
        homeless="yes",
    )
    _exit(feliks, D(2023, 8, 31))
    _result(feliks, ResultKind.EDUCATION, D(2023, 8, 31))
    # Gabi: non-binary, no PESEL, third-country national of foreign background, refused minority; still active.
    _person(
        world,
        "Gabi",
        sex="X",
        birth_date=D(1990, 1, 1),
        start=D(2022, 6, 1),
        education="isced5_8",
        labour_status="registered_unemployed",
        third_country_national=True,
        foreign_background="yes",
        minority="refused",
    )
    # Halina: a re-entrant (one row: first entry, last exit); a qualification after her first exit
    # does not count, one 28 days after the last exit does; employed and improved at 6 months.
    halina = _person(
        world,
        "Halina",
        sex="F",
        birth_date=D(1985, 7, 7),
        start=D(2022, 4, 1),
        end=D(2023, 6, 30),
        entries=2,
        minority="yes",
        homeless="refused",
    )
    _exit(halina, D(2023, 6, 30))
    _result(halina, ResultKind.QUALIFICATION, D(2022, 9, 10))
    _result(halina, ResultKind.QUALIFICATION, D(2023, 7, 28))
    _follow_up(halina, employed=True, improved=True)
    return world


# Hand-computed: code -> (total, women, men, non_binary).
EXPECTED = {
    "EECO01": (4, 2, 1, 1),  # Bartek, Celina, Ewa, Gabi
    "EECO02": (2, 1, 1, 0),  # Bartek (<25), Ewa (25+)
    "EECO03": (3, 2, 1, 0),  # Ala, Feliks, Halina
    "EECO04": (1, 0, 1, 0),  # Dawid
    "EECO05": (1, 1, 0, 0),  # Ala, 17
    "EECO06": (2, 1, 1, 0),  # Bartek 18, Celina 29 (29 Feb rule); Dawid 30 is out
    "EECO07": (1, 1, 0, 0),  # Ewa 55; Feliks 54 is out
    "EECO08": (3, 2, 1, 0),  # Ala ISCED 2, Ewa ISCED 1, Feliks ISCED 0
    "EECO09": (3, 2, 1, 0),  # Bartek ISCED 3, Celina ISCED 4, Halina ISCED 3
    "EECO10": (2, 0, 1, 1),  # Dawid, Gabi
    "EECO11": (8, 4, 3, 1),
    "EECO12": (1, 1, 0, 0),  # Ewa; Feliks refused
    "EECO13": (1, 0, 0, 1),  # Gabi
    "EECO14": (1, 0, 0, 1),  # Gabi
    "EECO15": (1, 1, 0, 0),  # Halina; Gabi refused
    "EECO16": (1, 0, 1, 0),  # Feliks; Halina refused
    "EECO17": (1, 1, 0, 0),  # Ala
    "EECR01": (2, 2, 0, 0),  # Celina (job at 29 days is out), Ewa (job searching came last)
    "EECR02": (1, 0, 1, 0),  # Feliks on the exit day
    "EECR03": (1, 1, 0, 0),  # Halina at 28 days after her last exit
    "EECR04": (1, 0, 1, 0),  # Bartek at 27 days; Dawid at 29 days is out
    "EECR05": (2, 1, 1, 0),  # Dawid, Halina
    "EECR06": (2, 2, 0, 0),  # Ewa, Halina
}
