"""A synthetic regional dataset for benchmarks: hundreds of centres, hundreds of thousands of people.

Deterministic for a seed. Distributions: about 55 % women, ages 18–64, a realistic mix of labour
statuses, eligibility groups and households, 1–3 projects per centre, group activities of 10–40
sessions with attendance near 80 %, exits, results and follow-ups. Loaded in bulk (COPY on
PostgreSQL) centre by centre, one transaction per centre.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from integra.core import pesel as pesel_mod
from integra.core.roles import Role
from integra.demo.bulk import BulkLoader
from integra.demo.generator import FEMALE_NAMES, MALE_NAMES, SURNAMES
from integra.institutions.models import Club, Institution, Membership
from integra.outcomes.models import Exit, FollowUp, Result
from integra.people.models import Household, Participant, ParticipantGroup
from integra.projects.models import Participation, Project
from integra.support.models import Activity, Attendance, Enrolment, Instrument, Session

STREETS = [
    "Mickiewicza",
    "Słowackiego",
    "Kościuszki",
    "Sienkiewicza",
    "Żeromskiego",
    "Polna",
    "Leśna",
    "Długa",
    "Ogrodowa",
    "Szkolna",
    "Kolejowa",
    "Łąkowa",
    "Źródlana",
    "3 Maja",
    "Piłsudskiego",
    "Kwiatowa",
]
GMINA_STEMS = ["Dąbrowa", "Wola", "Zielona", "Stara", "Nowa", "Górna", "Dolna", "Biała", "Czarna", "Wielka"]
GMINA_SUFFIX = ["Wieś", "Góra", "Łąka", "Rzeka", "Kamienna", "Śląska", "Mała", "Polna", "Leśna", "Pole"]
GROUPS = ["homeless", "alcohol", "drugs", "mental", "long_term_unemployed", "prison", "refugee", "disabled"]
GROUP_WEIGHTS = [4, 10, 3, 6, 40, 4, 1, 12]
STATUSES = ["registered_unemployed", "unregistered_unemployed", "inactive", "employed"]
STATUS_WEIGHTS = [55, 12, 28, 5]
EDUCATION = ["isced0", "isced1", "isced2", "isced3", "isced4", "isced5_8"]
EDUCATION_WEIGHTS = [2, 10, 33, 38, 9, 8]


@dataclass
class Sizes:
    centres: int
    participants: int
    big_centre: int = 0  # participants in centre 1 (the list/search benchmark's centre)
    seed: int = 1


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)


def _centre_sizes(rng: random.Random, sizes: Sizes) -> list[int]:
    """People per centre: one centre of `big_centre`, the rest Pareto-distributed (a few large towns)."""
    rest_people = sizes.participants - sizes.big_centre
    rest_centres = sizes.centres - (1 if sizes.big_centre else 0)
    weights = [rng.paretovariate(1.6) for _ in range(rest_centres)]
    total = sum(weights) or 1
    counts = [int(rest_people * w / total) for w in weights]
    if counts:
        counts[-1] += rest_people - sum(counts)
    return ([sizes.big_centre] if sizes.big_centre else []) + counts


def generate(sizes: Sizes, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Load the dataset; returns rows written per model. `progress(n)` is called with people loaded."""
    rng = random.Random(sizes.seed)
    instruments = list(Instrument.objects.filter(institution__isnull=True, retired=False).values_list("id", "group"))
    group_instruments = [i for i, g in instruments if g != "social_work"] or [i for i, _ in instruments]
    if not group_instruments:
        raise RuntimeError("The instrument catalogue is empty: run migrations first")
    region = Institution.objects.create(
        slug=f"bench-region-{sizes.seed}",
        name="Urząd Wojewódzki (bench)",
        kind=Institution.Kind.REGIONAL,
        voivodeship="mazowieckie",
    )
    loader = BulkLoader()
    order = [
        Institution,
        Club,
        Household,
        Participant,
        ParticipantGroup,
        Project,
        Participation,
        Activity,
        Session,
        Enrolment,
        Attendance,
        Exit,
        Result,
        FollowUp,
    ]
    centre_sizes = _centre_sizes(rng, sizes)
    for number, people in enumerate(centre_sizes, start=1):
        with transaction.atomic():
            _skip_fk_triggers()
            _centre(loader, rng, region.pk, number, people, sizes.seed, group_instruments)
            loader.flush(order)
        if progress:
            progress(people)
    result = loader.close(order)
    _bench_users(region)
    return result


def _skip_fk_triggers() -> None:
    """PostgreSQL: skip per-row foreign-key triggers inside this transaction (generated ids are consistent
    by construction; needs a superuser, as a benchmark database has). Silently kept on otherwise."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _centre(
    loader: BulkLoader, rng: random.Random, region_id: int, number: int, people: int, seed: int, instruments: list[int]
) -> None:
    gmina = f"{rng.choice(GMINA_STEMS)} {rng.choice(GMINA_SUFFIX)} {number}"
    centre_id = loader.add(
        Institution,
        {
            "slug": f"bench-{seed}-{number:04d}",
            "name": f"MOPS {gmina}",
            "kind": rng.choice(["MOPS", "GOPS", "GOPS", "MOPR"]),
            "gmina": gmina,
            "powiat": f"powiat {number % 40 + 1}",
            "voivodeship": "mazowieckie",
            "population": rng.randint(4000, 120000),
            "supervisor_id": region_id,
            "street": "ul. Główna 1",
            "postal_code": f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}",
            "city": gmina,
        },
    )
    club_id = loader.add(Club, {"institution_id": centre_id, "code": f"KIS-{number:04d}", "name": f"KIS {gmina}"})
    base = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    projects = []
    for p in range(rng.choice([1, 1, 2, 2, 3])):
        start = base + dt.timedelta(days=p * 200)
        end = start + dt.timedelta(days=rng.randint(360, 720))
        projects.append(
            (
                loader.add(
                    Project,
                    {
                        "institution_id": centre_id,
                        "code": f"P{number:04d}-{p + 1}",
                        "title": f"Aktywna integracja {gmina} {p + 1}",
                        "kind": "systemic",
                        "status": "running",
                        "programme": "FEO",
                        "priority": "VIII",
                        "measure": "8.1",
                        "sub_measure": "",
                        "programme_period": "2021-2027",
                        "start_on": start,
                        "end_on": end,
                        "club_id": club_id,
                        "social_effectiveness_threshold": Decimal("34.00"),
                        "employment_effectiveness_threshold": Decimal("22.00"),
                    },
                ),
                start,
                end,
            )
        )
    serials: dict[tuple, int] = {}
    household_id = None
    household_left = 0
    members: dict[int, list[tuple[int, int]]] = {
        pid: [] for pid, _, _ in projects
    }  # project -> (participant, participation)
    for _ in range(people):
        sex = "F" if rng.random() < 0.55 else "M"
        birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randint(0, 46 * 365))
        key = (birth, sex)
        serials[key] = serials.get(key, -1) + 1
        if household_left <= 0:
            stem = rng.choice(SURNAMES)
            household_id = loader.add(
                Household,
                {
                    "institution_id": centre_id,
                    "name": f"Rodzina {stem[0]}",
                    "locality": gmina,
                    "in_social_work": rng.random() < 0.6,
                    "version": 1,
                },
            )
            household_left = rng.choice([1, 1, 2, 2, 3])
        household_left -= 1
        last = stem[1] if sex == "F" else stem[0]
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        unemployed = status in STATUSES[:2]
        participant_id = loader.add(
            Participant,
            {
                "institution_id": centre_id,
                "first_name": rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES),
                "last_name": last,
                "last_name_key": last.lower(),
                "pesel": pesel_mod.generate(birth, sex, serials[key]),
                "no_pesel": False,
                "sex": sex,
                "birth_date": birth,
                "education": rng.choices(EDUCATION, EDUCATION_WEIGHTS)[0],
                "voivodeship": "mazowieckie",
                "powiat": f"powiat {number % 40 + 1}",
                "gmina": gmina,
                "locality": gmina,
                "street": rng.choice(STREETS),
                "building_no": str(rng.randint(1, 120)),
                "flat_no": str(rng.randint(1, 40)),
                "postal_code": f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}",
                "degurba": rng.choice([1, 2, 2, 3, 3]),
                "labour_status": status,
                "long_term_unemployed": unemployed and rng.random() < 0.5,
                "disability": rng.choices(["yes", "no", "refused"], [14, 84, 2])[0],
                "homeless": rng.choices(["yes", "no"], [4, 96])[0],
                "other_disadvantage": rng.choices(["yes", "no"], [20, 80])[0],
                "social_assistance_since": birth + dt.timedelta(days=365 * 18 + rng.randint(0, 3000)),
                "household_id": household_id,
                "version": 1,
            },
        )
        for group in set(rng.choices(GROUPS, GROUP_WEIGHTS, k=rng.choice([0, 1, 1, 2]))):
            loader.add(
                ParticipantGroup, {"institution_id": centre_id, "participant_id": participant_id, "group": group}
            )
        chosen = rng.sample(projects, k=min(len(projects), rng.choices([1, 2, 3], [75, 20, 5])[0]))
        for project_id, start, end in chosen:
            entry = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days - 90)))
            exit_on = entry + dt.timedelta(days=rng.randint(60, 300)) if rng.random() < 0.75 else None
            if exit_on and exit_on > end:
                exit_on = end
            participation_id = loader.add(
                Participation,
                {
                    "institution_id": centre_id,
                    "project_id": project_id,
                    "participant_id": participant_id,
                    "start_on": entry,
                    "end_on": exit_on,
                    "status": "completed" if exit_on else "active",
                    "entries": 1,
                },
            )
            members[project_id].append((participant_id, participation_id))
            if exit_on:
                _outcomes(loader, rng, centre_id, participation_id, exit_on)
    for project_id, start, end in projects:
        _activities(loader, rng, centre_id, club_id, project_id, start, end, members[project_id], instruments)


def _outcomes(loader: BulkLoader, rng: random.Random, centre_id: int, participation_id: int, exit_on: dt.date) -> None:
    reason = rng.choices(["completed", "left_for_job", "dropped_out", "other"], [70, 12, 14, 4])[0]
    loader.add(
        Exit, {"institution_id": centre_id, "participation_id": participation_id, "exit_on": exit_on, "reason": reason}
    )
    roll = rng.random()
    kind = None
    if reason == "left_for_job" or roll < 0.22:
        kind = rng.choice(["employment_contract", "employment_contract", "internship", "self_employment"])
    elif roll < 0.40:
        kind = "job_searching"
    elif roll < 0.50:
        kind = "education"
    if kind:
        loader.add(
            Result,
            {
                "institution_id": centre_id,
                "participation_id": participation_id,
                "kind": kind,
                "achieved_on": exit_on + dt.timedelta(days=rng.randint(0, 40)),
                "evidence": "umowa / zaświadczenie",
            },
        )
    if rng.random() < 0.3:
        loader.add(
            Result,
            {
                "institution_id": centre_id,
                "participation_id": participation_id,
                "kind": "qualification",
                "achieved_on": exit_on - dt.timedelta(days=rng.randint(0, 20)),
                "qualification_name": "kurs zawodowy",
            },
        )
    if rng.random() < 0.35:
        loader.add(
            Result,
            {
                "institution_id": centre_id,
                "participation_id": participation_id,
                "kind": "social_progress",
                "achieved_on": exit_on,
                "evidence": "ocena pracownika socjalnego",
            },
        )
    employed = kind in {"employment_contract", "self_employment"}
    for months, label in ((3, "3m"), (6, "6m")):
        loader.add(
            FollowUp,
            {
                "institution_id": centre_id,
                "participation_id": participation_id,
                "kind": label,
                "due_on": exit_on + dt.timedelta(days=30 * months),
                "done_on": exit_on + dt.timedelta(days=30 * months + 3),
                "employed": employed or rng.random() < 0.08,
                "improved_situation": employed or rng.random() < 0.2,
            },
        )


def _activities(
    loader: BulkLoader,
    rng: random.Random,
    centre_id: int,
    club_id: int,
    project_id: int,
    start: dt.date,
    end: dt.date,
    members: list[tuple[int, int]],
    instruments: list[int],
) -> None:
    if not members:
        return
    people = [p for p, _ in members]
    n_activities = max(1, len(people) // 12)
    for a in range(n_activities):
        sessions = rng.randint(10, 40)
        a_start = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days - sessions * 7)))
        a_end = a_start + dt.timedelta(days=7 * (sessions - 1))
        activity_id = loader.add(
            Activity,
            {
                "institution_id": centre_id,
                "project_id": project_id,
                "instrument_id": rng.choice(instruments),
                "club_id": club_id,
                "title": f"Warsztaty {a + 1}",
                "kind": "group_workshop",
                "provider_name": "Firma szkoleniowa",
                "planned_hours": Decimal(sessions * 2),
                "capacity": 20,
                "start_on": a_start,
                "end_on": a_end,
                "cost": Decimal(rng.randint(2000, 30000)),
                "room": f"Sala {a + 1}",
            },
        )
        group = rng.sample(people, k=min(len(people), rng.randint(8, 20)))
        for participant_id in group:
            loader.add(
                Enrolment,
                {
                    "institution_id": centre_id,
                    "activity_id": activity_id,
                    "participant_id": participant_id,
                    "enrolled_on": a_start,
                    "status": "completed",
                },
            )
        for s in range(sessions):
            session_id = loader.add(
                Session,
                {
                    "institution_id": centre_id,
                    "activity_id": activity_id,
                    "date": a_start + dt.timedelta(days=7 * s),
                    "start_time": dt.time(9 + (a % 6), 0),
                    "duration_minutes": 120,
                    "room": f"Sala {a + 1}",
                    "version": 1,
                },
            )
            for participant_id in group:
                roll = rng.random()
                status = "present" if roll < 0.8 else ("absent" if roll < 0.92 else "excused")
                loader.add(
                    Attendance,
                    {
                        "institution_id": centre_id,
                        "session_id": session_id,
                        "participant_id": participant_id,
                        "status": status,
                    },
                )


BENCH_PASSWORD = "integra-bench-2026"


def _bench_users(region: Institution) -> None:
    """A coordinator of the first (largest) centre and the regional supervisor, for the HTTP benchmarks."""
    User = get_user_model()
    first = Institution.objects.filter(supervisor=region).order_by("id").first()
    for username, institution, role in (
        ("bench.koordynator", first, Role.COORDINATOR),
        ("bench.nadzor", region, Role.REGIONAL_SUPERVISOR),
    ):
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(BENCH_PASSWORD)
        user.save()
        Membership.objects.get_or_create(user=user, institution=institution, role=role)
