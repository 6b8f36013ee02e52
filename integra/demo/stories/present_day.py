"""The present-day story: a running FE 2021–2027 (ESF+) project at two centres, dated from today.

The five article stories happened in 2009–2013, so on their own every work list of a fresh demo is
empty and no project reports the 2021–2027 EU indicators. This story gives Leżajsk and
Skarżysko-Kamienna a current ESF+ project of their voivodeship's regional programme, started about
six months before the day `integra demo-data` runs: sessions this week and next (the most recent
ones with attendance not yet marked), exits whose 28-day, 3-month and 6-month checks fall due
this week, contracts, IPDs and a PAL ending or due for review within 14 days, a second recruitment
call with applications awaiting a decision, a budget with a line past 90 % of its plan and a cap
close to its limit, consents withdrawn this week, image consents given for a period that ends within
the DPO's warning window (and one that ends far later) and one account that opened an unusual number of
participant pages today. Everything is written through the services the screens use.

The programme codes follow the numbering of the regional programmes (FEPK: Fundusze Europejskie dla
Podkarpacia 2021–2027; FESW: Fundusze Europejskie dla Świętokrzyskiego 2021–2027); the project
numbers themselves are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle, islice

from django.utils import timezone

from integra.casework.services import add_programme_participant, change_status, create_plan, create_programme
from integra.core import phone
from integra.core.models import AccessLogEntry
from integra.demo.generator import CentreData, DemoContext
from integra.demo.stories.common import (
    PeopleFactory,
    add_partners,
    pick,
    register_people,
    social_contract,
    split_amount,
)
from integra.finance.models import Benefit, CapRule, CostCategory, FundingSource
from integra.finance.services import (
    add_budget_line,
    approve_budget_version,
    create_cap,
    record_benefit,
    record_expense,
    start_budget_version,
)
from integra.institutions.models import Partner, PopulationYear
from integra.outcomes.models import ExitReason, FollowUp, ResultKind
from integra.outcomes.services import add_months, record_exit, record_follow_up, record_result
from integra.people.models import Consent, Participant
from integra.people.services import PARTICIPANT_FIELDS, add_consent, update_participant, withdraw_consent
from integra.projects.models import Participation
from integra.projects.services import create_project
from integra.recruitment.models import Criterion
from integra.recruitment.services import add_criterion, create_call, qualify_applicants, register_application
from integra.support.models import ActivityKind, Enrolment, Instrument
from integra.support.services import (
    complete_enrolment,
    create_activity,
    drop_out,
    enrol,
    record_attendance,
    record_consultation,
    schedule_session,
)

# Participant pages one account opens on the demo's day: far above any sensible daily limit, so the
# DPO's start page has an unusual access to look at.
UNUSUAL_VIEWS = 80
# Image consents given for a period: days from the demo's day to their end. The first three fall within
# the DPO's 30-day warning (INTEGRA_CONSENT_EXPIRY_WARNING_DAYS), the last does not.
CONSENT_ENDS_IN_DAYS = (3, 12, 26, 200)


@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    code: str
    title: str
    programme: str
    priority: str
    measure: str
    seed: int


PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "lezajsk",
        "FEPK.07.15-IP.01-0042/25",
        "Aktywni razem – Klub Integracji Społecznej w Leżajsku",
        "FEPK 2021-2027",
        "7",
        "7.15",
        2101,
    ),
    ProjectSpec(
        "skarzysko",
        "FESW.09.05-IZ.00-0017/25",
        "Nowy start w Skarżysku-Kamiennej – aktywna integracja z KIS",
        "FESW 2021-2027",
        "9",
        "9.5",
        2102,
    ),
)
SLUGS = tuple(spec.slug for spec in PROJECTS)
PARTICIPANTS = 30
LATE_APPLICANTS = 7


def project_start(today: dt.date) -> dt.date:
    """The Monday about six months before today: when the project's support began."""
    start = add_months(today, -6)
    return start - dt.timedelta(days=start.weekday())


def play(ctx: DemoContext, c: CentreData, today: dt.date | None = None) -> None:
    """Record the present-day project of one centre (Leżajsk or Skarżysko-Kamienna)."""
    today = today or timezone.localdate()
    spec = next(s for s in PROJECTS if s.slug == c.spec.slug)
    story = _Story(ctx, c, spec, today)
    story.play()
    ctx.count(f"present:{spec.slug}", PARTICIPANTS)


class _Story:
    def __init__(self, ctx: DemoContext, c: CentreData, spec: ProjectSpec, today: dt.date):
        self.ctx, self.c, self.spec, self.today = ctx, c, spec, today
        self.rng = random.Random(spec.seed)
        self.coordinator, self.worker, self.worker2 = (
            c.staff["koordynator"],
            c.staff["pracownik"],
            c.staff["pracownik2"],
        )
        self.advisor, self.psychologist, self.accountant = c.staff["doradca"], c.staff["psycholog"], c.staff["ksiegowa"]
        self.start = project_start(today)
        self.end = dt.date(today.year + 1, 12, 31)

    def play(self) -> None:
        PopulationYear.objects.get_or_create(
            institution=self.c.institution, year=self.today.year, defaults={"population": self.c.spec.population}
        )
        self.project = create_project(
            actor=self.coordinator,
            code=self.spec.code,
            title=self.spec.title,
            start_on=self.start,
            end_on=self.end,
            kind="competitive",
            programme=self.spec.programme,
            priority=self.spec.priority,
            measure=self.spec.measure,
            programme_period="2021-2027",
            status="running",
            club=self.c.club,
            target_participants=40,
            target_women=22,
            target_disabled=6,
            target_jobs=9,
        )
        people = self._recruit()
        self.parts = sorted(
            Participation.objects.filter(project=self.project).select_related("participant"),
            key=lambda p: (p.participant.last_name_key, p.pk),
        )
        self.exits = self._plan_exits()
        self._casework()
        self._support()
        self._outcomes()
        self._late_call(people)
        self._budget()
        self._privacy()
        self._outreach()

    # --- recruitment -------------------------------------------------------------------------------------------

    def _recruit(self) -> PeopleFactory:
        """The first call closed a week before the start: 30 qualified of 34, the rest on the reserve list."""
        call = create_call(
            actor=self.coordinator,
            project=self.project,
            title="Nabór uczestników – tura 1",
            opens_on=self.start - dt.timedelta(days=45),
            closes_on=self.start - dt.timedelta(days=7),
            capacity=PARTICIPANTS,
            reserve_size=4,
            rules="Regulamin rekrutacji: osoby zagrożone wykluczeniem społecznym, klienci ośrodka pomocy społecznej "
            "w wieku aktywności zawodowej; pierwszeństwo dla osób z niepełnosprawnościami.",
            committee="Komisja rekrutacyjna: koordynator projektu, pracownik socjalny, doradca zawodowy",
        )
        self._criteria(call)
        factory = PeopleFactory(self.rng, self.c)
        drafts = [self._draft(factory, i) for i in range(PARTICIPANTS + 4)]
        applicants = register_people(self.worker, self.c, drafts)
        for n, person in enumerate(applicants):
            register_application(
                actor=self.worker,
                call=call,
                participant=person,
                applied_on=call.opens_on + dt.timedelta(days=n % 30),
                source="social_worker",
                home_interview_on=call.opens_on + dt.timedelta(days=n % 30),
                questionnaire={"motywacja": self.rng.choice(("wysoka", "średnia"))},
                needs=["career_advisor", self.rng.choice(("psychologist", "course", "financial_advisor"))],
            )
        qualify_applicants(
            actor=self.coordinator, call=call, decided_on=self.start - dt.timedelta(days=3), close_call=True
        )
        return factory

    def _criteria(self, call) -> None:
        add_criterion(
            actor=self.coordinator,
            call=call,
            kind=Criterion.Kind.REQUIRED,
            rule=Criterion.Rule.WORKING_AGE,
            label="Jest w wieku aktywności zawodowej",
        )
        for rule, label, points in (
            (Criterion.Rule.DISABILITY, "Osoba z niepełnosprawnością", 3),
            (Criterion.Rule.LONG_TERM_UNEMPLOYED, "Osoba długotrwale bezrobotna", 2),
            (Criterion.Rule.WOMAN, "Kobieta", 1),
        ):
            add_criterion(
                actor=self.coordinator, call=call, kind=Criterion.Kind.ATTRIBUTE, rule=rule, label=label, points=points
            )

    def _draft(self, factory: PeopleFactory, i: int):
        person = factory.person(
            sex="F" if i % 20 < 11 else "M",
            age_on=self.start,
            min_age=19,
            max_age=61,
            disability="yes" if i % 6 == 0 else ("refused" if i == 7 else "no"),
        )
        person.social_assistance_since = self.start - dt.timedelta(days=self.rng.randrange(120, 2500))
        person.groups = ["long_term_unemployed"] if person.long_term_unemployed else []
        return person

    def _late_call(self, factory: PeopleFactory) -> None:
        """The second call is open now: seven applications wait for the committee's decision."""
        call = create_call(
            actor=self.coordinator,
            project=self.project,
            title="Nabór uczestników – tura 2",
            opens_on=self.today - dt.timedelta(days=21),
            closes_on=self.today + dt.timedelta(days=9),
            capacity=10,
            reserve_size=3,
            rules="Regulamin rekrutacji jak w turze 1; nabór uzupełniający.",
            committee="Komisja rekrutacyjna: koordynator projektu, pracownik socjalny, doradca zawodowy",
        )
        self._criteria(call)
        drafts = [self._draft(factory, 100 + i) for i in range(LATE_APPLICANTS)]
        for n, person in enumerate(register_people(self.worker2, self.c, drafts)):
            day = self.today - dt.timedelta(days=18 - 2 * n)
            register_application(
                actor=self.worker2,
                call=call,
                participant=person,
                applied_on=day,
                source="own" if n % 2 else "social_worker",
                home_interview_on=day,
                needs=["career_advisor", "psychologist"],
            )

    # --- who leaves when ---------------------------------------------------------------------------------------

    def _plan_exits(self) -> dict[int, tuple[dt.date, str, str | None]]:
        """participation id -> (exit day, reason, result within 28 days), chosen so that checks fall due now.

        - three left about four weeks ago: the 28-day check of the result upon leaving is due this week;
        - three left three months ago: their 3-month follow-up is due this week (one two days overdue);
        - two left four months ago and were checked at 3 months (both employed);
        - one left six months less a few days ago: the 6-month follow-up is due this week.
        """
        today = self.today
        plan: list[tuple[dt.date, str, str | None]] = [
            (today - dt.timedelta(days=27), ExitReason.LEFT_FOR_JOB, ResultKind.EMPLOYMENT_CONTRACT),
            (today - dt.timedelta(days=28), ExitReason.COMPLETED, ResultKind.JOB_SEARCHING),
            (today - dt.timedelta(days=30), ExitReason.DROPPED_OUT, None),
            (add_months(today, -3) - dt.timedelta(days=2), ExitReason.LEFT_FOR_JOB, ResultKind.EMPLOYMENT_CONTRACT),
            (add_months(today, -3), ExitReason.COMPLETED, ResultKind.QUALIFICATION),
            (add_months(today, -3) + dt.timedelta(days=3), ExitReason.COMPLETED, ResultKind.JOB_SEARCHING),
            (add_months(today, -4), ExitReason.LEFT_FOR_JOB, ResultKind.EMPLOYMENT_CONTRACT),
            (add_months(today, -4) + dt.timedelta(days=5), ExitReason.LEFT_FOR_JOB, ResultKind.SELF_EMPLOYMENT),
            (
                max(add_months(today, -6) + dt.timedelta(days=2), self.start + dt.timedelta(days=1)),
                ExitReason.LEFT_FOR_JOB,
                ResultKind.EMPLOYMENT_CONTRACT,
            ),
        ]
        leavers = pick(self.rng, self.parts, len(plan))
        self.rng.shuffle(leavers)
        return {part.pk: row for part, row in zip(leavers, plan, strict=True)}

    def _exit_of(self, part: Participation) -> dt.date | None:
        row = self.exits.get(part.pk)
        return row[0] if row else None

    # --- casework ----------------------------------------------------------------------------------------------

    def _casework(self) -> None:
        """A contract and an IPD for everyone; four contracts end within 14 days, three IPDs are due for review."""
        workers = (self.worker, self.worker2)
        ending = {p.pk for p in pick(self.rng, [p for p in self.parts if p.pk not in self.exits], 4)}
        reviews = {p.pk for p in pick(self.rng, [p for p in self.parts if p.pk not in self.exits], 3)}
        soon = iter((3, 6, 10, 13))
        review_days = iter((1, 5, 12))
        year = self.start.year
        for n, part in enumerate(self.parts, start=1):
            person = part.participant
            worker = workers[n % 2]
            end_on = self.today + dt.timedelta(days=next(soon)) if part.pk in ending else add_months(self.start, 12)
            contract = social_contract(
                actor=worker,
                social_worker=worker,
                participant=person,
                number=f"KS/{self.spec.slug.upper()[:3]}/{n:03d}/{year}",
                start_on=part.start_on,
                end_on=end_on,
                project=self.project,
            )
            exit_on = self._exit_of(part)
            if exit_on is not None:
                change_status(
                    actor=worker,
                    contract=contract,
                    to_status="completed",
                    changed_on=exit_on,
                    final_evaluation="Uczestnik zakończył udział w projekcie; zobowiązania zrealizowane.",
                )
            next_review = (
                self.today + dt.timedelta(days=next(review_days)) if part.pk in reviews else add_months(self.today, 2)
            )
            create_plan(
                actor=self.advisor,
                participant=person,
                career_advisor=self.advisor,
                drawn_up_on=part.start_on,
                start_on=part.start_on,
                end_on=add_months(self.start, 12),
                project=self.project,
                goals="Rozpoznanie predyspozycji, kurs zawodowy, przygotowanie do rozmowy kwalifikacyjnej, podjęcie pracy.",
                planned_instruments=["career-counselling", "social-skills-training", "vocational-course"],
                next_review_on=None if exit_on else next_review,
            )
            record_consultation(
                actor=self.advisor,
                participant=person,
                date=part.start_on + dt.timedelta(days=2),
                duration_minutes=60,
                topic="Diagnoza predyspozycji zawodowych i IPD",
                project=self.project,
            )
        programme = create_programme(
            actor=self.coordinator,
            title="PAL „Sąsiedzi razem” – osiedle przy ul. " + self.c.spec.streets[0],
            goals="Integracja mieszkańców osiedla, wolontariat, wspólne działania na rzecz otoczenia.",
            start_on=self.start,
            end_on=self.today + dt.timedelta(days=11),
            project=self.project,
            coordinator=self.worker,
        )
        for part in self.parts[:8]:
            add_programme_participant(
                actor=self.coordinator,
                programme=programme,
                participant=part.participant,
                joined_on=self.start + dt.timedelta(days=7),
            )

    # --- support -----------------------------------------------------------------------------------------------

    def _support(self) -> None:
        """Two group activities running now, with sessions this week and next, and a finished course."""
        persons = [p.participant for p in self.parts]
        workshop = self._activity(
            "social-skills-training",
            "Trening kompetencji społecznych i komunikacji",
            self.psychologist,
            "Sala klubowa KIS",
            weekdays=(0, 2),
            start_time=dt.time(9, 0),
            minutes=180,
        )
        counselling = self._activity(
            "career-counselling",
            "Grupowe doradztwo zawodowe – aktywne poszukiwanie pracy",
            self.advisor,
            "Sala doradztwa",
            weekdays=(3,),
            start_time=dt.time(10, 0),
            minutes=120,
        )
        for activity in (workshop, counselling):
            for part in self.parts:
                enrol(actor=self.coordinator, activity=activity, participant=part.participant, enrolled_on=self.start)
        self._sessions(workshop, self.psychologist, (0, 2), dt.time(9, 0), 180, unmarked=2, today_too=True)
        self._sessions(counselling, self.advisor, (3,), dt.time(10, 0), 120, unmarked=1, today_too=False)
        tomorrow = self.today + dt.timedelta(days=1)
        if tomorrow.weekday() not in (0, 2):  # a workshop tomorrow whatever the weekday: tomorrow's reminders
            schedule_session(
                actor=self.coordinator,
                activity=workshop,
                date=tomorrow,
                start_time=dt.time(13, 0),
                duration_minutes=180,
                staff=self.psychologist,
            )
        self._course(persons)

    def _activity(self, code, title, provider, room, *, weekdays, start_time, minutes):
        instrument = Instrument.objects.get(code=code, institution=None)
        weeks = ((self.today + dt.timedelta(days=14)) - self.start).days // 7 + 1
        return create_activity(
            actor=self.coordinator,
            project=self.project,
            club=self.c.club,
            instrument=instrument,
            title=title,
            kind=ActivityKind.GROUP_WORKSHOP,
            provider=provider,
            planned_hours=Decimal(weeks * len(weekdays) * minutes) / 60,
            capacity=PARTICIPANTS,
            start_on=self.start,
            end_on=self.end,
            room=room,
        )

    def _sessions(self, activity, staff, weekdays, start_time, minutes, *, unmarked: int, today_too: bool) -> None:
        """Sessions from the start to two weeks ahead (`today_too`: one today whatever the weekday), attendance
        marked for all but the latest `unmarked` past ones."""
        days, day = [], self.start
        while day <= self.today + dt.timedelta(days=14):
            if day.weekday() in weekdays:
                days.append(day)
            day += dt.timedelta(days=1)
        if today_too and self.today not in days:
            days.append(self.today)
            days.sort()
        past = [d for d in days if d < self.today]
        marked = set(past[:-unmarked]) if unmarked else set(past)
        sessions = []
        for day in days:
            at = start_time if day.weekday() in weekdays else dt.time(13, 0)
            sessions.append(
                schedule_session(
                    actor=self.coordinator,
                    activity=activity,
                    date=day,
                    start_time=at,
                    duration_minutes=minutes,
                    staff=staff,
                )
            )
        for n, session in enumerate(sessions):
            if session.date not in marked:
                continue
            marks = {}
            for part in self.parts:
                exit_on = self._exit_of(part)
                if exit_on is not None and exit_on <= session.date:
                    continue
                marks[part.participant_id] = "absent" if (part.pk + n) % 8 == 0 else "present"
            record_attendance(actor=self.coordinator, session=session, marks=marks, expected_version=session.version)
        # those who left end their enrolment on the day they left
        for enrolment in Enrolment.objects.filter(activity=activity).select_related("participant"):
            part = next(p for p in self.parts if p.participant_id == enrolment.participant_id)
            exit_on = self._exit_of(part)
            if exit_on is None:
                continue
            reason = self.exits[part.pk][1]
            if reason == ExitReason.COMPLETED:
                complete_enrolment(actor=self.coordinator, enrolment=enrolment, ended_on=exit_on)
            else:
                drop_out(
                    actor=self.coordinator,
                    enrolment=enrolment,
                    ended_on=exit_on,
                    reason="Podjęcie zatrudnienia" if reason == ExitReason.LEFT_FOR_JOB else "Rezygnacja z udziału",
                )

    def _course(self, persons) -> None:
        """A vocational course in the project's second and third month; certificates for those who finished."""
        instrument = Instrument.objects.get(code="vocational-course", institution=None)
        start = self.start + dt.timedelta(days=35)
        end = start + dt.timedelta(days=42)
        group = [p for p in self.parts if (self._exit_of(p) or self.today) > end][:10]
        activity = create_activity(
            actor=self.coordinator,
            project=self.project,
            instrument=instrument,
            title="Opiekun osoby starszej i niesamodzielnej",
            kind=ActivityKind.VOCATIONAL_COURSE,
            provider_name="Centrum Kształcenia Zawodowego „Kompetencje”",
            planned_hours=Decimal("80"),
            capacity=10,
            start_on=start,
            end_on=end,
            cost=Decimal("3200.00") * len(group),
        )
        for number, part in enumerate(group, start=1):
            enrolment = enrol(
                actor=self.coordinator, activity=activity, participant=part.participant, enrolled_on=start
            )
            certificate = f"CKZ/{number:02d}/{end.year}"
            complete_enrolment(
                actor=self.coordinator,
                enrolment=enrolment,
                ended_on=end,
                certificate_number=certificate,
                certificate_on=end,
            )
        self.course_end, self.course_group = end, {p.pk for p in group}

    # --- outcomes ----------------------------------------------------------------------------------------------

    def _outcomes(self) -> None:
        employers = add_partners(
            self.c,
            Partner.Kind.EMPLOYER,
            (
                f"Zakład Usług Komunalnych w {self.c.spec.short}",
                f"Dom Pomocy Społecznej w {self.c.spec.short}",
                "Sklep „Społem” PSS",
                "Firma sprzątająca „Czysty Dom” s.c.",
            ),
        )
        for part in self.parts:
            row = self.exits.get(part.pk)
            if row is None:
                continue
            exit_on, reason, result = row
            if result in (ResultKind.EMPLOYMENT_CONTRACT, ResultKind.SELF_EMPLOYMENT):
                record_result(
                    actor=self.coordinator,
                    participation=part,
                    kind=result,
                    achieved_on=exit_on,
                    employer=self.rng.choice(employers) if result == ResultKind.EMPLOYMENT_CONTRACT else None,
                    evidence="Kopia umowy o pracę" if result == ResultKind.EMPLOYMENT_CONTRACT else "Wpis do CEIDG",
                )
            elif result == ResultKind.QUALIFICATION:
                record_result(
                    actor=self.coordinator,
                    participation=part,
                    kind=result,
                    achieved_on=exit_on - dt.timedelta(days=5),
                    qualification_name="Opiekun osoby starszej",
                    evidence="Zaświadczenie o ukończeniu kursu i zdanym egzaminie",
                )
            elif result == ResultKind.JOB_SEARCHING:
                record_result(
                    actor=self.coordinator,
                    participation=part,
                    kind=result,
                    achieved_on=exit_on + dt.timedelta(days=3),
                    evidence="Zaświadczenie o rejestracji w PUP",
                )
            record_exit(actor=self.coordinator, participation=part, exit_on=exit_on, reason=reason)
        # the 3-month checks already made (those who left four months ago)
        for follow_up in FollowUp.objects.filter(
            participation__project=self.project,
            kind=FollowUp.Kind.MONTHS_3,
            due_on__lt=self.today - dt.timedelta(days=14),
        ):
            record_follow_up(
                actor=self.worker,
                follow_up=follow_up,
                done_on=follow_up.due_on,
                employed=True,
                improved_situation=True,
                note="Rozmowa telefoniczna; umowa o pracę trwa.",
                today=self.today,
            )

    # --- money -------------------------------------------------------------------------------------------------

    def _budget(self) -> None:
        """The approved budget; the management line is past 90 % of its plan and close to its 10 % cap."""
        version = start_budget_version(
            actor=self.accountant, project=self.project, reason="Budżet z umowy o dofinansowanie projektu"
        )
        lines = (
            (
                "1.1",
                "Aktywna integracja",
                "Trening kompetencji społecznych i wsparcie psychologiczne",
                CostCategory.PARTICIPANT_SUPPORT,
                "social",
                "48000.00",
                "0",
            ),
            (
                "1.2",
                "Aktywna integracja",
                "Doradztwo zawodowe i pośrednictwo pracy",
                CostCategory.PARTICIPANT_SUPPORT,
                "vocational",
                "36000.00",
                "0",
            ),
            (
                "1.3",
                "Aktywna integracja",
                "Kursy zawodowe z egzaminem",
                CostCategory.PARTICIPANT_SUPPORT,
                "educational",
                "64000.00",
                "0",
            ),
            (
                "1.4",
                "Aktywna integracja",
                "Świadczenia pomocy społecznej dla uczestników (wkład własny)",
                CostCategory.BENEFITS,
                "social_work",
                "0",
                "27500.00",
            ),
            (
                "2.1",
                "Praca socjalna",
                "Wynagrodzenie pracownika socjalnego w projekcie",
                CostCategory.STAFF,
                "social_work",
                "52000.00",
                "0",
            ),
            (
                "3.1",
                "Zarządzanie projektem",
                "Koordynacja i rozliczanie projektu",
                CostCategory.MANAGEMENT,
                "",
                "23400.00",
                "0",
            ),
        )
        for number, task, name, category, group, eu, own in lines:
            add_budget_line(
                actor=self.accountant,
                version=version,
                number=number,
                task=task,
                name=name,
                category=category,
                instrument_group=group,
                planned_eu=Decimal(eu),
                planned_own=Decimal(own),
            )
        approve_budget_version(actor=self.coordinator, version=version, approved_on=self.start - dt.timedelta(days=10))
        create_cap(
            actor=self.coordinator,
            project=self.project,
            name="Koszty zarządzania do 10 % budżetu",
            categories=[CostCategory.MANAGEMENT],
            limit_percent=Decimal("10.00"),
            base=CapRule.Base.TOTAL,
            check_planned=True,
            check_spent=True,
            mode=CapRule.Mode.WARN,
        )
        spent = {
            "1.1": Decimal("0.55"),
            "1.2": Decimal("0.48"),
            "1.3": Decimal("0.50"),
            "2.1": Decimal("0.45"),
            "3.1": Decimal("0.93"),
        }
        months_run = max(1, (self.today - self.start).days // 30)
        document = 0
        for line in version.lines.exclude(category=CostCategory.BENEFITS).order_by("number"):
            total = (line.planned_eu * spent[line.number]).quantize(Decimal("0.01"))
            for i, amount in enumerate(split_amount(total, months_run, self.rng)):
                document += 1
                record_expense(
                    actor=self.accountant,
                    project=self.project,
                    line=line,
                    date=min(self.start + dt.timedelta(days=30 * i + 25), self.today - dt.timedelta(days=1)),
                    document_number=f"FV/{document:03d}/{self.start.year}",
                    contractor=_contractor(line.number),
                    description=f"{line.name} – płatność {i + 1}",
                    amount=amount,
                    source=FundingSource.EU,
                )
        benefits = version.lines.get(number="1.4")
        payments = [(p, m) for p in self.parts[:12] for m in range(min(4, months_run))]
        for n, ((part, month), amount) in enumerate(
            zip(payments, split_amount(Decimal("9600.00"), len(payments), self.rng), strict=True), start=1
        ):
            record_benefit(
                actor=self.accountant,
                project=self.project,
                line=benefits,
                participant=part.participant,
                date=self.start + dt.timedelta(days=30 * month + 10),
                kind=Benefit.Kind.TARGETED if month % 2 else Benefit.Kind.PERIODIC,
                amount=amount,
                decision_number=f"OPS.8310.{n:03d}.{self.start.year}",
            )

    # --- data protection ---------------------------------------------------------------------------------------

    def _privacy(self) -> None:
        """Two consents withdrawn this week; image consents ending soon (one far later); one account opened far
        more participant pages today than usual."""
        for part, purpose, days_ago in (
            (self.parts[1], Consent.Purpose.IMAGE, 2),
            (self.parts[4], Consent.Purpose.CONTACT, 4),
        ):
            consent = add_consent(
                actor=self.worker,
                participant=part.participant,
                purpose=purpose,
                given_on=part.start_on,
                scope="Zgoda w projekcie " + self.project.code,
            )
            withdraw_consent(actor=self.worker, consent=consent, withdrawn_on=self.today - dt.timedelta(days=days_ago))
        for part, days in zip(self.parts[6 : 6 + len(CONSENT_ENDS_IN_DAYS)], CONSENT_ENDS_IN_DAYS, strict=True):
            add_consent(
                actor=self.worker,
                participant=part.participant,
                purpose=Consent.Purpose.IMAGE,
                given_on=min(part.start_on, self.today),
                valid_until=self.today + dt.timedelta(days=days),
                scope="Zdjęcia z warsztatów – na czas wystawy w ośrodku",
            )
        viewer = self.worker2
        people = list(
            Participant.objects.filter(institution=self.c.institution)
            .order_by("pk")
            .values_list("pk", flat=True)[:UNUSUAL_VIEWS]
        )
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(
                institution=self.c.institution,
                user=viewer.user,
                kind=AccessLogEntry.Kind.VIEW,
                subject_type="people.participant",
                subject_id=pk,
            )
            for pk in islice(cycle(people), UNUSUAL_VIEWS)
        )

    def _outreach(self) -> None:
        """Consents to reminders and questions (issue 28): about half agreed to SMS on the participation
        declaration, a few to e-mail; the rest agreed to neither, so they get nothing."""
        for n, part in enumerate(self.parts):
            person = part.participant
            if n % 2 == 0:
                if not phone.is_polish_mobile(person.phone):
                    update_participant(
                        actor=self.worker,
                        participant=person,
                        version=person.version,
                        data=participant_data(person) | {"phone": f"+4860{self.rng.randint(1000000, 9999999)}"},
                    )
                add_consent(
                    actor=self.worker,
                    participant=person,
                    purpose=Consent.Purpose.SMS,
                    given_on=part.start_on,
                    given_via="Deklaracja uczestnictwa w projekcie, pkt 9",
                )
            elif n % 5 == 1 and person.email:
                add_consent(
                    actor=self.worker,
                    participant=person,
                    purpose=Consent.Purpose.EMAIL,
                    given_on=part.start_on,
                    given_via="Deklaracja uczestnictwa w projekcie, pkt 9",
                )


def participant_data(person: Participant) -> dict:
    """A person's current data as the participant service takes it."""
    data = {name: getattr(person, name) for name in PARTICIPANT_FIELDS}
    data["pesel"] = person.pesel or ""
    return data


def _contractor(number: str) -> str:
    return {
        "1.1": "Pracownia Psychologiczna „Dialog”",
        "1.2": "Doradztwo Zawodowe „Kariera” s.c.",
        "1.3": "Centrum Kształcenia Zawodowego „Kompetencje”",
        "2.1": "Ośrodek Pomocy Społecznej – lista płac",
        "3.1": "Ośrodek Pomocy Społecznej – lista płac",
    }[number]
