"""Deterministic demo data: the five centres of the seed articles, their staff and their people.

`generate()` runs `STEPS` in order over one `DemoContext`. Each step is a plain function
`step(ctx)` that creates rows in bulk and leaves what later steps need on the context (the
centres with their club, PUP partner, staff and participants). Later stories add their own
step (projects, recruitment, contracts, activities, outcomes, money per article — issue 10)
with `register_step(...)` or by appending to `STEPS` here; a step must be deterministic
for the context's seeded `rng` and must not query row by row.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from integra.core import pesel as pesel_mod
from integra.core.models import HistoryEntry, generated_rows
from integra.core.roles import Role, Specialty
from integra.institutions.models import Club, Institution, Membership, Partner, PopulationYear
from integra.people.models import (
    Answer,
    Consent,
    EligibilityGroup,
    Household,
    HouseholdMember,
    LabourStatus,
    Participant,
    ParticipantGroup,
    surname_key,
)

TODAY = dt.date(2026, 1, 15)  # demo data do not move with the clock: same seed, same rows
REGIONAL_SLUG = "region"


@dataclass(frozen=True)
class CentreSpec:
    slug: str
    name: str
    short: str
    gmina: str
    powiat: str
    voivodeship: str
    population: int
    street: str
    postal_code: str
    club_code: str
    club_name: str
    club_created: dt.date
    pup_name: str
    pup_street: str
    people: int  # participants at scale 1
    localities: tuple[tuple[str, str, int], ...]  # (town, postal code, DEGURBA)
    streets: tuple[str, ...]


CENTRES: tuple[CentreSpec, ...] = (
    CentreSpec(
        "siemianowice",
        "Miejski Ośrodek Pomocy Społecznej w Siemianowicach Śląskich",
        "Siemianowice Śląskie",
        "Siemianowice Śląskie",
        "Siemianowice Śląskie",
        "śląskie",
        65_400,
        "ul. Szkolna 1",
        "41-100",
        "KIS-SIEM",
        "Klub Integracji Społecznej w Siemianowicach Śląskich",
        dt.date(2013, 6, 1),
        "Powiatowy Urząd Pracy w Siemianowicach Śląskich",
        "ul. Szkolna 9",
        320,
        (
            ("Siemianowice Śląskie", "41-100", 1),
            ("Siemianowice Śląskie", "41-103", 1),
            ("Siemianowice Śląskie", "41-106", 1),
        ),
        (
            "Michałkowicka",
            "Jana Pawła II",
            "Śląska",
            "Bytomska",
            "Wyzwolenia",
            "Powstańców",
            "Grunwaldzka",
            "Komuny Paryskiej",
        ),
    ),
    CentreSpec(
        "skarzysko",
        "Miejski Ośrodek Pomocy Społecznej w Skarżysku-Kamiennej",
        "Skarżysko-Kamienna",
        "Skarżysko-Kamienna",
        "skarżyski",
        "świętokrzyskie",
        43_100,
        "ul. Sikorskiego 18",
        "26-110",
        "KIS-SKA",
        "Klub Integracji Społecznej przy MOPS w Skarżysku-Kamiennej",
        dt.date(2009, 3, 2),
        "Powiatowy Urząd Pracy w Skarżysku-Kamiennej",
        "ul. Konarskiego 20",
        280,
        (("Skarżysko-Kamienna", "26-110", 2), ("Skarżysko-Kamienna", "26-111", 2)),
        ("Sikorskiego", "Legionów", "Krasińskiego", "Piłsudskiego", "Żeromskiego", "Słowackiego", "Łyżwy", "Zielona"),
    ),
    CentreSpec(
        "oswiecim",
        "Miejski Ośrodek Pomocy Społecznej w Oświęcimiu",
        "Oświęcim",
        "Oświęcim",
        "oświęcimski",
        "małopolskie",
        35_600,
        "ul. Zaborska 2",
        "32-600",
        "KIS-OSW",
        "Klub Integracji Społecznej w Oświęcimiu",
        dt.date(2006, 9, 1),
        "Powiatowy Urząd Pracy w Oświęcimiu",
        "ul. Wyspiańskiego 10",
        300,
        (("Oświęcim", "32-600", 2), ("Oświęcim", "32-602", 2), ("Oświęcim", "32-603", 2)),
        (
            "Zaborska",
            "Dąbrowskiego",
            "Śniadeckiego",
            "Chemików",
            "Królowej Jadwigi",
            "Słowackiego",
            "Więźniów Oświęcimia",
        ),
    ),
    CentreSpec(
        "sochaczew",
        "Miejski Ośrodek Pomocy Społecznej w Sochaczewie",
        "Sochaczew",
        "Sochaczew",
        "sochaczewski",
        "mazowieckie",
        35_000,
        "ul. Staszica 1",
        "96-500",
        "KIS-SOCH",
        "Klub Integracji Społecznej w Sochaczewie",
        dt.date(2014, 2, 3),
        "Powiatowy Urząd Pracy w Sochaczewie",
        "ul. Kusocińskiego 1",
        200,
        (("Sochaczew", "96-500", 2), ("Sochaczew", "96-503", 2), ("Chodaków", "96-503", 2)),
        ("Staszica", "Traugutta", "Warszawska", "Płocka", "Chopina", "Żeromskiego", "Łąkowa", "Gawłowska"),
    ),
    CentreSpec(
        "lezajsk",
        "Miejski Ośrodek Pomocy Społecznej w Leżajsku",
        "Leżajsk",
        "Leżajsk",
        "leżajski",
        "podkarpackie",
        13_700,
        "ul. Mickiewicza 20",
        "37-300",
        "KIS-LEZ",
        "Klub Integracji Społecznej w Leżajsku",
        dt.date(2008, 5, 5),
        "Powiatowy Urząd Pracy w Leżajsku",
        "ul. Mickiewicza 69",
        220,
        (("Leżajsk", "37-300", 2), ("Leżajsk", "37-300", 2), ("Giedlarowa", "37-300", 3), ("Wierzawice", "37-300", 3)),
        ("Mickiewicza", "Sikorskiego", "Klasztorna", "Skłodowskiej", "Żwirki i Wigury", "Górnicza", "Śląska", "Łąkowa"),
    ),
)

# (username suffix, role, specialty, first name, surname, FTE)
STAFF: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("koordynator", Role.COORDINATOR, "", "Katarzyna", "Zając", "1.00"),
    ("pracownik", Role.SOCIAL_WORKER, Specialty.SOCIAL_WORKER, "Agnieszka", "Wróbel", "1.00"),
    ("pracownik2", Role.SOCIAL_WORKER, Specialty.SOCIAL_WORKER, "Tomasz", "Kaczmarek", "0.50"),
    ("psycholog", Role.SPECIALIST, Specialty.PSYCHOLOGIST, "Magdalena", "Sowa", "0.50"),
    ("doradca", Role.SPECIALIST, Specialty.CAREER_ADVISOR, "Paweł", "Ślusarczyk", "0.50"),
    ("ksiegowa", Role.ACCOUNTANT, "", "Elżbieta", "Żak", "1.00"),
    ("dyrektor", Role.DIRECTOR, "", "Grażyna", "Łukasik", "1.00"),
    ("admin", Role.ADMINISTRATOR, "", "Marek", "Nowicki", "0.25"),
    ("audytor", Role.AUDITOR, "", "Jolanta", "Pawlak", "0.10"),
    ("iod", Role.DPO, "", "Andrzej", "Górski", "0.10"),
)

FEMALE_NAMES = (
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Zofia",
    "Joanna",
    "Beata",
    "Dorota",
    "Jadwiga",
    "Halina",
    "Danuta",
    "Grażyna",
    "Iwona",
    "Bożena",
    "Urszula",
    "Justyna",
    "Łucja",
    "Renata",
    "Agata",
    "Wiesława",
    "Sylwia",
    "Żaneta",
    "Jolanta",
    "Marzena",
    "Natalia",
)
MALE_NAMES = (
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Jan",
    "Michał",
    "Marcin",
    "Stanisław",
    "Jakub",
    "Adam",
    "Marek",
    "Łukasz",
    "Grzegorz",
    "Mariusz",
    "Wojciech",
    "Dariusz",
    "Zbigniew",
    "Jerzy",
    "Ryszard",
    "Sławomir",
    "Józef",
    "Kazimierz",
    "Mirosław",
    "Zdzisław",
    "Przemysław",
    "Bogdan",
    "Leszek",
    "Kamil",
    "Artur",
)
CHILD_NAMES = ("Oliwia", "Zuzanna", "Julia", "Maja", "Lena", "Antoni", "Jan", "Szymon", "Franciszek", "Filip", "Igor")
# (masculine, feminine)
SURNAMES = (
    ("Nowak", "Nowak"),
    ("Kowalski", "Kowalska"),
    ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"),
    ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"),
    ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"),
    ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"),
    ("Pawłowski", "Pawłowska"),
    ("Michalski", "Michalska"),
    ("Król", "Król"),
    ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"),
    ("Wróbel", "Wróbel"),
    ("Majewski", "Majewska"),
    ("Olszewski", "Olszewska"),
    ("Stępień", "Stępień"),
    ("Malinowski", "Malinowska"),
    ("Jaworski", "Jaworska"),
    ("Adamczyk", "Adamczyk"),
    ("Dudek", "Dudek"),
    ("Nowicki", "Nowicka"),
    ("Pawlak", "Pawlak"),
    ("Górski", "Górska"),
    ("Witkowski", "Witkowska"),
    ("Walczak", "Walczak"),
    ("Sikora", "Sikora"),
    ("Baran", "Baran"),
    ("Rutkowski", "Rutkowska"),
    ("Michalak", "Michalak"),
    ("Szewczyk", "Szewczyk"),
    ("Ostrowski", "Ostrowska"),
    ("Tomaszewski", "Tomaszewska"),
    ("Pietrzak", "Pietrzak"),
    ("Zalewski", "Zalewska"),
    ("Łukasik", "Łukasik"),
    ("Śliwiński", "Śliwińska"),
    ("Żak", "Żak"),
    ("Łuczak", "Łuczak"),
    ("Ślusarczyk", "Ślusarczyk"),
    ("Źrałek", "Źrałek"),
    ("Ćwik", "Ćwik"),
    ("Żurawski", "Żurawska"),
    ("Lis", "Lis"),
    ("Lucyński", "Lucyńska"),
    ("Sobczak", "Sobczak"),
    ("Szulc", "Szulc"),
)
FOREIGN = (
    ("Olena", "Kovalenko", "F", "Ukraina"),
    ("Iryna", "Shevchenko", "F", "Ukraina"),
    ("Oleksandr", "Bondarenko", "M", "Ukraina"),
    ("Siarhei", "Ivanou", "M", "Białoruś"),
    ("Nino", "Beridze", "F", "Gruzja"),
)


@dataclass
class CentreData:
    spec: CentreSpec
    institution: Institution
    club: Club | None = None
    labour_office: Partner | None = None
    staff: dict[str, Membership] = field(default_factory=dict)  # username suffix -> membership
    participants: list[Participant] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)


@dataclass
class DemoContext:
    rng: random.Random
    password_hash: str
    scale: float
    centres: list[CentreData] = field(default_factory=list)
    regional: Institution | None = None
    counts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # what later steps want to share

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


Step = Callable[[DemoContext], None]


@dataclass(frozen=True)
class StepSpec:
    name: str
    run: Step


def make_centres(ctx: DemoContext) -> None:
    """The regional body, the five centres with their population, KIS club and PUP partner."""
    ctx.regional = Institution.objects.create(
        slug=REGIONAL_SLUG,
        name="Nadzór regionalny (demonstracja)",
        kind=Institution.Kind.REGIONAL,
    )
    for spec in CENTRES:
        institution = Institution.objects.create(
            slug=spec.slug,
            name=spec.name,
            kind=Institution.Kind.MOPS,
            gmina=spec.gmina,
            powiat=spec.powiat,
            voivodeship=spec.voivodeship,
            population=spec.population,
            street=spec.street,
            postal_code=spec.postal_code,
            city=spec.short,
            supervisor=ctx.regional,
        )
        ctx.centres.append(CentreData(spec=spec, institution=institution))
    PopulationYear.objects.bulk_create(
        PopulationYear(institution=c.institution, year=year, population=c.spec.population + (TODAY.year - year) * 150)
        for c in ctx.centres
        for year in range(TODAY.year - 3, TODAY.year + 1)
    )
    for c in ctx.centres:
        s = c.spec
        c.club = Club.objects.create(
            institution=c.institution,
            code=s.club_code,
            name=s.club_name,
            street=s.street,
            postal_code=s.postal_code,
            city=s.short,
            operator_name=s.name,
            created_on=s.club_created,
            activity_start_on=s.club_created + dt.timedelta(days=30),
            manager_name="Katarzyna Zając",
            founding_act=f"Zarządzenie Dyrektora MOPS z dnia {s.club_created:%d.%m.%Y}",
            register_voivodeship=s.voivodeship,
            register_number=f"{s.club_code}/{s.club_created.year}",
            notified_on=s.club_created + dt.timedelta(days=7),
            registered_on=s.club_created + dt.timedelta(days=21),
        )
        c.labour_office = Partner.objects.create(
            institution=c.institution,
            name=s.pup_name,
            kind=Partner.Kind.LABOUR_OFFICE,
            street=s.pup_street,
            postal_code=s.postal_code,
            city=s.short,
            contact="sekretariat",
        )
    ctx.count("centres", len(ctx.centres))


def make_staff(ctx: DemoContext) -> None:
    """Staff in every role per centre (`<slug>.<role>`) and the regional supervisor `region.nadzor`."""
    user_model = get_user_model()
    users = []
    for c in ctx.centres:
        for suffix, _role, _spec, first, last, _fte in STAFF:
            users.append(
                user_model(
                    username=f"{c.spec.slug}.{suffix}",
                    first_name=first,
                    last_name=last,
                    password=ctx.password_hash,
                    email=f"{suffix}@{c.spec.slug}.mops.example.pl",
                )
            )
    users.append(
        user_model(
            username="region.nadzor",
            first_name="Teresa",
            last_name="Malinowska",
            password=ctx.password_hash,
            email="nadzor@region.example.pl",
        )
    )
    user_model.objects.bulk_create(users)
    by_name = {u.username: u for u in user_model.objects.filter(username__in=[u.username for u in users])}
    memberships = []
    for c in ctx.centres:
        for suffix, role, specialty, _first, _last, fte in STAFF:
            membership = Membership(
                user=by_name[f"{c.spec.slug}.{suffix}"],
                institution=c.institution,
                role=role,
                specialty=specialty,
                fte=Decimal(fte),
                start_on=c.spec.club_created,
            )
            c.staff[suffix] = membership
            memberships.append(membership)
    memberships.append(
        Membership(user=by_name["region.nadzor"], institution=ctx.regional, role=Role.REGIONAL_SUPERVISOR)
    )
    Membership.objects.bulk_create(memberships)
    ctx.count("users", len(users))


def _pick(rng: random.Random, table: tuple[tuple[Any, float], ...]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


LABOUR_MIX = (
    (LabourStatus.REGISTERED_UNEMPLOYED, 45),
    (LabourStatus.UNREGISTERED_UNEMPLOYED, 15),
    (LabourStatus.INACTIVE, 30),
    (LabourStatus.EMPLOYED, 10),
)
EDUCATION_MIX = (("isced1", 8), ("isced2", 30), ("isced3", 40), ("isced4", 12), ("isced5_8", 10))
ANSWER_MIX = ((Answer.NO, 85), (Answer.YES, 12), (Answer.REFUSED, 3))
RARE_ANSWER_MIX = ((Answer.NO, 94), (Answer.YES, 4), (Answer.REFUSED, 2))


_TRANSLITERATION = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def ascii_local_part(name: str) -> str:
    """A name as the local part of an e-mail address people really have: „Żaneta Łęcka” → „zaneta”, „lecka”.

    Mail providers take ASCII local parts only, so centres hold „lecka@…”, never „łęcka@…” (issue 23).
    Letters outside Polish (a foreigner's „Müller”) lose their accents; anything else but letters and digits goes.
    """
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATION).lower())
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _person(ctx: DemoContext, c: CentreData, serial: int, used: set[str]) -> tuple[Participant, list[str]]:
    rng = ctx.rng
    spec = c.spec
    foreign = rng.random() < 0.03
    if foreign:
        first, last, sex, country = rng.choice(FOREIGN)
    else:
        sex = "F" if rng.random() < 0.54 else "M"  # seed 002: 174 of 325 were women
        first = rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
        masculine, feminine = rng.choice(SURNAMES)
        last, country = (feminine if sex == "F" else masculine), "Polska"
    age = int(rng.triangular(18, 64, 40))
    birth = TODAY.replace(year=TODAY.year - age) - dt.timedelta(days=rng.randrange(365))
    number = None
    if not foreign:
        number = pesel_mod.generate(birth, sex, serial)
        while number in used:
            serial += 5000
            birth -= dt.timedelta(days=1)
            number = pesel_mod.generate(birth, sex, serial)
        used.add(number)
    status = _pick(rng, LABOUR_MIX)
    unemployed = status in (LabourStatus.REGISTERED_UNEMPLOYED, LabourStatus.UNREGISTERED_UNEMPLOYED)
    long_term = unemployed and rng.random() < 0.55
    town, postal, degurba = rng.choice(spec.localities)
    disability = _pick(rng, ANSWER_MIX)
    homeless = _pick(rng, RARE_ANSWER_MIX)
    groups = []
    if long_term:
        groups.append(EligibilityGroup.LONG_TERM_UNEMPLOYED)
    if disability == Answer.YES:
        groups.append(EligibilityGroup.DISABLED)
    if homeless == Answer.YES:
        groups.append(EligibilityGroup.HOMELESS)
    for group, share in (
        (EligibilityGroup.ALCOHOL, 0.08),
        (EligibilityGroup.MENTAL, 0.05),
        (EligibilityGroup.DRUGS, 0.02),
        (EligibilityGroup.PRISON, 0.02),
    ):
        if rng.random() < share:
            groups.append(group)
    if foreign and rng.random() < 0.5:
        groups.append(EligibilityGroup.REFUGEE)
    since = TODAY - dt.timedelta(days=rng.randrange(60, 365 * 8))
    person = Participant(
        institution=c.institution,
        country=country,
        first_name=first,
        last_name=last,
        last_name_key=surname_key(last),
        pesel=number,
        no_pesel=number is None,
        sex=sex,
        birth_date=birth,
        education=_pick(rng, EDUCATION_MIX),
        voivodeship=spec.voivodeship,
        powiat=spec.powiat,
        gmina=spec.gmina,
        locality=town,
        street=f"ul. {rng.choice(spec.streets)}",
        building_no=str(rng.randint(1, 120)),
        flat_no=str(rng.randint(1, 40)) if rng.random() < 0.6 else "",
        postal_code=postal,
        degurba=degurba,
        phone=f"+48{rng.choice('5678')}{rng.randint(10, 99)}{rng.randint(100, 999)}{rng.randint(100, 999)}",
        email=f"{ascii_local_part(first)}.{ascii_local_part(last)}{serial % 100}@example.pl"
        if rng.random() < 0.4
        else "",
        labour_status=status,
        long_term_unemployed=long_term,
        disability=disability,
        foreign_background=Answer.YES if foreign else _pick(rng, RARE_ANSWER_MIX),
        minority=_pick(rng, RARE_ANSWER_MIX),
        third_country_national=foreign,
        homeless=homeless,
        other_disadvantage=_pick(rng, ANSWER_MIX),
        social_assistance_since=since,
    )
    return person, groups


def make_participants(ctx: DemoContext) -> None:
    """A few hundred people per centre with groups, consents, households and a creation history."""
    content_type = ContentType.objects.get_for_model(Participant)
    for c in ctx.centres:
        n = max(1, round(c.spec.people * ctx.scale))
        used: set[str] = set()
        drafts = [_person(ctx, c, serial, used) for serial in range(n)]
        people = [person for person, _ in drafts]
        Participant.objects.bulk_create(people)
        c.participants = people
        ParticipantGroup.objects.bulk_create(
            ParticipantGroup(institution=c.institution, participant=person, group=group)
            for person, groups in drafts
            for group in groups
        )
        _make_consents(ctx, c)
        _make_households(ctx, c)
        actor = c.staff["pracownik"].user
        HistoryEntry.objects.bulk_create(
            HistoryEntry(
                institution=c.institution,
                content_type=content_type,
                object_id=person.pk,
                actor=actor,
                action=HistoryEntry.Action.CREATE,
                changes={},
                comment="demo-data",
            )
            for person in people
        )
        ctx.count("participants", len(people))


def _make_consents(ctx: DemoContext, c: CentreData) -> None:
    rng = ctx.rng
    consents = []
    for person in c.participants:
        given = person.social_assistance_since + dt.timedelta(days=rng.randrange(0, 30))
        given = min(given, TODAY)
        consents.append(
            Consent(
                institution=c.institution,
                participant=person,
                purpose=Consent.Purpose.PROCESSING,
                scope="udział w projekcie i KIS",
                given_on=given,
            )
        )
        if rng.random() < 0.7:
            consents.append(
                Consent(
                    institution=c.institution, participant=person, purpose=Consent.Purpose.MONITORING, given_on=given
                )
            )
        if rng.random() < 0.4:
            withdrawn = given + dt.timedelta(days=rng.randrange(30, 400)) if rng.random() < 0.15 else None
            consents.append(
                Consent(
                    institution=c.institution,
                    participant=person,
                    purpose=Consent.Purpose.IMAGE,
                    scope="zdjęcia z zajęć i festynów",
                    given_on=given,
                    withdrawn_on=withdrawn if withdrawn and withdrawn <= TODAY else None,
                )
            )
    Consent.objects.bulk_create(consents)
    ctx.count("consents", len(consents))


def _make_households(ctx: DemoContext, c: CentreData) -> None:
    """About a third of the people head a family; some partners are participants too."""
    rng = ctx.rng
    pool = [p for p in c.participants if rng.random() < 0.35]
    in_pool = {p.pk for p in pool}
    free = [p for p in c.participants if p.pk not in in_pool]
    households, plans = [], []
    for head in pool:
        partner = None
        if free and rng.random() < 0.25:
            candidate = free.pop(rng.randrange(len(free)))
            if candidate.sex != head.sex:
                partner = candidate
            else:
                free.append(candidate)
        household = Household(
            institution=c.institution,
            name=f"Rodzina {head.last_name}",
            street=f"{head.street} {head.building_no}",
            postal_code=head.postal_code,
            locality=head.locality,
            in_social_work=rng.random() < 0.6,
        )
        households.append(household)
        plans.append((household, head, partner, rng.randint(0, 3)))
    Household.objects.bulk_create(households)
    members, linked = [], []
    for household, head, partner, children in plans:
        members.append(
            HouseholdMember(
                institution=c.institution, household=household, participant=head, relation=HouseholdMember.Relation.HEAD
            )
        )
        head.household = household
        linked.append(head)
        if partner is not None:
            members.append(
                HouseholdMember(
                    institution=c.institution,
                    household=household,
                    participant=partner,
                    relation=HouseholdMember.Relation.SPOUSE,
                )
            )
            partner.household = household
            linked.append(partner)
        for _ in range(children):
            born = TODAY - dt.timedelta(days=rng.randrange(365, 365 * 17))
            members.append(
                HouseholdMember(
                    institution=c.institution,
                    household=household,
                    first_name=rng.choice(CHILD_NAMES),
                    last_name=head.last_name,
                    birth_date=born,
                    relation=HouseholdMember.Relation.CHILD,
                )
            )
    HouseholdMember.objects.bulk_create(members)
    Participant.objects.bulk_update(linked, ["household"], batch_size=500)
    c.households = households
    ctx.count("households", len(households))


STEPS: list[StepSpec] = [
    StepSpec("centres", make_centres),
    StepSpec("staff", make_staff),
    StepSpec("participants", make_participants),
]


def register_step(name: str, run: Step, *, after: str | None = None) -> None:
    """Add a step (by a later story): at the end, or right after the step named `after`."""
    if any(step.name == name for step in STEPS):
        return
    index = len(STEPS) if after is None else next(i for i, s in enumerate(STEPS) if s.name == after) + 1
    STEPS.insert(index, StepSpec(name, run))


def demo_exists() -> bool:
    return Institution.objects.filter(slug__in=[spec.slug for spec in CENTRES]).exists()


@transaction.atomic
def generate(
    *, password: str, seed: int = 2026, scale: float = 1.0, progress: Callable[[str], None] | None = None
) -> DemoContext:
    """Create the whole demo in one transaction; the same seed gives the same rows."""
    # One hash for every demo account: hashing forty passwords one by one would take most of the run.
    ctx = DemoContext(rng=random.Random(seed), password_hash=make_password(password), scale=scale)
    with generated_rows():
        for step in STEPS:
            step.run(ctx)
            if progress:
                progress(step.name)
    return ctx
