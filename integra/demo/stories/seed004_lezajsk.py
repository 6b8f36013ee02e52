"""Seed 004 — Leżajsk, „Czas na aktywność w gminie miejskiej Leżajsk”, edition 2011 (POKL VII 7.1.1).

The story as the article tells it: recruitment January–April 2011 (29 people applied; 16 places,
raised to 25 when the intermediate body increased the allocation), 25 social contracts, two
families with a family assistant, an IPD for everyone, the six vocational courses, social-skills
and adaptation training, a budget of 385 365,31 zł (EU 344 901,95 zł + own contribution
40 463,36 zł paid as social-assistance benefits), a half-time social worker hired in 2011 that
brings the centre to the staffing standard, three people in work before the end, and the
closing conference on 12.12.2011.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from integra.casework.services import change_status, create_plan, review_plan
from integra.core.roles import Role, Specialty
from integra.demo.generator import CentreData, DemoContext
from integra.demo.stories.common import (
    PeopleFactory,
    add_partners,
    add_staff,
    household_for,
    pick,
    register_people,
    social_contract,
    split_amount,
    workdays,
)
from integra.finance.models import Benefit, CostCategory, FundingSource
from integra.finance.services import (
    add_budget_line,
    approve_budget_version,
    record_benefit,
    record_expense,
    start_budget_version,
    update_budget_line,
)
from integra.institutions.models import Partner, PopulationYear
from integra.outcomes.models import ExitReason, ResultKind
from integra.outcomes.services import record_exit, record_result
from integra.projects.letters import issue_letters, save_template
from integra.projects.models import Participation
from integra.projects.services import add_edition, create_project
from integra.recruitment.models import Application, Criterion
from integra.recruitment.services import (
    add_criterion,
    award_points,
    create_call,
    qualify_applicants,
    raise_capacity,
    register_application,
)
from integra.support.models import ActivityKind, Instrument
from integra.support.services import (
    complete_enrolment,
    create_activity,
    enrol,
    record_attendance,
    record_consultation,
    record_family_visit,
    save_event,
    schedule_session,
)

SLUG = "lezajsk"
CODE = "LEZ-CNA-2011"
TITLE = "Czas na aktywność w gminie miejskiej Leżajsk"
START, END = dt.date(2011, 1, 1), dt.date(2011, 12, 31)
CONFERENCE = dt.date(2011, 12, 12)
APPLICANTS = 29
FIRST_CAPACITY, RAISED_CAPACITY = 16, 25
COURSES = (
    "Kucharz małej gastronomii",
    "Opiekun osób starszych i niepełnosprawnych",
    "Operator koparko-ładowarki",
    "Prawo jazdy kat. C",
    "Pracownik ochrony I stopnia",
    "Profesjonalny sprzedawca z obsługą komputera i kasy fiskalnej",
)
# Inhabitants of the gmina (staffing standard, art. 110 ust. 11): 1 social worker per 2,000.
POPULATION = {2010: 13_900, 2011: 13_860}
# (username, first, last, FTE, start): the social workers the centre employs besides the base demo staff.
SOCIAL_WORKERS = (
    ("ps.stanislawa", "Stanisława", "Kołodziej", "1.00", dt.date(1996, 9, 2)),
    ("ps.halina", "Halina", "Śliwa", "1.00", dt.date(2001, 3, 1)),
    ("ps.roman", "Roman", "Kłos", "1.00", dt.date(2004, 10, 1)),
    ("ps.2009", "Joanna", "Mączka", "1.00", dt.date(2009, 2, 2)),  # hired thanks to the project
    ("ps.2010", "Edyta", "Łazarz", "1.00", dt.date(2010, 3, 1)),  # hired thanks to the project
    ("ps.2011", "Monika", "Dziedzic", "0.50", dt.date(2011, 5, 2)),  # the half-time hire of 2011
)
# Budget (zł): (number, task, name, category, instrument group, EU in version 1, EU in version 2).
BUDGET_LINES = (
    (
        "1.1",
        "Aktywna integracja",
        "Kursy i szkolenia zawodowe",
        CostCategory.PARTICIPANT_SUPPORT,
        "educational",
        "88400.00",
        "138150.00",
    ),
    (
        "1.2",
        "Aktywna integracja",
        "Trening kompetencji społecznych i trening adaptacyjny",
        CostCategory.PARTICIPANT_SUPPORT,
        "social",
        "21600.00",
        "33750.00",
    ),
    (
        "1.3",
        "Aktywna integracja",
        "Doradztwo zawodowe i wsparcie psychologiczne",
        CostCategory.PARTICIPANT_SUPPORT,
        "vocational",
        "14400.00",
        "22500.00",
    ),
    ("1.4", "Aktywna integracja", "Asystent rodziny", CostCategory.PARTICIPANT_SUPPORT, "social", "9600.00", "9600.00"),
    (
        "2.1",
        "Praca socjalna",
        "Wynagrodzenia pracowników socjalnych zatrudnionych w projekcie",
        CostCategory.STAFF,
        "social_work",
        "92416.80",
        "92416.80",
    ),
    (
        "3.1",
        "Zarządzanie projektem",
        "Koordynacja i obsługa księgowa projektu",
        CostCategory.MANAGEMENT,
        "",
        "38940.00",
        "38940.00",
    ),
    (
        "4.1",
        "Promocja projektu",
        "Konferencja podsumowująca, materiały promocyjne i podziękowania",
        CostCategory.PROMOTION,
        "",
        "6100.00",
        "9545.15",
    ),
)
OWN_LINE = (
    "1.5",
    "Aktywna integracja",
    "Świadczenia pomocy społecznej dla uczestników (wkład własny)",
    CostCategory.BENEFITS,
    "social_work",
    "25896.55",
    "40463.36",
)


def play(ctx: DemoContext, c: CentreData) -> None:
    rng = random.Random(4004)
    coordinator, worker, advisor = c.staff["koordynator"], c.staff["pracownik"], c.staff["doradca"]
    psychologist, accountant = c.staff["psycholog"], c.staff["ksiegowa"]
    _staffing(ctx, c)
    assistant = add_staff(
        ctx,
        c,
        username="asystent",
        first="Beata",
        last="Żmuda",
        role=Role.SPECIALIST,
        specialty=Specialty.FAMILY_ASSISTANT,
        start_on=dt.date(2010, 9, 1),
    )
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
        status="closed",
        target_participants=RAISED_CAPACITY,
        target_women=15,
    )
    add_edition(actor=coordinator, project=project, year=2011, start_on=START, end_on=END)
    _recruit(ctx, c, rng, project, coordinator, worker)
    parts = {p.participant_id: p for p in Participation.objects.filter(project=project).select_related("participant")}
    qualified = sorted(parts.values(), key=lambda p: (p.start_on, p.participant.last_name_key, p.pk))
    persons = [p.participant for p in qualified]

    # Two families with a family assistant: a variant A contract with the household.
    families = pick(rng, [p for p in persons if p.sex == "F"], 2)
    factory = PeopleFactory(rng, c)
    households = {}
    for mother in families:
        kids = [factory.child(rng.choice("FM"), dt.date(2011, 4, 1)) for _ in range(rng.randint(2, 3))]
        households[mother.pk] = household_for(worker, mother, children=kids)
        mother.refresh_from_db()
    workers = [worker, c.staff["ps.2009"], c.staff["ps.2010"]]
    for n, part in enumerate(qualified, start=1):
        person = part.participant
        household = households.get(person.pk)
        social_contract(
            actor=workers[n % 3],
            social_worker=workers[n % 3],
            participant=person,
            number=f"KS/LEZ/{n:03d}/2011",
            start_on=part.start_on,
            end_on=dt.date(2011, 12, 16),
            project=project,
            variant="A" if household else "B",
            family_members=list(household.members.exclude(relation="head")) if household else (),
        )
        plan = create_plan(
            actor=advisor,
            participant=person,
            career_advisor=advisor,
            drawn_up_on=part.start_on + dt.timedelta(days=7),
            start_on=part.start_on + dt.timedelta(days=7),
            end_on=dt.date(2011, 12, 12),
            project=project,
            goals="Wybór i ukończenie kursu zawodowego, przygotowanie do rozmowy kwalifikacyjnej, aktywne poszukiwanie pracy.",
            planned_instruments=[
                "career-counselling",
                "vocational-course",
                "social-skills-training",
                "adaptation-training",
            ],
        )
        review_plan(
            actor=advisor,
            plan=plan,
            reviewed_on=dt.date(2011, 9, 30),
            notes="Kurs ukończony lub w toku; uczestnik aktywnie szuka pracy.",
        )
        record_consultation(
            actor=advisor,
            participant=person,
            date=part.start_on + dt.timedelta(days=7),
            duration_minutes=90,
            topic="Diagnoza predyspozycji zawodowych i IPD",
            project=project,
        )
        record_consultation(
            actor=psychologist,
            participant=person,
            date=part.start_on + dt.timedelta(days=14),
            duration_minutes=60,
            topic="Konsultacja psychologiczna indywidualna",
            project=project,
        )
    for household in households.values():
        for day in workdays(dt.date(2011, 5, 4), dt.date(2011, 12, 9), weekday=2)[::2]:
            record_family_visit(
                actor=assistant,
                household=household,
                date=day,
                duration_minutes=120,
                note="Wspólna praca nad planem wyjścia rodziny z kryzysu.",
            )

    _courses(rng, c, project, coordinator, persons)
    _trainings(c, project, coordinator, psychologist, persons)
    employed = _jobs_and_exits(rng, c, project, coordinator, qualified)
    save_event(
        actor=coordinator,
        kind="conference",
        title="Konferencja podsumowująca realizację projektu w 2011 roku",
        date=CONFERENCE,
        project=project,
        club=c.club,
        participants=[p for p in persons if p.pk not in employed],
        other_guests=34,
    )
    _budget(rng, project, coordinator, accountant, persons)
    thanks = save_template(
        actor=coordinator,
        kind="thanks",
        name="Podziękowanie dla uczestnika 2011",
        title="Podziękowanie",
        body=(
            "Szanowna Pani / Szanowny Panie {imie} {nazwisko},\n\nserdecznie dziękujemy za udział w projekcie "
            "„{projekt}” w okresie od {poczatek} do {koniec}, za zaangażowanie i wytrwałość.\n\n"
            "Życzymy powodzenia w dalszym życiu zawodowym i osobistym."
        ),
        signature="Dyrektor Miejskiego Ośrodka Pomocy Społecznej w Leżajsku",
    )
    issue_letters(actor=coordinator, project=project, template=thanks, issued_on=CONFERENCE)
    for part in qualified:
        contract = part.participant.social_contracts.get(project=project)
        change_status(
            actor=contract.social_worker,
            contract=contract,
            to_status="completed",
            changed_on=CONFERENCE,
            final_evaluation="Zobowiązania kontraktu zrealizowane.",
        )
    ctx.count("story:004", len(persons))


def _staffing(ctx: DemoContext, c: CentreData) -> None:
    """Population of the gmina by year and the centre's social workers (art. 110 ust. 11)."""
    for year, population in POPULATION.items():
        PopulationYear.objects.update_or_create(
            institution=c.institution, year=year, defaults={"population": population}
        )
    for username, first, last, fte, start in SOCIAL_WORKERS:
        add_staff(
            ctx,
            c,
            username=username,
            first=first,
            last=last,
            role=Role.SOCIAL_WORKER,
            specialty=Specialty.SOCIAL_WORKER,
            fte=fte,
            start_on=start,
        )


def _recruit(ctx, c, rng, project, coordinator, worker):
    """29 applications January–March; 16 places, then 25 after the allocation was raised."""
    call = create_call(
        actor=coordinator,
        project=project,
        title="Rekrutacja uczestników – edycja 2011",
        opens_on=dt.date(2011, 1, 3),
        closes_on=dt.date(2011, 4, 29),
        capacity=FIRST_CAPACITY,
        reserve_size=APPLICANTS - FIRST_CAPACITY,
        rules="Regulamin rekrutacji: mieszkańcy miasta Leżajska w wieku aktywności zawodowej, klienci MOPS; "
        "zasada równych szans kobiet i mężczyzn.",
        committee="Komisja rekrutacyjna: koordynator projektu, pracownik socjalny, doradca zawodowy",
    )
    for rule, label in (
        (Criterion.Rule.LIVES_IN_GMINA, "Mieszka w gminie miejskiej Leżajsk"),
        (Criterion.Rule.WORKING_AGE, "Jest w wieku aktywności zawodowej"),
        (Criterion.Rule.SOCIAL_ASSISTANCE_CLIENT, "Korzysta ze świadczeń pomocy społecznej"),
    ):
        add_criterion(actor=coordinator, call=call, kind=Criterion.Kind.REQUIRED, rule=rule, label=label)
    for rule, label, points in (
        (Criterion.Rule.WOMAN, "Kobieta", 2),
        (Criterion.Rule.DISABILITY, "Osoba z niepełnosprawnością", 3),
        (Criterion.Rule.LONG_TERM_UNEMPLOYED, "Osoba długotrwale bezrobotna", 2),
    ):
        add_criterion(
            actor=coordinator, call=call, kind=Criterion.Kind.ATTRIBUTE, rule=rule, label=label, points=points
        )
    manual = add_criterion(
        actor=coordinator,
        call=call,
        kind=Criterion.Kind.MANUAL,
        rule=Criterion.Rule.HAND,
        label="Ocena motywacji na podstawie wywiadu środowiskowego",
        points=3,
    )
    factory = PeopleFactory(rng, c)
    drafts = []
    for i in range(APPLICANTS):
        person = factory.person(
            sex="F" if i % 5 < 3 else "M",
            age_on=dt.date(2011, 2, 1),
            max_age=58,
            labour_status="registered_unemployed" if i % 4 else "inactive",
            disability="yes" if i % 11 == 0 else "no",
        )
        person.locality, person.degurba = "Leżajsk", 2
        person.social_assistance_since = dt.date(2011, 1, 1) - dt.timedelta(days=rng.randrange(200, 3000))
        person.groups = ["long_term_unemployed"] if person.long_term_unemployed else []
        drafts.append(person)
    applicants = register_people(worker, c, drafts)
    days = sorted(dt.date(2011, 1, 10) + dt.timedelta(days=rng.randrange(0, 75)) for _ in applicants)
    needs_pool = ("career_advisor", "psychologist", "course", "lawyer", "financial_advisor", "internship")
    for person, day in zip(applicants, days, strict=True):
        application = register_application(
            actor=worker,
            call=call,
            participant=person,
            applied_on=day,
            source=rng.choice(("own", "social_worker")),
            home_interview_on=day - dt.timedelta(days=rng.randrange(3, 20)),
            questionnaire={"motywacja": rng.choice(("wysoka", "średnia")), "oczekiwania": "kurs zawodowy, praca"},
            needs=["career_advisor", "course", *rng.sample(needs_pool, 2)],
        )
        if rng.random() < 0.4:
            award_points(
                actor=coordinator,
                application=application,
                criterion=manual,
                points=rng.randint(1, 3),
                justification="Wysoka motywacja potwierdzona w wywiadzie środowiskowym.",
                awarded_on=dt.date(2011, 3, 28),
            )
    qualify_applicants(actor=coordinator, call=call, decided_on=dt.date(2011, 3, 31), close_call=True)
    raise_capacity(actor=coordinator, call=call, capacity=RAISED_CAPACITY, decided_on=dt.date(2011, 4, 29))
    if call.applications.filter(status=Application.Status.QUALIFIED).count() != RAISED_CAPACITY:
        raise RuntimeError("Leżajsk: the raised capacity did not fill from the reserve list")
    return applicants


def _courses(rng, c, project, coordinator, persons) -> None:
    """The six vocational courses each participant chose with the career advisor; certificates on completion."""
    course = Instrument.objects.get(code="vocational-course", institution=None)
    firms = ("Ośrodek Szkolenia Zawodowego „Progres” w Rzeszowie", "Centrum Kształcenia Ustawicznego w Leżajsku")
    order = list(persons)
    rng.shuffle(order)
    for index, title in enumerate(COURSES):
        group = order[index :: len(COURSES)]
        start = dt.date(2011, 6, 6) + dt.timedelta(days=14 * index)
        end = start + dt.timedelta(days=60)
        activity = create_activity(
            actor=coordinator,
            project=project,
            instrument=course,
            title=title,
            kind=ActivityKind.VOCATIONAL_COURSE,
            provider_name=firms[index % 2],
            planned_hours=Decimal("120"),
            capacity=8,
            start_on=start,
            end_on=end,
            cost=Decimal("5250.00") * len(group),
        )
        for number, person in enumerate(group, start=1):
            enrolment = enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=start)
            complete_enrolment(
                actor=coordinator,
                enrolment=enrolment,
                ended_on=end,
                certificate_number=f"{index + 1}/{number:02d}/2011",
                certificate_on=end,
            )
            record_result(
                actor=coordinator,
                participation=person.participations.get(project=project),
                kind=ResultKind.QUALIFICATION,
                achieved_on=end,
                qualification_name=title,
                evidence=f"Zaświadczenie nr {index + 1}/{number:02d}/2011",
            )


def _trainings(c, project, coordinator, psychologist, persons) -> None:
    """Social-skills and adaptation training in sessions with attendance lists."""
    for code, title, first, weekday in (
        ("social-skills-training", "Trening kompetencji i umiejętności społecznych", dt.date(2011, 5, 9), 0),
        ("adaptation-training", "Trening adaptacyjny", dt.date(2011, 9, 5), 3),
    ):
        instrument = Instrument.objects.get(code=code, institution=None)
        days = workdays(first, first + dt.timedelta(days=60), weekday=weekday)[:6]
        activity = create_activity(
            actor=coordinator,
            project=project,
            club=c.club,
            instrument=instrument,
            title=title,
            kind=ActivityKind.GROUP_WORKSHOP,
            provider=psychologist,
            planned_hours=Decimal(len(days) * 4),
            capacity=25,
            start_on=days[0],
            end_on=days[-1],
            room="Sala szkoleniowa MOPS",
        )
        for person in persons:
            enrol(actor=coordinator, activity=activity, participant=person, enrolled_on=days[0])
        for n, day in enumerate(days):
            session = schedule_session(
                actor=coordinator,
                activity=activity,
                date=day,
                start_time=dt.time(9, 0),
                duration_minutes=240,
                staff=psychologist,
            )
            marks = {p.pk: ("absent" if (p.pk + n) % 9 == 0 else "present") for p in persons}
            record_attendance(actor=coordinator, session=session, marks=marks, expected_version=session.version)
        for enrolment in activity.enrolments.all():
            complete_enrolment(actor=coordinator, enrolment=enrolment, ended_on=days[-1])


def _jobs_and_exits(rng, c, project, coordinator, qualified) -> set[int]:
    """Three people took a job before the end; everyone else completed the path on 12.12.2011."""
    employers = add_partners(
        c,
        Partner.Kind.EMPLOYER,
        ("Browar w Leżajsku", "Przedsiębiorstwo Handlowe „Sanpol” sp. z o.o.", "Agencja Ochrony „Sokół”"),
    )
    hired = pick(rng, qualified, 3)
    for part, employer, day in zip(
        hired, employers, (dt.date(2011, 9, 19), dt.date(2011, 10, 3), dt.date(2011, 11, 14)), strict=True
    ):
        record_result(
            actor=coordinator,
            participation=part,
            kind=ResultKind.EMPLOYMENT_CONTRACT,
            achieved_on=day,
            employer=employer,
            evidence="Kopia umowy o pracę",
        )
        record_exit(actor=coordinator, participation=part, exit_on=day, reason=ExitReason.LEFT_FOR_JOB)
    hired_ids = {p.pk for p in hired}
    for part in qualified:
        if part.pk not in hired_ids:
            record_exit(actor=coordinator, participation=part, exit_on=CONFERENCE, reason=ExitReason.COMPLETED)
    return {p.participant_id for p in hired}


def _budget(rng, project, coordinator, accountant, persons) -> None:
    """Version 1 for 16 people, the amendment for 25; expenses and the benefits of the own contribution."""
    version = start_budget_version(actor=accountant, project=project, reason="Wniosek o dofinansowanie na 2011 r.")
    for number, task, name, category, group, eu, _eu2 in BUDGET_LINES:
        add_budget_line(
            actor=accountant,
            version=version,
            number=number,
            task=task,
            name=name,
            category=category,
            instrument_group=group,
            planned_eu=Decimal(eu),
        )
    number, task, name, category, group, own, _own2 = OWN_LINE
    add_budget_line(
        actor=accountant,
        version=version,
        number=number,
        task=task,
        name=name,
        category=category,
        instrument_group=group,
        planned_own=Decimal(own),
    )
    approve_budget_version(actor=coordinator, version=version, approved_on=dt.date(2011, 1, 20))
    amendment = start_budget_version(
        actor=accountant,
        project=project,
        reason="Zwiększenie alokacji na zadanie „Aktywna integracja” – 25 zamiast 16 uczestników",
    )
    new_amounts = {row[0]: ("planned_eu", Decimal(row[6])) for row in BUDGET_LINES}
    new_amounts[OWN_LINE[0]] = ("planned_own", Decimal(OWN_LINE[6]))
    for line in amendment.lines.all():
        field, amount = new_amounts[line.number]
        if getattr(line, field) != amount:
            update_budget_line(actor=accountant, line=line, expected_version=line.version, **{field: amount})
    approve_budget_version(actor=coordinator, version=amendment, approved_on=dt.date(2011, 4, 28))
    # Spending: the whole budget was used (the article's 385 365,31 zł is what the project cost).
    contractors = {
        "1.1": "Ośrodek Szkolenia Zawodowego „Progres”",
        "1.2": "Pracownia Psychologiczna „Dialog”",
        "1.3": "Pracownia Psychologiczna „Dialog”",
        "1.4": "MOPS w Leżajsku – asystent rodziny",
        "2.1": "MOPS w Leżajsku – lista płac",
        "3.1": "MOPS w Leżajsku – lista płac",
        "4.1": "Drukarnia „Leżajsk-Druk”",
    }
    document = 0
    for line in amendment.lines.exclude(category=CostCategory.BENEFITS).order_by("number"):
        payments = 4 if line.category in (CostCategory.STAFF, CostCategory.MANAGEMENT) else 3
        for i, amount in enumerate(split_amount(line.planned_eu, payments, rng)):
            document += 1
            record_expense(
                actor=accountant,
                project=project,
                line=line,
                date=dt.date(2011, 3 + 3 * i, 28),
                document_number=f"FV/{document:03d}/2011",
                contractor=contractors[line.number],
                description=f"{line.name} – płatność {i + 1} z {payments}",
                amount=amount,
                source=FundingSource.EU,
            )
    benefits_line = amendment.lines.get(number=OWN_LINE[0])
    payments = [(person, month) for person in persons for month in (5, 7, 9, 11)]
    for n, ((person, month), amount) in enumerate(
        zip(payments, split_amount(benefits_line.planned_own, len(payments), rng), strict=True), start=1
    ):
        record_benefit(
            actor=accountant,
            project=project,
            line=benefits_line,
            participant=person,
            date=dt.date(2011, month, 10),
            kind=Benefit.Kind.TARGETED if month % 4 == 1 else Benefit.Kind.PERIODIC,
            amount=amount,
            decision_number=f"MOPS.8310.{n:03d}.2011",
        )
