"""Helpers the five stories share: generated people, the participant sheet, staff, partners, dates.

Every story writes through the services the screens use (and the participant-sheet importer for
people with their participations, as a centre moving from spreadsheets would). Nothing here
writes a total: the reports count the rows these helpers help to create.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.auth import get_user_model

from integra.casework.services import add_obligation, add_stage, create_contract, sign_contract
from integra.core import pesel as pesel_mod
from integra.demo.generator import FEMALE_NAMES, MALE_NAMES, SURNAMES, CentreData, DemoContext
from integra.institutions.models import Membership, Partner
from integra.outcomes.importer import run_import
from integra.people.models import Participant
from integra.people.services import MemberInput, create_household, create_participant
from integra.projects.models import Participation, Project

CHILD_GIRLS = ("Oliwia", "Zuzanna", "Julia", "Maja", "Lena", "Zofia", "Hanna", "Wiktoria", "Amelia", "Łucja")
CHILD_BOYS = ("Antoni", "Jan", "Szymon", "Franciszek", "Filip", "Igor", "Kacper", "Mikołaj", "Bartłomiej", "Wojciech")

LABOUR_LABELS = {
    "registered_unemployed": "Osoba bezrobotna zarejestrowana w ewidencji urzędów pracy",
    "unregistered_unemployed": "Osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy",
    "inactive": "Osoba bierna zawodowo",
    "employed": "Osoba pracująca",
}
EDUCATION_LABELS = {
    "isced1": "ISCED 1",
    "isced2": "ISCED 2",
    "isced3": "ISCED 3",
    "isced4": "ISCED 4",
    "isced5_8": "ISCED 5-8",
}
ANSWER_LABELS = {"yes": "Tak", "no": "Nie", "refused": "Odmowa podania informacji"}
SHEET_HEADERS = (
    "Imię",
    "Nazwisko",
    "PESEL",
    "Płeć",
    "Wykształcenie",
    "Województwo",
    "Powiat",
    "Gmina",
    "Miejscowość",
    "Ulica",
    "Nr budynku",
    "Nr lokalu",
    "Kod pocztowy",
    "Obszar według stopnia urbanizacji (DEGURBA)",
    "Telefon kontaktowy",
    "Data rozpoczęcia udziału w projekcie",
    "Data zakończenia udziału w projekcie",
    "Status osoby na rynku pracy w chwili przystąpienia do projektu",
    "Osoba długotrwale bezrobotna",
    "Osoba z niepełnosprawnościami",
    "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
    "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną ścieżką",
)


class StoryError(RuntimeError):
    """A story could not be recorded as written (a service refused a step): the demo must not half-load."""


@dataclass
class Person:
    """A generated person before they are registered (sheet row or registry form)."""

    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date
    pesel: str
    education: str
    locality: str
    street: str
    building_no: str
    flat_no: str
    postal_code: str
    degurba: int
    phone: str
    labour_status: str
    long_term_unemployed: bool = False
    disability: str = "no"
    homeless: str = "no"
    groups: list[str] = field(default_factory=list)
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    completed: bool | None = None
    social_assistance_since: dt.date | None = None

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    def form(self, c: CentreData) -> dict[str, Any]:
        """The registry form's data (people.services.create_participant)."""
        spec = c.spec
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "pesel": self.pesel,
            "sex": self.sex,
            "education": self.education,
            "voivodeship": spec.voivodeship,
            "powiat": spec.powiat,
            "gmina": spec.gmina,
            "locality": self.locality,
            "street": self.street,
            "building_no": self.building_no,
            "flat_no": self.flat_no,
            "postal_code": self.postal_code,
            "degurba": self.degurba,
            "phone": self.phone,
            "labour_status": self.labour_status,
            "long_term_unemployed": self.long_term_unemployed,
            "disability": self.disability,
            "homeless": self.homeless,
            "social_assistance_since": self.social_assistance_since,
        }


class PeopleFactory:
    """Deterministic, plausible people of one centre: Polish names with diacritics, valid unique PESELs."""

    def __init__(self, rng: random.Random, c: CentreData):
        self.rng = rng
        self.c = c
        self.used = set(
            Participant.objects.filter(institution=c.institution).exclude(pesel=None).values_list("pesel", flat=True)
        )
        self.serial = 4000 + rng.randrange(500)

    def person(
        self,
        *,
        sex: str | None = None,
        age_on: dt.date,
        min_age: int = 18,
        max_age: int = 64,
        labour_status: str | None = None,
        disability: str = "no",
    ) -> Person:
        rng = self.rng
        sex = sex or ("F" if rng.random() < 0.55 else "M")
        first = rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
        masculine, feminine = rng.choice(SURNAMES)
        age = rng.randint(min_age, max_age)
        birth = age_on.replace(year=age_on.year - age) - dt.timedelta(days=rng.randrange(1, 360))
        number = pesel_mod.generate(birth, sex, self.serial)
        while number in self.used:
            self.serial += 7
            number = pesel_mod.generate(birth, sex, self.serial)
        self.used.add(number)
        self.serial += 1
        status = (
            labour_status
            or rng.choices(("registered_unemployed", "unregistered_unemployed", "inactive"), weights=(60, 15, 25))[0]
        )
        town, postal, degurba = rng.choice(self.c.spec.localities)
        return Person(
            first_name=first,
            last_name=feminine if sex == "F" else masculine,
            sex=sex,
            birth_date=birth,
            pesel=number,
            education=rng.choices(tuple(EDUCATION_LABELS), weights=(8, 34, 38, 12, 8))[0],
            locality=town,
            street=f"ul. {rng.choice(self.c.spec.streets)}",
            building_no=str(rng.randint(1, 90)),
            flat_no=str(rng.randint(1, 40)) if rng.random() < 0.6 else "",
            postal_code=postal,
            degurba=degurba,
            phone=f"{rng.choice('5678')}{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            labour_status=status,
            long_term_unemployed=status in ("registered_unemployed", "unregistered_unemployed") and rng.random() < 0.6,
            disability=disability,
        )

    def child(self, sex: str, age_on: dt.date, min_age: int = 7, max_age: int = 17) -> tuple[str, dt.date]:
        age = self.rng.randint(min_age, max_age)
        born = age_on.replace(year=age_on.year - age) - dt.timedelta(days=self.rng.randrange(1, 360))
        return self.rng.choice(CHILD_GIRLS if sex == "F" else CHILD_BOYS), born


def _pl(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def sheet_bytes(c: CentreData, people: Sequence[Person]) -> bytes:
    """The participant sheet (formats/participants.md) a project team would keep, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(SHEET_HEADERS)
    spec = c.spec
    for p in people:
        writer.writerow(
            [
                p.first_name,
                p.last_name,
                p.pesel,
                "Kobieta" if p.sex == "F" else "Mężczyzna",
                EDUCATION_LABELS[p.education],
                spec.voivodeship,
                spec.powiat,
                spec.gmina,
                p.locality,
                p.street,
                p.building_no,
                p.flat_no,
                p.postal_code,
                str(p.degurba),
                p.phone,
                _pl(p.start_on),
                _pl(p.end_on),
                LABOUR_LABELS[p.labour_status],
                "Tak" if p.long_term_unemployed else "Nie",
                ANSWER_LABELS[p.disability],
                ANSWER_LABELS[p.homeless],
                "" if p.completed is None else ("Tak" if p.completed else "Nie"),
            ]
        )
    return out.getvalue().encode("utf-8")


def import_sheet(
    actor: Membership, c: CentreData, project: Project, people: Sequence[Person], filename: str
) -> dict[str, Participant]:
    """Import the sheet through the participant-sheet importer; every row must be accepted. PESEL -> person."""
    record = run_import(actor=actor, project=project, data=sheet_bytes(c, people), filename=filename, dry_run=False)
    if record.rejected or (record.report or {}).get("error"):
        raise StoryError(f"{project.code}: the sheet {filename} was not accepted: {record.report}")
    by_pesel = {
        p.pesel: p for p in Participant.objects.filter(institution=c.institution, pesel__in=[x.pesel for x in people])
    }
    return {x.pesel: by_pesel[x.pesel] for x in people}


def register_people(actor: Membership, c: CentreData, people: Iterable[Person]) -> list[Participant]:
    """Register people through the registry form's service (with their KIS eligibility groups)."""
    return [create_participant(actor=actor, data=p.form(c), groups=p.groups) for p in people]


def participations(project: Project) -> dict[int, Participation]:
    """participant id -> participation in the project."""
    return {p.participant_id: p for p in Participation.objects.filter(project=project)}


def household_for(
    actor: Membership,
    head: Participant,
    *,
    others: Sequence[tuple[Participant, str]] = (),
    children: Sequence[tuple[str, dt.date]] = (),
    in_social_work: bool = True,
) -> Any:
    """A family through the household service: the head, other participants, named children."""
    members = [MemberInput(relation="head", participant=head)]
    members += [MemberInput(relation=relation, participant=p) for p, relation in others]
    members += [
        MemberInput(relation="child", first_name=name, last_name=head.last_name, birth_date=born)
        for name, born in children
    ]
    return create_household(
        actor=actor,
        data={
            "name": f"Rodzina {head.last_name}",
            "street": f"{head.street} {head.building_no}",
            "postal_code": head.postal_code,
            "locality": head.locality,
            "in_social_work": in_social_work,
        },
        members=members,
    )


def add_staff(
    ctx: DemoContext,
    c: CentreData,
    *,
    username: str,
    first: str,
    last: str,
    role: str,
    specialty: str = "",
    fte: str = "1.00",
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
) -> Membership:
    """A member of staff (no service creates staff yet: the same rows the centre's admin screen would)."""
    user = get_user_model().objects.create(
        username=f"{c.spec.slug}.{username}",
        first_name=first,
        last_name=last,
        password=ctx.password_hash,
        email=f"{username}@{c.spec.slug}.mops.example.pl",
    )
    membership = Membership(
        user=user,
        institution=c.institution,
        role=role,
        specialty=specialty,
        fte=Decimal(fte),
        start_on=start_on,
        end_on=end_on,
    )
    membership.full_clean()
    membership.save()
    c.staff[username] = membership
    return membership


def add_partners(c: CentreData, kind: str, names: Iterable[str]) -> list[Partner]:
    """Partners of the centre (employers, public units, CIS...) as the partner screen records them."""
    rows = []
    for name in names:
        partner = Partner(institution=c.institution, name=name, kind=kind, city=c.spec.short)
        partner.full_clean()
        partner.save()
        rows.append(partner)
    return rows


def months(start: dt.date, count: int) -> list[dt.date]:
    """The first days of `count` consecutive months from `start`'s month."""
    out, year, month = [], start.year, start.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def workdays(start: dt.date, end: dt.date, weekday: int | None = None) -> list[dt.date]:
    """Working days (or one weekday) between two dates, inclusive."""
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and (weekday is None or day.weekday() == weekday):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def split_amount(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`parts` plausible payments summing exactly to `total` (to the grosz)."""
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    scale = total / Decimal(str(sum(weights)))
    amounts = [(Decimal(str(w)) * scale).quantize(Decimal("0.01"), rounding=ROUND_DOWN) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def pick(rng: random.Random, pool: Sequence[Any], n: int) -> list[Any]:
    """n distinct items of the pool, in the pool's order (deterministic for the rng)."""
    if n > len(pool):
        raise StoryError(f"asked for {n} of {len(pool)}")
    chosen = set(rng.sample(range(len(pool)), n))
    return [item for i, item in enumerate(pool) if i in chosen]


CONTRACT_TEXTS = {
    "assessment": "Osoba pozostaje bez pracy i korzysta ze świadczeń pomocy społecznej; deklaruje gotowość do zmiany.",
    "causes": "Długotrwałe bezrobocie, brak aktualnych kwalifikacji zawodowych, trudności w organizacji dnia.",
    "resources": "Motywacja do udziału w zajęciach, wsparcie rodziny, doświadczenie w pracach dorywczych.",
    "limitations": "Niskie poczucie własnej wartości, ograniczony dostęp do ofert pracy.",
    "main_goal": "Wzmocnienie aktywności społecznej i zawodowej, przygotowanie do podjęcia zatrudnienia.",
    "evaluation_method": "Ocena pracownika socjalnego na podstawie obecności na zajęciach i realizacji zobowiązań.",
}


def social_contract(
    *,
    actor: Membership,
    social_worker: Membership,
    participant: Participant,
    number: str,
    start_on: dt.date,
    end_on: dt.date,
    project: Project | None = None,
    variant: str = "B",
    family_members: Sequence[Any] = (),
    staged: bool = True,
) -> Any:
    """Draw up and sign (on the start day) a social contract, with a stage and both parties' obligations."""
    contract = create_contract(
        actor=actor,
        participant=participant,
        social_worker=social_worker,
        number=number,
        start_on=start_on,
        end_on=end_on,
        variant=variant,
        project=project,
        family_members=family_members,
        **CONTRACT_TEXTS,
    )
    contract = sign_contract(actor=actor, contract=contract, signed_on=start_on)
    if not staged:
        return contract
    middle = start_on + (end_on - start_on) / 2
    stage = add_stage(
        actor=actor, contract=contract, goal="Udział w zajęciach aktywizujących i poradnictwie", deadline=middle
    )
    add_obligation(
        actor=actor,
        stage=stage,
        party="participant",
        deadline=middle,
        action="Regularny udział w zajęciach i spotkaniach z doradcą zawodowym",
    )
    add_obligation(
        actor=actor,
        stage=stage,
        party="centre",
        deadline=middle,
        action="Zapewnienie zajęć, poradnictwa i pomocy finansowej w formie zasiłku celowego",
    )
    return contract
