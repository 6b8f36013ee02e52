"""Seed 003 — Sochaczew: the club's opening diagnosis and the pilot SOCH-KIS.

„Kompleksowe formy reintegracji społeczno-zawodowej w środowisku lokalnym”: first the opening
diagnosis („bilans otwarcia”) of the groups at risk of exclusion and of the specialists available,
then a 9-month pilot from 01.12.2013 for 15 economically inactive people with a social worker,
psychologist, therapist, career advisor and lawyer; about 113 000 zł, 100 % from the EU, the office
adaptation capped at 15 % of the budget; the club entered in the Mazowiecki voivode's register.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from integra.core.roles import NeedKind, Role, Specialty
from integra.demo.generator import CentreData, DemoContext
from integra.demo.stories.common import (
    PeopleFactory,
    add_staff,
    pick,
    register_people,
    social_contract,
    workdays,
)
from integra.finance.models import CostCategory, FundingSource
from integra.finance.services import (
    add_budget_line,
    approve_budget_version,
    create_cap,
    record_expense,
    start_budget_version,
)
from integra.outcomes.models import ExitReason, ResultKind
from integra.outcomes.services import record_exit, record_result
from integra.planning.services import record_need
from integra.projects.services import add_participation, create_project
from integra.support.models import ActivityKind, Instrument
from integra.support.services import (
    complete_enrolment,
    create_activity,
    enrol,
    record_attendance,
    record_consultation,
    schedule_session,
)

CODE = "SOCH-KIS"
TITLE = "Kompleksowe formy reintegracji społeczno-zawodowej w środowisku lokalnym"
START, END = dt.date(2013, 12, 1), dt.date(2014, 8, 31)  # a 9-month pilot
DIAGNOSIS_DATE = START
AT_RISK = 110
PILOT = 15
# The pilot's specialists (username, first, last, role, specialty, FTE).
PILOT_STAFF = (
    ("kis.pracownik", "Dorota", "Żelazowska", Role.SOCIAL_WORKER, Specialty.SOCIAL_WORKER, "1.00"),
    ("kis.psycholog", "Anna", "Kępińska", Role.SPECIALIST, Specialty.PSYCHOLOGIST, "0.50"),
    ("kis.terapeuta", "Michał", "Bąk", Role.SPECIALIST, Specialty.THERAPIST, "0.50"),
    ("kis.doradca", "Ewa", "Grzęda", Role.SPECIALIST, Specialty.CAREER_ADVISOR, "0.50"),
    ("kis.prawnik", "Jerzy", "Łęcki", Role.SPECIALIST, Specialty.LAWYER, "0.25"),
)
# The centre's own social workers before the club (username, first, last, start).
CENTRE_SOCIAL_WORKERS = (
    ("ps.wanda", "Wanda", "Jóźwiak", dt.date(1999, 4, 1)),
    ("ps.irena", "Irena", "Ciećwierz", dt.date(2006, 1, 2)),
    ("ps.lukasz", "Łukasz", "Pęcherz", dt.date(2011, 6, 1)),
)
BUDGET = (  # (number, name, category, instrument group, EU)
    ("1.1", "Adaptacja i wyposażenie pomieszczenia KIS", CostCategory.OFFICE_ADAPTATION, "", "16500.00"),
    (
        "2.1",
        "Szkolenia, warsztaty i kursy dla uczestników",
        CostCategory.PARTICIPANT_SUPPORT,
        "educational",
        "38000.00",
    ),
    (
        "2.2",
        "Poradnictwo: psycholog, terapeuta, doradca zawodowy, prawnik",
        CostCategory.PARTICIPANT_SUPPORT,
        "social",
        "41400.00",
    ),
    ("2.3", "Materiały do zajęć i dostęp do komputera", CostCategory.PARTICIPANT_SUPPORT, "educational", "9600.00"),
    ("3.1", "Koordynacja pilotażu", CostCategory.MANAGEMENT, "", "7500.00"),
)
NEEDS = (
    NeedKind.SOCIAL_WORKER,
    NeedKind.PSYCHOLOGIST,
    NeedKind.CAREER_ADVISOR,
    NeedKind.LAWYER,
    NeedKind.THERAPIST,
    NeedKind.FINANCIAL_ADVISOR,
    NeedKind.COURSE,
)


def play(ctx: DemoContext, c: CentreData) -> None:
    rng = random.Random(4003)
    coordinator, worker = c.staff["koordynator"], c.staff["pracownik"]
    for username, first, last, start in CENTRE_SOCIAL_WORKERS:
        add_staff(
            ctx,
            c,
            username=username,
            first=first,
            last=last,
            role=Role.SOCIAL_WORKER,
            specialty=Specialty.SOCIAL_WORKER,
            start_on=start,
        )
    pilot_staff = {
        specialty: add_staff(
            ctx,
            c,
            username=username,
            first=first,
            last=last,
            role=role,
            specialty=specialty,
            fte=fte,
            start_on=START,
            end_on=END,
        )
        for username, first, last, role, specialty, fte in PILOT_STAFF
    }
    people = _registry(rng, c, worker)
    project = create_project(
        actor=coordinator,
        code=CODE,
        title=TITLE,
        start_on=START,
        end_on=END,
        kind="competitive",
        programme="POKL",
        priority="VII",
        programme_period="2007-2013",
        club=c.club,
        status="closed",
        target_participants=PILOT,
    )
    inactive = [p for p in people if p.labour_status == "inactive"]
    pilot = pick(rng, inactive, PILOT)
    sw = pilot_staff[Specialty.SOCIAL_WORKER]
    parts = {}
    for n, person in enumerate(pilot, start=1):
        parts[person.pk] = add_participation(
            actor=coordinator, project=project, participant=person, start_on=dt.date(2013, 12, 2)
        )
        social_contract(
            actor=sw,
            social_worker=sw,
            participant=person,
            number=f"KS/KIS/{n:02d}/2013",
            start_on=dt.date(2013, 12, 2),
            end_on=dt.date(2014, 8, 29),
            project=project,
        )
    _support(rng, c, project, coordinator, pilot_staff, pilot)
    for n, person in enumerate(pilot):
        part = parts[person.pk]
        if n % 3 == 0:
            record_result(
                actor=coordinator,
                participation=part,
                kind=ResultKind.SOCIAL_PROGRESS,
                achieved_on=dt.date(2014, 6, 30),
                evidence="Ocena zespołu KIS po 7 miesiącach",
            )
        if n in (1, 7, 11):
            record_result(
                actor=coordinator,
                participation=part,
                kind=ResultKind.EMPLOYMENT_CONTRACT,
                achieved_on=dt.date(2014, 8, 18) + dt.timedelta(days=n),
                evidence="Umowa o pracę",
            )
        record_exit(actor=coordinator, participation=part, exit_on=dt.date(2014, 8, 29), reason=ExitReason.COMPLETED)
    _budget(project, coordinator, c.staff["ksiegowa"])
    ctx.count("story:003", len(people))


def _registry(rng, c, worker):
    """Social-assistance clients in November 2013 with the needs the social workers noted for them."""
    factory = PeopleFactory(rng, c)
    drafts = []
    for i in range(AT_RISK):
        status = "inactive" if i % 3 == 0 else ("registered_unemployed" if i % 3 == 1 else "unregistered_unemployed")
        person = factory.person(
            age_on=dt.date(2013, 11, 1), max_age=62, labour_status=status, disability="yes" if i % 9 == 0 else "no"
        )
        person.social_assistance_since = dt.date(2013, 11, 1) - dt.timedelta(days=rng.randrange(30, 3000))
        groups = ["long_term_unemployed"] if person.long_term_unemployed else []
        if person.disability == "yes":
            groups.append("disabled")
        if i % 13 == 0:
            groups.append("alcohol")
        person.groups = groups
        drafts.append(person)
    people = register_people(worker, c, drafts)
    for person in people:
        day = dt.date(2013, 11, 4) + dt.timedelta(days=rng.randrange(0, 20))
        for need in rng.sample(NEEDS, rng.randint(1, 3)):
            record_need(
                actor=worker,
                participant=person,
                need=need,
                recorded_on=day,
                note="Formularz potrzeb – bilans otwarcia KIS",
            )
    return people


def _support(rng, c, project, coordinator, staff, pilot) -> None:
    """Workshops, a support group and computer basics with attendance; individual counselling by specialty."""
    for code, title, specialty, first, weekday in (
        (
            "social-skills-training",
            "Warsztaty: jak szukać pracy i rozmawiać z pracodawcą",
            Specialty.CAREER_ADVISOR,
            dt.date(2014, 1, 13),
            0,
        ),
        ("support-group", "Grupa wsparcia", Specialty.PSYCHOLOGIST, dt.date(2014, 1, 15), 2),
        (
            "computer-basics",
            "Podstawy obsługi komputera i wyszukiwanie ofert pracy",
            Specialty.THERAPIST,
            dt.date(2014, 3, 6),
            3,
        ),
    ):
        days = workdays(first, first + dt.timedelta(days=140), weekday=weekday)[::2][:8]
        provider = staff[specialty]
        activity = create_activity(
            actor=coordinator,
            project=project,
            club=c.club,
            title=title,
            kind=ActivityKind.GROUP_WORKSHOP,
            instrument=Instrument.objects.get(code=code, institution=None),
            provider=provider,
            planned_hours=Decimal(len(days) * 3),
            capacity=PILOT,
            start_on=days[0],
            end_on=days[-1],
            room="Sala KIS",
        )
        for person in pilot:
            enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=days[0])
        for n, day in enumerate(days):
            session = schedule_session(
                actor=coordinator,
                activity=activity,
                date=day,
                start_time=dt.time(10, 0),
                duration_minutes=180,
                staff=provider,
            )
            marks = {p.pk: "absent" if (p.pk * 3 + n) % 5 == 0 else "present" for p in pilot}
            record_attendance(actor=coordinator, session=session, marks=marks, expected_version=session.version)
        for enrolment in activity.enrolments.all():
            complete_enrolment(actor=coordinator, enrolment=enrolment, ended_on=days[-1])
    topics = {
        Specialty.SOCIAL_WORKER: "Praca socjalna",
        Specialty.PSYCHOLOGIST: "Pomoc psychologiczna indywidualna",
        Specialty.CAREER_ADVISOR: "Poradnictwo zawodowe",
        Specialty.LAWYER: "Porada prawna",
        Specialty.THERAPIST: "Terapia indywidualna",
    }
    for person in pilot:
        for specialty, member in staff.items():
            for k in range(rng.randint(0 if specialty == Specialty.LAWYER else 1, 3)):
                record_consultation(
                    actor=member,
                    participant=person,
                    date=dt.date(2013, 12, 9) + dt.timedelta(days=rng.randrange(0, 240) + k),
                    duration_minutes=60,
                    topic=topics[specialty],
                    project=project,
                )


def _budget(project, coordinator, accountant) -> None:
    """113 000,00 zł, all EU; the office adaptation may not exceed 15 % of the budget."""
    create_cap(
        actor=coordinator,
        project=project,
        name="Adaptacja biura do 15 % budżetu",
        categories=[CostCategory.OFFICE_ADAPTATION],
        limit_percent=Decimal("15.00"),
        base="total",
        check_planned=True,
        check_spent=True,
        mode="refuse",
    )
    version = start_budget_version(actor=accountant, project=project, reason="Wniosek o dofinansowanie pilotażu")
    lines = {
        number: add_budget_line(
            actor=accountant,
            version=version,
            number=number,
            task="Pilotaż KIS",
            name=name,
            category=category,
            instrument_group=group,
            planned_eu=Decimal(eu),
        )
        for number, name, category, group, eu in BUDGET
    }
    approve_budget_version(actor=coordinator, version=version, approved_on=dt.date(2013, 11, 28))
    record_expense(
        actor=accountant,
        project=project,
        line=lines["1.1"],
        date=dt.date(2013, 12, 20),
        document_number="FV/12/2013/044",
        contractor="Zakład Remontowo-Budowlany „Bud-Mar”, Sochaczew",
        description="Drobny remont i przystosowanie pomieszczenia KIS",
        amount=Decimal("15870.00"),
        source=FundingSource.EU,
    )
