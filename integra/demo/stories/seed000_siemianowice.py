"""Seed 000 — Siemianowice Śląskie, project SIEM-KIS „Klub Integracji Społecznej” (POKL VII 7.2.1).

Two editions from June 2013 to 30 June 2015: 219 unemployed people (42 with disabilities), in
the second edition more of them on their own initiative; courses after which about 140 people
gained a qualification; 53 jobs — 25 through internships and 28 on employment contracts;
tutoring for the participants' school-age children; a week-long art-therapy trip for the
participants with disabilities. PUP was the partner.
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
    participations,
    pick,
    social_contract,
    workdays,
)
from integra.institutions.models import Partner
from integra.outcomes.models import ResultKind
from integra.outcomes.services import record_result
from integra.projects.services import add_edition, add_partner, create_project
from integra.support.models import ActivityKind, Instrument, Internship
from integra.support.services import (
    complete_enrolment,
    create_activity,
    drop_out,
    enrol,
    record_attendance,
    record_consultation,
    record_internship,
    save_event,
    schedule_session,
)

CODE = "SIEM-KIS"
TITLE = "Klub Integracji Społecznej"
START, END = dt.date(2013, 6, 1), dt.date(2015, 6, 30)
EDITIONS = (  # (year, start, end, participants, share coming on their own initiative)
    (2013, dt.date(2013, 6, 1), dt.date(2014, 6, 30), 100),
    (2014, dt.date(2014, 7, 1), dt.date(2015, 6, 30), 119),
)
DISABLED = (19, 23)  # people with disabilities per edition (42)
# Courses per edition: (title, people who completed it). 140 people gained a qualification.
COURSES = (
    (
        ("Kucharz małej gastronomii", 12),
        ("Magazynier z obsługą wózka widłowego", 14),
        ("Kasjer-sprzedawca", 12),
        ("Opiekunka osób starszych", 10),
        ("Obsługa komputera z certyfikatem ECDL", 16),
    ),
    (
        ("Pracownik ochrony fizycznej", 12),
        ("Florysta", 10),
        ("Spawacz metodą MAG", 12),
        ("Kadry i płace", 14),
        ("Technolog robót wykończeniowych", 12),
        ("Obsługa kasy fiskalnej i fakturowanie", 16),
    ),
)
INTERNSHIPS = (12, 13)  # jobs through an internship, per edition (25)
CONTRACTS = (13, 15)  # jobs on an employment contract, per edition (28)
EMPLOYERS = (
    "Huta „Jedność” sp. z o.o.",
    "Przedsiębiorstwo Usług Komunalnych w Siemianowicach Śląskich",
    "Sklep „Społem” PSS Siemianowice",
    "Centrum Handlowe „Michałkowice”",
    "Przychodnia Rejonowa nr 2",
    "Zakład Pracy Chronionej „Promyk”",
    "Firma sprzątająca „Czystość” s.c.",
    "Piekarnia „Bochenek”",
)


def play(ctx: DemoContext, c: CentreData) -> None:
    rng = random.Random(4000)
    coordinator, worker, worker2 = c.staff["koordynator"], c.staff["pracownik"], c.staff["pracownik2"]
    project = create_project(
        actor=coordinator,
        code=CODE,
        title=TITLE,
        start_on=START,
        end_on=END,
        kind="competitive",
        programme="POKL",
        priority="VII",
        measure="7.2",
        sub_measure="7.2.1",
        programme_period="2007-2013",
        club=c.club,
        status="closed",
        target_participants=210,
        target_disabled=40,
    )
    add_partner(
        actor=coordinator,
        project=project,
        partner=c.labour_office,
        role="współpraca: skierowania osób bezrobotnych, staże i prace społecznie użyteczne",
    )
    employers = add_partners(c, Partner.Kind.EMPLOYER, EMPLOYERS)
    factory = PeopleFactory(rng, c)
    editions = []
    for (year, first, last, count), disabled in zip(EDITIONS, DISABLED, strict=True):
        add_edition(actor=coordinator, project=project, year=year, start_on=first, end_on=last)
        people = []
        for i in range(count):
            person = factory.person(
                age_on=first,
                max_age=59,
                disability="yes" if i < disabled else "no",
                labour_status="registered_unemployed" if i % 6 else "unregistered_unemployed",
            )
            person.start_on = first + dt.timedelta(days=rng.randrange(0, 100))
            person.end_on, person.completed = last, True
            people.append(person)
        rng.shuffle(people)
        imported = import_sheet(coordinator, c, project, people, f"SIEM-KIS_edycja_{year}.csv")
        editions.append((year, first, last, [imported[p.pesel] for p in people]))
    parts = participations(project)

    number = 0
    for _year, _first, last, people in editions:
        for person in people:
            number += 1
            start = parts[person.pk].start_on
            sw = worker if number % 2 else worker2
            social_contract(
                actor=sw,
                social_worker=sw,
                participant=person,
                number=f"KS/KIS/{number:03d}/{start.year}",
                start_on=start,
                end_on=last,
                project=project,
                staged=False,
            )
    _tutoring(rng, c, factory, project, coordinator, worker, editions)
    _courses(rng, project, coordinator, parts, editions)
    _jobs(rng, project, coordinator, parts, editions, employers)
    _art_therapy(c, project, coordinator, parts, editions)
    _counselling(c, project, parts, editions)
    ctx.count("story:000", len(parts))


def _tutoring(rng, c, factory, project, coordinator, worker, editions) -> None:
    """Families with school-age children; the children's tutoring is an activity the parents enrol in."""
    instrument = Instrument.objects.get(code="children-tutoring", institution=None)
    for year, first, last, people in editions:
        parents = pick(rng, people, 18 if year == 2013 else 22)
        for parent in parents:
            kids = [factory.child(rng.choice("FM"), first) for _ in range(rng.randint(1, 3))]
            household_for(worker, parent, children=kids)
        activity = create_activity(
            actor=coordinator,
            project=project,
            club=c.club,
            instrument=instrument,
            title=f"Korepetycje dla dzieci uczestników ({first:%Y}/{last:%Y})",
            kind=ActivityKind.GROUP_WORKSHOP,
            provider_name="Nauczyciele Gimnazjum nr 1 w Siemianowicach Śląskich",
            planned_hours=Decimal("120"),
            start_on=first.replace(month=9, day=1) if first.month < 9 else first + dt.timedelta(days=62),
            end_on=last.replace(day=20),
            room="Świetlica KIS",
        )
        for parent in parents:
            enrol(actor=coordinator, activity=activity, participant=parent, enrolled_on=activity.start_on)


def _courses(rng, project, coordinator, parts, editions) -> None:
    """Vocational courses: certificates and the qualification results (140 people); a few dropped out."""
    instrument = Instrument.objects.get(code="vocational-course", institution=None)
    for (_year, first, _last, people), courses in zip(editions, COURSES, strict=True):
        pool = list(people)
        rng.shuffle(pool)
        for index, (title, completed) in enumerate(courses):
            start = first + dt.timedelta(days=120 + 21 * index)
            end = start + dt.timedelta(days=45)
            activity = create_activity(
                actor=coordinator,
                project=project,
                instrument=instrument,
                title=title,
                kind=ActivityKind.VOCATIONAL_COURSE,
                provider_name="Centrum Kształcenia Zawodowego w Katowicach",
                planned_hours=Decimal("100"),
                capacity=completed + 2,
                start_on=start,
                end_on=end,
                cost=Decimal("2400.00") * (completed + 1),
            )
            group, pool = pool[: completed + 1], pool[completed + 1 :]
            for n, person in enumerate(group):
                enrolment = enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=start)
                if n == completed:  # one person per course leaves it
                    drop_out(
                        actor=coordinator,
                        enrolment=enrolment,
                        ended_on=start + dt.timedelta(days=10),
                        reason="Rezygnacja z przyczyn rodzinnych",
                    )
                    continue
                certificate = f"{title[:3].upper()}/{n + 1:02d}/{end.year}"
                complete_enrolment(
                    actor=coordinator,
                    enrolment=enrolment,
                    ended_on=end,
                    certificate_number=certificate,
                    certificate_on=end,
                )
                record_result(
                    actor=coordinator,
                    participation=parts[person.pk],
                    kind=ResultKind.QUALIFICATION,
                    achieved_on=end,
                    qualification_name=title,
                    evidence=f"Certyfikat {certificate}",
                )


def _jobs(rng, project, coordinator, parts, editions, employers) -> None:
    """25 jobs through internships (PUP-funded) and 28 on employment contracts."""
    for (_year, _first, last, people), interns, hired in zip(editions, INTERNSHIPS, CONTRACTS, strict=True):
        chosen = pick(rng, people, interns + hired)
        rng.shuffle(chosen)
        for n, person in enumerate(chosen):
            employer = employers[n % len(employers)]
            part = parts[person.pk]
            if n < interns:
                start = last - dt.timedelta(days=150 - 7 * (n % 8))
                record_internship(
                    actor=coordinator,
                    participant=person,
                    employer=employer,
                    start_on=start,
                    end_on=start + dt.timedelta(days=180),
                    hours_per_month=Decimal("160"),
                    paid_by=Internship.PaidBy.LABOUR_OFFICE,
                    project=project,
                )
                record_result(
                    actor=coordinator,
                    participation=part,
                    kind=ResultKind.INTERNSHIP,
                    achieved_on=start,
                    employer=employer,
                    evidence="Umowa o zorganizowanie stażu z PUP",
                )
            else:
                day = last - dt.timedelta(days=5 + 9 * (n % 12))
                record_result(
                    actor=coordinator,
                    participation=part,
                    kind=ResultKind.EMPLOYMENT_CONTRACT,
                    achieved_on=day,
                    employer=employer,
                    evidence="Kopia umowy o pracę",
                )


def _art_therapy(c, project, coordinator, parts, editions) -> None:
    """A week-long art-therapy trip for the participants with disabilities (second edition)."""
    _year, _first, _last, people = editions[1]
    days = workdays(dt.date(2014, 10, 13), dt.date(2014, 10, 17))
    disabled = [p for p in people if p.disability == "yes" and parts[p.pk].start_on <= days[0]]
    therapist = c.staff["psycholog"]
    activity = create_activity(
        actor=coordinator,
        project=project,
        club=c.club,
        instrument=Instrument.objects.get(code="art-therapy", institution=None),
        title="Tygodniowe zajęcia z arteterapii – wyjazd do Wisły",
        kind=ActivityKind.GROUP_WORKSHOP,
        provider=therapist,
        planned_hours=Decimal("25"),
        capacity=len(disabled),
        start_on=days[0],
        end_on=days[-1],
        room="Ośrodek „Beskidy” w Wiśle",
        cost=Decimal("18400.00"),
    )
    for person in disabled:
        enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=days[0])
    for n, day in enumerate(days):
        session = schedule_session(
            actor=coordinator,
            activity=activity,
            date=day,
            start_time=dt.time(10, 0),
            duration_minutes=300,
            staff=therapist,
        )
        marks = {p.pk: "excused" if (p.pk + n) % 13 == 0 else "present" for p in disabled}
        record_attendance(actor=coordinator, session=session, marks=marks, expected_version=session.version)
    save_event(
        actor=coordinator,
        kind="trip",
        title="Wyjazd arteterapeutyczny uczestników z niepełnosprawnościami",
        date=days[0],
        project=project,
        club=c.club,
        participants=disabled,
        other_guests=3,
    )


def _counselling(c, project, parts, editions) -> None:
    """A first session with the career advisor for everyone; the psychologist for every third person."""
    advisor, psychologist = c.staff["doradca"], c.staff["psycholog"]
    for _year, _first, _last, people in editions:
        for n, person in enumerate(people):
            start = parts[person.pk].start_on
            record_consultation(
                actor=advisor,
                participant=person,
                date=start + dt.timedelta(days=3),
                duration_minutes=60,
                topic="Bilans kompetencji i plan działania",
                project=project,
            )
            if n % 6 == 0:
                record_consultation(
                    actor=psychologist,
                    participant=person,
                    date=start + dt.timedelta(days=10),
                    duration_minutes=60,
                    topic="Wsparcie psychologiczne",
                    project=project,
                )
