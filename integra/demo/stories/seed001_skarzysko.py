"""Seed 001 — Skarżysko-Kamienna, „Nowe Szanse w MOPS II” (POKL VII 7.1.1, 2014, partner PUP).

117 families took part; 91 social contracts and 26 local activity programmes (PAL) run in the
club; 8 people with disabilities, for whom rehabilitation equipment was bought; 40 people
completed vocational courses — 21 of them the driving-licence course; 13 referred to the CIS;
24 internships, all by people under 30; 57 people did socially useful work in 27 city units;
four festyns (KINOPARK, Marsz Różowej Wstążeczki, Spotkanie w Muzeum im. Orła Białego,
Mikołajki) and the closing conference on 18.12.2014.

Reading of the article: the 21 driving licences are part of the 40 people who completed a
vocational course (the project summary counts a driving-licence course as a vocational course).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from integra.casework.services import add_programme_participant, create_programme
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
    split_amount,
)
from integra.finance.models import Benefit, CostCategory, FundingSource
from integra.finance.services import (
    add_budget_line,
    approve_budget_version,
    record_benefit,
    record_expense,
    start_budget_version,
)
from integra.institutions.models import Partner
from integra.outcomes.models import ResultKind
from integra.outcomes.services import record_result
from integra.projects.services import add_edition, add_partner, create_project
from integra.support.models import ActivityKind, Instrument, Internship, Referral
from integra.support.services import (
    complete_enrolment,
    create_activity,
    enrol,
    record_community_work,
    record_internship,
    record_referral,
    save_event,
)

CODE = "SKA-NSM2"
TITLE = "Nowe Szanse w MOPS II"
START, END = dt.date(2014, 1, 2), dt.date(2014, 12, 31)
FAMILIES = 117
SECOND_MEMBER = 23  # families with two participants (spouse or adult child)
YOUNG = 42  # participants aged 18–29 at the start
DISABLED = 8
CONTRACTS = 91
PAL = 26
DRIVING = 21
OTHER_COURSES = (
    ("Kucharz małej gastronomii", 6),
    ("Operator wózków jezdniowych", 5),
    ("Opiekunka dziecięca", 4),
    ("Obsługa komputera i kasy fiskalnej", 4),
)  # 19 people
CIS = 13
INTERNS = 24
COMMUNITY_WORKERS = 57
UNITS = (
    "Szkoła Podstawowa nr 1",
    "Szkoła Podstawowa nr 2",
    "Szkoła Podstawowa nr 5",
    "Szkoła Podstawowa nr 8",
    "Szkoła Podstawowa nr 11",
    "Gimnazjum nr 1",
    "Gimnazjum nr 2",
    "Gimnazjum nr 3",
    "Przedszkole Samorządowe nr 1",
    "Przedszkole Samorządowe nr 3",
    "Przedszkole Samorządowe nr 5",
    "Przedszkole Samorządowe nr 12",
    "Przedszkole Samorządowe nr 13",
    "Żłobek Miejski",
    "Miejski Ośrodek Sportu i Rekreacji",
    "Miejska Biblioteka Publiczna",
    "Miejskie Centrum Kultury",
    "Muzeum im. Orła Białego",
    "Zakład Gospodarki Mieszkaniowej",
    "Miejski Zakład Komunikacji",
    "Miejskie Przedsiębiorstwo Gospodarki Komunalnej",
    "Straż Miejska",
    "Środowiskowy Dom Samopomocy",
    "Dom Pomocy Społecznej",
    "Warsztaty Terapii Zajęciowej",
    "Zarząd Dróg Miejskich",
    "Urząd Miasta – Wydział Gospodarki Komunalnej",
)
FESTYNS = (
    ("KINOPARK", dt.date(2014, 7, 26)),
    ("Marsz Różowej Wstążeczki", dt.date(2014, 10, 11)),
    ("Spotkanie w Muzeum im. Orła Białego", dt.date(2014, 11, 8)),
    ("Mikołajki", dt.date(2014, 12, 6)),
)
CONFERENCE = dt.date(2014, 12, 18)


def play(ctx: DemoContext, c: CentreData) -> None:
    rng = random.Random(4001)
    coordinator, worker, worker2 = c.staff["koordynator"], c.staff["pracownik"], c.staff["pracownik2"]
    project = create_project(
        actor=coordinator,
        code=CODE,
        title=TITLE,
        start_on=START,
        end_on=END,
        kind="systemic",
        programme="POKL",
        priority="VII",
        measure="7.1",
        sub_measure="7.1.1",
        programme_period="2007-2013",
        club=c.club,
        status="closed",
        target_families=115,
        target_disabled=8,
    )
    add_edition(actor=coordinator, project=project, year=2014, start_on=START, end_on=END)
    add_partner(actor=coordinator, project=project, partner=c.labour_office, role="partner projektu")

    factory = PeopleFactory(rng, c)
    heads, seconds = [], []
    for i in range(FAMILIES):
        young = i < YOUNG - SECOND_MEMBER
        heads.append(
            factory.person(
                age_on=START,
                min_age=19 if young else 30,
                max_age=29 if young else 60,
                disability="yes"
                if i % 14 == 0 and len([h for h in heads if h.disability == "yes"]) < DISABLED
                else "no",
            )
        )
    for i in range(SECOND_MEMBER):
        seconds.append(factory.person(age_on=START, min_age=18, max_age=28 if i < 20 else 55))
    drafts = heads + seconds
    for person in drafts:
        person.start_on = START + dt.timedelta(days=rng.randrange(0, 90))
        person.end_on, person.completed = END, True
    imported = import_sheet(coordinator, c, project, drafts, "Nowe_Szanse_II_uczestnicy_2014.csv")
    people = [imported[p.pesel] for p in drafts]
    head_people, second_people = people[:FAMILIES], people[FAMILIES:]
    pairs = pick(rng, list(range(FAMILIES)), SECOND_MEMBER)
    partner_of = dict(zip(pairs, second_people, strict=True))
    for i, head in enumerate(head_people):
        other = partner_of.get(i)
        relation = "spouse" if other is not None and other.age_on(START) >= 25 else "child"
        kids = [factory.child(rng.choice("FM"), START, 1, 16) for _ in range(rng.randint(0, 3))]
        household_for(
            worker if i % 2 else worker2, head, others=[(other, relation)] if other is not None else (), children=kids
        )
    parts = participations(project)

    with_contract = pick(rng, people, CONTRACTS)
    for n, person in enumerate(with_contract, start=1):
        sw = worker if n % 2 else worker2
        start = parts[person.pk].start_on
        social_contract(
            actor=sw,
            social_worker=sw,
            participant=person,
            number=f"KS/{n:03d}/2014",
            start_on=start,
            end_on=dt.date(2014, 12, 19),
            project=project,
            staged=n % 3 == 0,
        )
    _programmes(rng, c, project, coordinator, people, parts)
    _courses(rng, project, coordinator, people, parts)
    young = [p for p in people if p.age_on(parts[p.pk].start_on) < 29]
    _internships(rng, c, project, coordinator, young)
    _cis(rng, c, project, coordinator, people, parts)
    _community_work(rng, c, project, coordinator, people)
    rehabilitation = _rehabilitation(c, project, coordinator, people, parts)
    _events(rng, c, project, coordinator, people)
    _budget(rng, project, coordinator, c.staff["ksiegowa"], people, rehabilitation)
    ctx.count("story:001", len(people))


def _programmes(rng, c, project, coordinator, people, parts) -> None:
    """26 local activity programmes run in the club, each a small group of participants."""
    themes = (
        "Aktywna mama",
        "Klub pracy",
        "Zdrowy styl życia",
        "Bezpieczny senior w rodzinie",
        "Sąsiedzka pomoc",
        "Ogród społeczny",
        "Kuchnia domowa",
        "Budżet domowy",
        "Wolontariat w mieście",
        "Rodzina razem",
    )
    for n in range(PAL):
        start = dt.date(2014, 2 + n % 8, 3)
        programme = create_programme(
            actor=coordinator,
            project=project,
            coordinator=coordinator,
            start_on=start,
            end_on=dt.date(2014, 12, 12),
            title=f"PAL {n + 1}/2014: {themes[n % len(themes)]}",
            goals="Integracja grupy, aktywność w środowisku lokalnym, wzajemne wsparcie uczestników.",
        )
        for person in pick(rng, [p for p in people if parts[p.pk].start_on <= start], rng.randint(4, 7)):
            add_programme_participant(actor=coordinator, programme=programme, participant=person, joined_on=start)


def _courses(rng, project, coordinator, people, parts) -> None:
    """Driving licence for 21 people and four vocational courses for 19 more: 40 completed a course."""
    instrument = Instrument.objects.get(code="vocational-course", institution=None)
    pool = list(people)
    rng.shuffle(pool)
    courses = [("Prawo jazdy kat. B – grupa I", 11), ("Prawo jazdy kat. B – grupa II", DRIVING - 11), *OTHER_COURSES]
    for index, (title, count) in enumerate(courses):
        start = dt.date(2014, 4, 7) + dt.timedelta(days=21 * index)
        end = start + dt.timedelta(days=56)
        group, pool = pool[:count], pool[count:]
        activity = create_activity(
            actor=coordinator,
            project=project,
            instrument=instrument,
            title=title,
            kind=ActivityKind.VOCATIONAL_COURSE,
            provider_name="Ośrodek Szkolenia Kierowców „Auto-Start”"
            if "jazdy" in title
            else "Zakład Doskonalenia Zawodowego w Kielcach",
            planned_hours=Decimal("60" if "jazdy" in title else "120"),
            capacity=count,
            start_on=start,
            end_on=end,
            cost=Decimal("1900.00") * count,
        )
        for n, person in enumerate(group, start=1):
            enrolment = enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=start)
            certificate = f"SKA/{index + 1}/{n:02d}/2014"
            complete_enrolment(
                actor=coordinator, enrolment=enrolment, ended_on=end, certificate_number=certificate, certificate_on=end
            )
            record_result(
                actor=coordinator,
                participation=parts[person.pk],
                kind=ResultKind.QUALIFICATION,
                achieved_on=end,
                qualification_name=title.split(" – ")[0],
                evidence=f"Zaświadczenie {certificate}",
            )


def _internships(rng, c, project, coordinator, young) -> None:
    """24 internships funded by the partner PUP, all by people under 30."""
    employers = add_partners(
        c,
        Partner.Kind.EMPLOYER,
        (
            "Zakłady Metalowe „Mesko” S.A.",
            "Hurtownia „Kamienna” sp. z o.o.",
            "Biuro Rachunkowe „Bilans”",
            "Salon fryzjerski „Loczek”",
            "Pizzeria „Roma”",
            "Sklep „Lewiatan” ul. Legionów",
            "Warsztat samochodowy „Auto-Serwis”",
            "Przychodnia „Zdrowie” sp. z o.o.",
        ),
    )
    for n, person in enumerate(pick(rng, young, INTERNS)):
        start = dt.date(2014, 5, 5) + dt.timedelta(days=7 * (n % 10))
        record_internship(
            actor=coordinator,
            participant=person,
            employer=employers[n % len(employers)],
            start_on=start,
            end_on=start + dt.timedelta(days=150),
            hours_per_month=Decimal("160"),
            paid_by=Internship.PaidBy.LABOUR_OFFICE,
            project=project,
            hired_afterwards=n % 5 == 0,
        )


def _cis(rng, c, project, coordinator, people, parts) -> None:
    """13 people referred to the social integration centre."""
    (cis,) = add_partners(c, Partner.Kind.CIS, ("Centrum Integracji Społecznej w Skarżysku-Kamiennej",))
    for n, person in enumerate(pick(rng, people, CIS)):
        record_referral(
            actor=coordinator,
            participant=person,
            date=dt.date(2014, 9, 1) + dt.timedelta(days=5 * n),
            destination_kind=Referral.Destination.CIS,
            destination=cis,
            project=project,
            result="Przyjęty do CIS" if n % 4 else "Oczekuje na miejsce",
        )


def _community_work(rng, c, project, coordinator, people) -> None:
    """57 people in socially useful work, three months each, in 27 city units (on a PUP referral)."""
    units = add_partners(c, Partner.Kind.PUBLIC_UNIT, UNITS)
    workers = pick(rng, people, COMMUNITY_WORKERS)
    for n, person in enumerate(workers):
        unit = units[n % len(units)]
        for month in months(dt.date(2014, 5 + n % 5, 1), 3):
            record_community_work(
                actor=coordinator,
                participant=person,
                unit=unit,
                month=month,
                hours=Decimal(rng.choice(("40", "40", "30", "20"))),
                pup_referral_number=f"PSU/{n + 1:03d}/2014",
                project=project,
            )


def _rehabilitation(c, project, coordinator, people, parts):
    """Rehabilitation for the 8 people with disabilities (the equipment is an expense of the project)."""
    disabled = [p for p in people if p.disability == "yes"]
    activity = create_activity(
        actor=coordinator,
        project=project,
        club=c.club,
        instrument=Instrument.objects.get(code="rehabilitation", institution=None),
        title="Rehabilitacja ruchowa z wykorzystaniem zakupionego sprzętu",
        kind=ActivityKind.GROUP_WORKSHOP,
        provider_name="Gabinet Rehabilitacji „Ruch”",
        planned_hours=Decimal("40"),
        capacity=len(disabled),
        start_on=dt.date(2014, 6, 2),
        end_on=dt.date(2014, 11, 28),
        room="Sala KIS",
        cost=Decimal("6800.00"),
    )
    for person in disabled:
        enrolment = enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=dt.date(2014, 6, 2))
        complete_enrolment(actor=coordinator, enrolment=enrolment, ended_on=dt.date(2014, 11, 28))
    return activity


def _events(rng, c, project, coordinator, people) -> None:
    for title, day in FESTYNS:
        save_event(
            actor=coordinator,
            kind="festyn",
            title=title,
            date=day,
            project=project,
            club=c.club,
            participants=pick(rng, people, rng.randint(35, 60)),
            other_guests=rng.randint(120, 400),
        )
    save_event(
        actor=coordinator,
        kind="conference",
        title="Konferencja podsumowująca projekt „Nowe Szanse w MOPS II”",
        date=CONFERENCE,
        project=project,
        club=c.club,
        participants=pick(rng, people, 25),
        other_guests=48,
    )


def _budget(rng, project, coordinator, accountant, people, rehabilitation) -> None:
    """A budget with the rehabilitation equipment; benefits paid to participants are the own contribution."""
    version = start_budget_version(actor=accountant, project=project, reason="Wniosek o dofinansowanie na 2014 r.")
    lines = {}
    for number, name, category, group, eu, own in (
        ("1.1", "Kursy zawodowe i prawo jazdy", CostCategory.PARTICIPANT_SUPPORT, "educational", "76000.00", "0"),
        ("1.2", "Zakup sprzętu rehabilitacyjnego", CostCategory.FIXED_ASSETS, "health", "14600.00", "0"),
        ("1.3", "Festyny i konferencja podsumowująca", CostCategory.PROMOTION, "social", "18500.00", "0"),
        ("1.4", "Zasiłki celowe dla uczestników (wkład własny)", CostCategory.BENEFITS, "social_work", "0", "61200.00"),
        ("2.1", "Wynagrodzenia kadry projektu", CostCategory.STAFF, "social_work", "212400.00", "0"),
    ):
        lines[number] = add_budget_line(
            actor=accountant,
            version=version,
            number=number,
            task="Aktywna integracja" if number < "2" else "Kadra",
            name=name,
            category=category,
            instrument_group=group,
            planned_eu=Decimal(eu),
            planned_own=Decimal(own),
        )
    approve_budget_version(actor=coordinator, version=version, approved_on=dt.date(2014, 1, 15))
    record_expense(
        actor=accountant,
        project=project,
        line=lines["1.2"],
        date=dt.date(2014, 5, 26),
        document_number="FV/2014/05/117",
        contractor="Medi-Rehab sp. z o.o., Kielce",
        description="Sprzęt rehabilitacyjny: rotory, stół rehabilitacyjny, materace i piłki",
        amount=Decimal("14385.60"),
        source=FundingSource.EU,
        activity=rehabilitation,
    )
    for month, amount in zip(range(3, 13), split_amount(Decimal("212400.00"), 10, rng), strict=True):
        record_expense(
            actor=accountant,
            project=project,
            line=lines["2.1"],
            date=dt.date(2014, month, 28),
            document_number=f"LP/{month:02d}/2014",
            contractor="MOPS w Skarżysku-Kamiennej – lista płac",
            description=f"Wynagrodzenia kadry projektu – {month:02d}.2014",
            amount=amount,
            source=FundingSource.EU,
        )
    recipients = pick(rng, people, 60)
    for n, (person, amount) in enumerate(
        zip(recipients, split_amount(Decimal("61200.00"), 60, rng), strict=True), start=1
    ):
        record_benefit(
            actor=accountant,
            project=project,
            line=lines["1.4"],
            participant=person,
            date=dt.date(2014, 3 + n % 9, 12),
            kind=Benefit.Kind.TARGETED,
            amount=amount,
            decision_number=f"MOPS.8310.{n:03d}.2014",
        )
