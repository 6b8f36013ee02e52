"""A dry run of a large participant sheet as a job on a fresh SQLite file, with the job's real heartbeat
committing its progress on its own connection (issue 24: 50,000 rows failed with „database is locked”).

It says whether the job finished and what it read; it measures no time. Run it alone, in a folder of its own:

    INTEGRA_VAR_DIR=/tmp/sqlite-dry-run .venv/bin/python bench/sqlite_dry_run.py 250000
"""

from __future__ import annotations

import datetime as dt
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
os.environ.pop("DATABASE_URL", None)  # the embedded SQLite file under INTEGRA_VAR_DIR

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from integra.core.pesel import generate  # noqa: E402
from integra.core.roles import Role  # noqa: E402
from integra.core.testing.factories import UserFactory  # noqa: E402
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory  # noqa: E402
from integra.jobs import services  # noqa: E402
from integra.jobs.models import Job  # noqa: E402
from integra.jobs.runner import run_job  # noqa: E402
from integra.outcomes.tests.sheetdata import csv_file, row  # noqa: E402
from integra.projects.tests.factories import ProjectFactory  # noqa: E402


def person(i: int) -> list:
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=i // 900)
    return row(c3=f"Anna{i}", c5=generate(birth, "F", i % 900), c8=birth.strftime("%d.%m.%Y"))


def main(rows: int) -> int:
    call_command("migrate", verbosity=0)
    centre = InstitutionFactory(slug="sqlite-dry-run", name="MOPS", gmina="Leżajsk")
    member = MembershipFactory(user=UserFactory(username="sqlite-dry-run"), institution=centre, role=Role.COORDINATOR)
    project = ProjectFactory(institution=centre, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    job = services.start_job(
        actor=member,
        kind="outcomes.sheet_import",
        params={"project": project.pk, "filename": "lista.csv", "dry_run": True},
        upload=csv_file([person(i) for i in range(rows)]),
    )
    status = run_job(job.pk)
    job = Job.objects.get(pk=job.pk)
    print(f"{rows} rows: {status} {job.error[:200]}", {k: job.result.get(k) for k in ("read", "created", "rejected")})
    return 0 if status == "done" else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 250_000))
