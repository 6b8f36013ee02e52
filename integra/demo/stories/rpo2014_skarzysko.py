"""A 2014–2020 project (issue 19): RPO Świętokrzyskie, Priority 9, at Skarżysko-Kamienna, 2017–2019.

The five article projects are 2007–2013 (PO KL) and the present-day one is 2021–2027; this story
gives the demo a project of the period between, so each period's indicators have a project to open.
The centre ran a competition project of the regional programme (RPOWŚ 2014–2020, Działanie 9.1
„Aktywna integracja zwiększająca szanse na zatrudnienie”): 24 people from social-assistance families,
two cohorts, with social contracts, exits, results upon leaving (within four weeks, some later) and
the 6-month checks, recorded through the services the screens use. The project number is invented
in the numbering of the programme (RPSW.09.01.00-26-NNNN/17).
"""

from __future__ import annotations

import datetime as dt
import random

from integra.casework.services import change_status
from integra.demo.generator import CentreData, DemoContext
from integra.demo.stories.common import PeopleFactory, add_partners, household_for, social_contract
from integra.institutions.models import Partner
from integra.outcomes.models import ExitReason, FollowUp, ResultKind
from integra.outcomes.services import add_months, record_exit, record_follow_up, record_result
from integra.people.services import create_participant
from integra.projects.services import add_participation, create_project

CODE = "RPSW.09.01.00-26-0047/17"
TITLE = "Aktywni w Skarżysku – aktywna integracja osób zagrożonych ubóstwem i wykluczeniem społecznym"
START, END = dt.date(2017, 10, 2), dt.date(2019, 9, 30)
COHORTS = (dt.date(2017, 10, 16), dt.date(2018, 9, 3))  # each cohort's first day of support
PARTICIPANTS = 24
SEED = 1417

# (exit after N months of support, reason, result kind, days after exit, 6-month check: employed, improved)
# One row per participant, in their order; the last four stay to the project's last day and leave then
# on the planned path without a recorded result.
PATHS: tuple[tuple[int, str, str | None, int, bool | None, bool | None], ...] = (
    (9, ExitReason.COMPLETED, ResultKind.EMPLOYMENT_CONTRACT, 12, True, True),
    (9, ExitReason.COMPLETED, ResultKind.JOB_SEARCHING, 3, False, True),
    (9, ExitReason.COMPLETED, ResultKind.EDUCATION, 0, False, True),
    (6, ExitReason.LEFT_FOR_JOB, ResultKind.EMPLOYMENT_CONTRACT, 0, True, True),
    (9, ExitReason.COMPLETED, ResultKind.QUALIFICATION, 20, True, True),
    (9, ExitReason.COMPLETED, ResultKind.JOB_SEARCHING, 27, False, False),
    (4, ExitReason.DROPPED_OUT, None, 0, None, None),
    (9, ExitReason.COMPLETED, ResultKind.SELF_EMPLOYMENT, 28, True, True),
    (9, ExitReason.COMPLETED, ResultKind.EMPLOYMENT_CONTRACT, 35, True, True),  # a job after four weeks
    (9, ExitReason.COMPLETED, ResultKind.JOB_SEARCHING, 5, False, False),
    (9, ExitReason.COMPLETED, ResultKind.QUALIFICATION, 10, False, True),
    (7, ExitReason.LEFT_FOR_JOB, ResultKind.EMPLOYMENT_CONTRACT, 0, True, True),
    (9, ExitReason.COMPLETED, ResultKind.JOB_SEARCHING, 14, True, True),
    (9, ExitReason.COMPLETED, ResultKind.EDUCATION, 7, False, True),
    (3, ExitReason.DROPPED_OUT, None, 0, None, None),
    (9, ExitReason.COMPLETED, ResultKind.EMPLOYMENT_CONTRACT, 21, True, True),
    (9, ExitReason.COMPLETED, ResultKind.JOB_SEARCHING, 2, False, True),
    (9, ExitReason.COMPLETED, ResultKind.QUALIFICATION, 28, True, True),
    (9, ExitReason.COMPLETED, ResultKind.JOB_SEARCHING, 9, None, None),  # not reached at 6 months
    (9, ExitReason.COMPLETED, ResultKind.OTHER, 1, False, False),
)


def play(ctx: DemoContext, c: CentreData) -> None:
    """Record the 2014–2020 project of Skarżysko-Kamienna."""
    rng = random.Random(SEED)
    coordinator, worker, worker2 = c.staff["koordynator"], c.staff["pracownik"], c.staff["pracownik2"]
    project = create_project(
        actor=coordinator,
        code=CODE,
        title=TITLE,
        start_on=START,
        end_on=END,
        kind="competitive",
        programme="RPOWŚ 2014-2020",
        priority="9",
        measure="9.1",
        programme_period="2014-2020",
        status="closed",
        club=c.club,
        target_participants=PARTICIPANTS,
        target_women=13,
        target_disabled=4,
        target_jobs=6,
    )
    factory = PeopleFactory(rng, c)
    people = []
    for i in range(PARTICIPANTS):
        cohort = COHORTS[i // (PARTICIPANTS // 2)]
        inactive_student = i in (2, 13)
        person = factory.person(
            sex="F" if i % 2 == 0 else "M",
            age_on=cohort,
            min_age=19 if inactive_student else 26,
            max_age=23 if inactive_student else 62,
            labour_status="inactive" if inactive_student else ("employed" if i == 21 else None),
            disability="yes" if i % 7 == 3 else ("refused" if i == 11 else "no"),
        )
        data = person.form(c)
        data["social_assistance_since"] = cohort - dt.timedelta(days=rng.randrange(200, 2000))
        data["in_education"] = inactive_student
        data["other_disadvantage"] = "yes" if i % 5 == 1 else ("refused" if i == 16 else "no")
        data["homeless"] = "yes" if i == 9 else "no"
        data["minority"] = "yes" if i == 17 else "no"
        data["foreign_background"] = "no"
        groups = ["long_term_unemployed"] if person.long_term_unemployed else []
        people.append(create_participant(actor=worker if i % 2 else worker2, data=data, groups=groups))
    _households(rng, worker, people, factory)
    employers = add_partners(
        c,
        Partner.Kind.EMPLOYER,
        (
            "Przedsiębiorstwo Gospodarki Komunalnej w Skarżysku-Kamiennej",
            "Spółdzielnia Socjalna „Razem”",
            "Zakład Produkcji Odzieży „Kamienna” Sp. z o.o.",
        ),
    )
    for i, person in enumerate(people):
        cohort = COHORTS[i // (PARTICIPANTS // 2)]
        start_on = cohort + dt.timedelta(days=7 * (i % 4))
        part = add_participation(actor=coordinator, project=project, participant=person, start_on=start_on)
        contract = social_contract(
            actor=worker,
            social_worker=worker,
            participant=person,
            number=f"KS/RPO/{i + 1:03d}/{start_on.year}",
            start_on=start_on,
            end_on=min(add_months(start_on, 10), END),
            project=project,
        )
        months, reason, kind, after, employed, improved = PATHS[i] if i < len(PATHS) else (0, "", None, 0, None, None)
        exit_on = min(add_months(start_on, months), END) if months else END
        reason = reason or ExitReason.COMPLETED
        if kind is not None and exit_on + dt.timedelta(days=after) <= END + dt.timedelta(days=60):
            record_result(
                actor=coordinator,
                participation=part,
                kind=kind,
                achieved_on=exit_on + dt.timedelta(days=after),
                employer=rng.choice(employers) if kind == ResultKind.EMPLOYMENT_CONTRACT else None,
                qualification_name="Opiekun w domu pomocy społecznej" if kind == ResultKind.QUALIFICATION else "",
                evidence={
                    ResultKind.EMPLOYMENT_CONTRACT: "Kopia umowy o pracę",
                    ResultKind.SELF_EMPLOYMENT: "Wpis do CEIDG",
                    ResultKind.JOB_SEARCHING: "Zaświadczenie o rejestracji w PUP",
                    ResultKind.EDUCATION: "Zaświadczenie ze szkoły",
                }.get(kind, "Oświadczenie uczestnika"),
            )
        record_exit(actor=coordinator, participation=part, exit_on=exit_on, reason=reason)
        change_status(
            actor=worker,
            contract=contract,
            changed_on=min(exit_on, contract.end_on),
            to_status="completed" if reason != ExitReason.DROPPED_OUT else "broken",
            final_evaluation="Uczestnik zakończył udział w projekcie."
            if reason != ExitReason.DROPPED_OUT
            else "Uczestnik przerwał udział w projekcie i nie realizuje zobowiązań.",
            reason="" if reason != ExitReason.DROPPED_OUT else "Nieusprawiedliwione nieobecności na zajęciach",
            decision=""
            if reason != ExitReason.DROPPED_OUT
            else "Rozmowa z pracownikiem socjalnym; bez wstrzymania świadczeń",
        )
        if employed is not None:
            follow_up = FollowUp.objects.get(participation=part, kind=FollowUp.Kind.MONTHS_6)
            record_follow_up(
                actor=worker,
                follow_up=follow_up,
                done_on=follow_up.due_on,
                employed=employed,
                improved_situation=improved,
                note="Rozmowa telefoniczna z uczestnikiem.",
            )
    ctx.count("rpo2014:skarzysko", PARTICIPANTS)


def _households(rng: random.Random, actor, people, factory: PeopleFactory) -> None:
    """Four families of the registry: two single mothers with children (no one working), a couple who are
    both participants, and a father who works living with a teenage son."""
    day = COHORTS[0]
    household_for(actor, people[0], children=[factory.child("F", day), factory.child("M", day)])
    household_for(actor, people[4], children=[factory.child("M", day, max_age=12)])
    household_for(actor, people[6], others=[(people[7], "spouse")])
    household_for(actor, people[21], children=[factory.child("M", COHORTS[1], min_age=13)])
