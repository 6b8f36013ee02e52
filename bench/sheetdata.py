"""Participant sheets for the import/export benchmarks, written by the sheet's own export.

Rows are unsaved Participant/Participation objects with the synthetic dataset's distributions
(names, valid PESELs, statuses, about 75 % finished with a situation upon leaving), written with
`integra.outcomes.sheet.export_columns()` through `integra.core.exports` — the exact file a centre
gets from "Eksportuj arkusz" and sends back. The benchmarks import into a centre of their own
(not supervised by the region), so the regional figures are not changed by them.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

IMPORT_SLUG = "bench-sheets-import"  # imports land here and are rolled back: the centre stays empty
EXPORT_SLUG = "bench-sheets-export"  # the export projects, imported once and kept
PROJECT_START = dt.date(2021, 1, 1)
PROJECT_END = dt.date(2027, 12, 31)
CACHE = Path(__file__).resolve().parent.parent / "var" / "bench"


def sheet_centre(slug: str):
    """One of the benchmarks' own centres (created once). The generated sheets share PESELs between
    sizes and seeds, so imports and the export projects live in different centres."""
    from integra.institutions.models import Institution

    centre, _ = Institution.objects.get_or_create(
        slug=slug,
        defaults={"name": f"MOPS {slug} (bench)", "kind": Institution.Kind.MOPS, "voivodeship": "mazowieckie"},
    )
    return centre


def sheet_project(code: str, slug: str = IMPORT_SLUG):
    """A project of the benchmarks' centre spanning the whole programme period (created once)."""
    from integra.projects.models import Project

    project, _ = Project.objects.get_or_create(
        institution=sheet_centre(slug),
        code=code,
        defaults={
            "title": f"Arkusz {code}",
            "programme_period": "2021-2027",
            "start_on": PROJECT_START,
            "end_on": PROJECT_END,
        },
    )
    return project


def sheet_rows(count: int, seed: int = 7) -> list:
    """`count` unsaved participations of distinct people, deterministic for a seed."""
    from integra.core import pesel as pesel_mod
    from integra.demo import synthetic as syn
    from integra.outcomes import sheet
    from integra.people.models import Participant
    from integra.projects.models import Participation

    rng = random.Random(seed)
    situations = list(sheet.SITUATIONS)
    serials: dict[tuple, int] = {}
    rows = []
    for number in range(count):
        sex = "F" if rng.random() < 0.55 else "M"
        birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randint(0, 46 * 365))
        key = (birth, sex)
        serials[key] = serials.get(key, -1) + 1
        stem = rng.choice(syn.SURNAMES)
        status = rng.choices(syn.STATUSES, syn.STATUS_WEIGHTS)[0]
        gmina = f"{rng.choice(syn.GMINA_STEMS)} {rng.choice(syn.GMINA_SUFFIX)}"
        person = Participant(
            first_name=rng.choice(syn.FEMALE_NAMES if sex == "F" else syn.MALE_NAMES),
            last_name=stem[1] if sex == "F" else stem[0],
            pesel=pesel_mod.generate(birth, sex, serials[key]),
            no_pesel=False,
            sex=sex,
            birth_date=birth,
            education=rng.choices(syn.EDUCATION, syn.EDUCATION_WEIGHTS)[0],
            voivodeship="mazowieckie",
            powiat=f"powiat {number % 40 + 1}",
            gmina=gmina,
            locality=gmina,
            street=rng.choice(syn.STREETS),
            building_no=str(rng.randint(1, 120)),
            flat_no=str(rng.randint(1, 40)),
            postal_code=f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}",
            degurba=rng.choice([1, 2, 2, 3, 3]),
            phone=f"+48 {rng.randint(500, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            email="",
            labour_status=status,
            long_term_unemployed=status in syn.STATUSES[:2] and rng.random() < 0.5,
            disability=rng.choices(["yes", "no", "refused"], [14, 84, 2])[0],
            homeless=rng.choices(["yes", "no"], [4, 96])[0],
            other_disadvantage=rng.choices(["yes", "no"], [20, 80])[0],
        )
        start = PROJECT_START + dt.timedelta(days=rng.randint(0, 1500))
        end = start + dt.timedelta(days=rng.randint(60, 300)) if rng.random() < 0.75 else None
        part = Participation(participant=person, start_on=start, end_on=end)
        part.sheet_situation = rng.choice(situations) if end and rng.random() < 0.6 else ""
        part.sheet_completed = "" if end is None else ("Tak" if rng.random() < 0.8 else "Nie")
        rows.append(part)
    return rows


def sheet_file(count: int, fmt: str, seed: int = 7, folder: Path | None = None) -> Path:
    """The sheet of `count` rows as XLSX or CSV (cached under var/bench/, or `folder`)."""
    from integra.core.exports import write_csv, write_xlsx
    from integra.outcomes import sheet

    folder = folder or CACHE
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"uczestnicy-{count}-{seed}.{fmt}"
    if not path.exists():
        partial = path.with_suffix(".part")
        rows = sheet_rows(count, seed)
        if fmt == "csv":
            write_csv(partial, sheet.export_columns(), rows)
        else:
            write_xlsx(str(partial), sheet.export_columns(), rows, sheet="Uczestnicy")
        partial.rename(path)
    return path
