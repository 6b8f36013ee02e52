"""Seed 002 — Oświęcim, the club KIS-OSW in 2013.

325 people used the club in 2013, 174 of them women; 32 people (29 women, mostly over 50 and
single mothers) did socially useful work; the only educational workshop, „Zapraszam NIE do mojego
życia”, had 8 people, 7 of them women; 188 people (112 women) were in long-term cooperation under
social contracts. Internships were possible almost only with employers who promised a job; the
club's staff worked mostly with individual cases.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from integra.demo.generator import CentreData, DemoContext
from integra.demo.stories.common import (
    PeopleFactory,
    add_partners,
    household_for,
    import_sheet,
    months,
    participations,
    pick,
    social_contract,
    workdays,
)
from integra.institutions.models import Partner
from integra.outcomes.models import ResultKind
from integra.outcomes.services import record_result
from integra.people.services import PARTICIPANT_FIELDS, update_participant
from integra.projects.services import add_partner, create_project
from integra.support.models import ActivityKind, Instrument, Internship
from integra.support.services import (
    complete_enrolment,
    create_activity,
    enrol,
    record_attendance,
    record_community_work,
    record_consultation,
    record_internship,
    schedule_session,
)

CODE = "KIS-OSW-2013"
TITLE = "Działalność Klubu Integracji Społecznej w Oświęcimiu w 2013 roku"
YEAR = 2013
START, END = dt.date(2013, 1, 2), dt.date(2013, 12, 31)
WOMEN, MEN = 174, 151
OLDER_WOMEN = 40  # women aged 50–62 (socially useful work was done mostly by them)
CONTRACT_WOMEN, CONTRACT_MEN = 112, 76
PSU_WOMEN, PSU_MEN = 29, 3
SINGLE_MOTHERS = 9
WORKSHOP = "Zapraszam NIE do mojego życia"
WORKSHOP_WOMEN, WORKSHOP_MEN = 7, 1
UNITS = (
    "Miejski Zarząd Budynków Komunalnych",
    "Miejski Ośrodek Kultury",
    "Miejska Biblioteka Publiczna",
    "Przedszkole Miejskie nr 4",
    "Zespół Szkół nr 3",
    "Miejski Ośrodek Rekreacji, Sportu i Turystyki",
    "Dom Pomocy Społecznej „Przystań”",
)


def play(ctx: DemoContext, c: CentreData) -> None:
    rng = random.Random(4002)
    coordinator, worker, worker2 = c.staff["koordynator"], c.staff["pracownik"], c.staff["pracownik2"]
    project = create_project(
        actor=coordinator,
        code=CODE,
        title=TITLE,
        start_on=START,
        end_on=END,
        kind="own",
        club=c.club,
        status="closed",
        programme_period="2007-2013",
    )
    add_partner(
        actor=coordinator,
        project=project,
        partner=c.labour_office,
        role="prace społecznie użyteczne, staże zawodowe i absolwenckie",
    )
    factory = PeopleFactory(rng, c)
    drafts = []
    for i in range(WOMEN):
        older = i < OLDER_WOMEN
        drafts.append(factory.person(sex="F", age_on=START, min_age=50 if older else 20, max_age=62 if older else 49))
    drafts += [factory.person(sex="M", age_on=START, min_age=20, max_age=63) for _ in range(MEN)]
    for person in drafts:
        person.start_on = START + dt.timedelta(days=rng.randrange(0, 300))
        if rng.random() < 0.35:
            person.end_on = min(person.start_on + dt.timedelta(days=rng.randrange(60, 240)), END)
            person.completed = rng.random() < 0.8
    imported = import_sheet(coordinator, c, project, drafts, "KIS_Oswiecim_2013.csv")
    people = [imported[p.pesel] for p in drafts]
    women, men = people[:WOMEN], people[WOMEN:]
    older_women = women[:OLDER_WOMEN]
    _groups(rng, worker, people)
    parts = participations(project)

    # Long-term cooperation under social contracts: many began in 2012 and ran into 2014.
    contracted = pick(rng, women, CONTRACT_WOMEN) + pick(rng, men, CONTRACT_MEN)
    for n, person in enumerate(contracted, start=1):
        start = dt.date(2012, 3, 1) + dt.timedelta(days=rng.randrange(0, 600))
        end = max(start + dt.timedelta(days=rng.choice((180, 270, 365))), dt.date(2013, 3, 29))
        sw = worker if n % 2 else worker2
        social_contract(
            actor=sw,
            social_worker=sw,
            participant=person,
            number=f"KS/OSW/{n:03d}/{start.year}",
            start_on=start,
            end_on=end,
            staged=False,
        )

    mothers = pick(rng, women[OLDER_WOMEN:], SINGLE_MOTHERS)
    for mother in mothers:
        household_for(
            worker, mother, children=[factory.child(rng.choice("FM"), START, 2, 15) for _ in range(rng.randint(1, 3))]
        )
    psu = pick(rng, older_women, PSU_WOMEN - SINGLE_MOTHERS) + mothers + pick(rng, men, PSU_MEN)
    units = add_partners(c, Partner.Kind.PUBLIC_UNIT, UNITS)
    for n, person in enumerate(psu):
        first = max(parts[person.pk].start_on, dt.date(2013, 3, 1))
        for month in months(first, 3 if first.month <= 9 else 12 - first.month + 1):
            record_community_work(
                actor=coordinator,
                participant=person,
                unit=units[n % len(units)],
                month=month,
                hours=Decimal("40"),
                pup_referral_number=f"PSU/OSW/{n + 1:02d}/2013",
                project=project,
            )

    _workshop(rng, c, project, coordinator, women, men, parts)
    _individual_work(rng, c, project, people, parts)
    _internships_and_results(rng, c, project, coordinator, people, parts)
    ctx.count("story:002", len(people))


def _groups(rng, worker, people) -> None:
    """KIS eligibility groups (art. 1 ust. 2) noted on the person's registry card."""
    for person in people:
        groups = []
        if person.long_term_unemployed:
            groups.append("long_term_unemployed")
        if person.disability == "yes":
            groups.append("disabled")
        roll = rng.random()
        if roll < 0.07:
            groups.append("alcohol")
        elif roll < 0.11:
            groups.append("mental")
        elif roll < 0.13:
            groups.append("homeless")
        if groups:
            data = {name: getattr(person, name) for name in PARTICIPANT_FIELDS}
            update_participant(actor=worker, participant=person, version=person.version, data=data, groups=groups)


def _workshop(rng, c, project, coordinator, women, men, parts) -> None:
    """The year's only educational workshop: 8 people, 7 of them women, five meetings with attendance."""
    days = workdays(dt.date(2013, 10, 7), dt.date(2013, 11, 8), weekday=1)[:5]
    psychologist = c.staff["psycholog"]
    activity = create_activity(
        actor=coordinator,
        project=project,
        club=c.club,
        title=WORKSHOP,
        kind=ActivityKind.GROUP_WORKSHOP,
        instrument=Instrument.objects.get(code="educational-workshops", institution=None),
        provider=psychologist,
        planned_hours=Decimal("15"),
        capacity=10,
        start_on=days[0],
        end_on=days[-1],
        room="Sala KIS",
    )
    eligible = [p for p in women + men if parts[p.pk].start_on <= days[0]]
    group = pick(rng, [p for p in eligible if p.sex == "F"], WORKSHOP_WOMEN) + pick(
        rng, [p for p in eligible if p.sex == "M"], WORKSHOP_MEN
    )
    for person in group:
        enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=days[0])
    for n, day in enumerate(days):
        session = schedule_session(
            actor=coordinator,
            activity=activity,
            date=day,
            start_time=dt.time(10, 0),
            duration_minutes=180,
            staff=psychologist,
        )
        marks = {p.pk: "absent" if (p.pk + n) % 7 == 0 else "present" for p in group}
        record_attendance(actor=coordinator, session=session, marks=marks, expected_version=session.version)
    for enrolment in activity.enrolments.all():
        complete_enrolment(actor=coordinator, enrolment=enrolment, ended_on=days[-1])


def _individual_work(rng, c, project, people, parts) -> None:
    """Work with the individual case: consultations with the social worker, psychologist and career advisor."""
    staff = (c.staff["pracownik"], c.staff["psycholog"], c.staff["doradca"])
    topics = ("Praca socjalna – plan działania", "Wsparcie psychologiczne", "Poradnictwo zawodowe, oferty pracy")
    for person in pick(rng, people, 200):
        start = parts[person.pk].start_on
        for k in range(rng.randint(1, 2)):
            who = rng.randrange(3)
            record_consultation(
                actor=staff[who],
                participant=person,
                date=min(start + dt.timedelta(days=14 + 30 * k), END),
                duration_minutes=rng.choice((45, 60, 90)),
                topic=topics[who],
                project=project,
            )


def _internships_and_results(rng, c, project, coordinator, people, parts) -> None:
    """Internships only with employers who promised a job; social progress noted by the social workers."""
    employers = add_partners(c, Partner.Kind.EMPLOYER, ("Synthos S.A.", "Piekarnia „Złoty Kłos”", "Hotel „Galicja”"))
    open_ended = [p for p in people if parts[p.pk].end_on is None and parts[p.pk].start_on < dt.date(2013, 6, 1)]
    for n, person in enumerate(pick(rng, open_ended, 6)):
        start = dt.date(2013, 6, 3) + dt.timedelta(days=14 * n)
        employer = employers[n % len(employers)]
        record_internship(
            actor=coordinator,
            participant=person,
            employer=employer,
            start_on=start,
            end_on=start + dt.timedelta(days=90),
            hours_per_month=Decimal("160"),
            paid_by=Internship.PaidBy.LABOUR_OFFICE,
            hired_afterwards=True,
            project=project,
        )
        part = parts[person.pk]
        record_result(
            actor=coordinator,
            participation=part,
            kind=ResultKind.INTERNSHIP,
            achieved_on=start,
            employer=employer,
            evidence="Umowa o staż z PUP w Oświęcimiu",
        )
        record_result(
            actor=coordinator,
            participation=part,
            kind=ResultKind.EMPLOYMENT_CONTRACT,
            achieved_on=start + dt.timedelta(days=91),
            employer=employer,
            evidence="Umowa o pracę po stażu",
        )
    for person in pick(rng, people, 45):
        part = parts[person.pk]
        day = min((part.end_on or END), part.start_on + dt.timedelta(days=120))
        record_result(
            actor=coordinator,
            participation=part,
            kind=ResultKind.SOCIAL_PROGRESS,
            achieved_on=day,
            evidence="Ocena pracownika socjalnego: poprawa funkcjonowania w środowisku",
        )
