"""Two imports of the same sheet at the same moment (issue 24): one saves the people, the other is told in
Polish that they were just saved and writes nothing — on the page (a request each) and as jobs, for people
with a PESEL (a unique key) and without one (matched by name and date of birth, which no key guards).

Each import runs in its own thread with its own database connection. Both are let through to the read that
matches the sheet's people only when the other one has got there too, or is waiting for the centre's import
lock: without the lock both read „nobody” and both insert (600 people, or a UniqueViolation from COPY: a 500);
with it the second waits, and then finds the first one's people."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from integra.core import dblock
from integra.core.pesel import generate
from integra.core.testing.otp import verified_login
from integra.jobs import services as job_services
from integra.jobs.runner import run_job
from integra.outcomes import importer
from integra.outcomes.jobs import IMPORT
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Participant
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "sqlite" in django_settings.DATABASES["default"]["ENGINE"]
        and not django_settings.DATABASES["default"].get("TEST", {}).get("NAME"),
        reason="threads need a database file or server (the in-memory test database locks whole tables)",
    ),
]
PEOPLE = 300
JUST_IMPORTED = "Te same osoby zostały przed chwilą zapisane w ośrodku"


def _sheet(with_pesel: bool) -> bytes:
    rows = []
    for i in range(PEOPLE):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=37 * i)
        cells = {"c5": generate(birth, "F", i % 1000), "c6": "Nie"} if with_pesel else {"c5": "", "c6": "Tak"}
        rows.append(row(c3=f"Anna{i}", c4="Nowak", c8=birth.strftime("%d.%m.%Y"), **cells))
    return csv_file(rows)


class Gate:
    """Lets each of two imports past the read that matches people once the other has reached it too, or is
    waiting for the centre's import lock (the real lock, only watched)."""

    def __init__(self, monkeypatch):
        self.arrived = [threading.Event(), threading.Event()]
        self.waiting = [threading.Event(), threading.Event()]
        self.changed = threading.Condition()
        self.local = threading.local()
        hold, match = dblock.hold, importer._Writer._existing_people

        def watched_hold(*args, **kwargs):
            self._mark(self.waiting)
            return hold(*args, **kwargs)

        def gated_match(writer, rows):
            self._mark(self.arrived)
            other = 1 - self.local.index
            with self.changed:
                if not self.changed.wait_for(
                    lambda: self.arrived[other].is_set() or self.waiting[other].is_set(), timeout=120
                ):
                    raise RuntimeError("the other import never came")
            return match(writer, rows)

        monkeypatch.setattr(dblock, "hold", watched_hold)
        monkeypatch.setattr(importer._Writer, "_existing_people", gated_match)

    def _mark(self, events) -> None:
        with self.changed:
            events[self.local.index].set()
            self.changed.notify_all()

    def race(self, work) -> list:
        """Run work(0) and work(1) at the same moment, each in its own thread and connection."""
        outcomes: list = [None, None]

        def run(index: int) -> None:
            self.local.index = index
            try:
                outcomes[index] = work(index)
            except Exception as exc:  # a 500 in the making: the test reports it
                outcomes[index] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return outcomes


def _project(institution):
    return ProjectFactory(institution=institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))


def _people(institution) -> int:
    return Participant.objects.filter(institution=institution).count()


@pytest.mark.parametrize("with_pesel", [False, True], ids=["no-pesel", "pesel"])
def test_two_page_imports_of_one_sheet_save_its_people_once(coordinator, monkeypatch, with_pesel):
    project, data = _project(coordinator.institution), _sheet(with_pesel)
    clients = [coordinator.client, Client()]
    verified_login(clients[1], coordinator.user)
    url = reverse("outcomes:sheet-import", args=[project.pk])
    gate = Gate(monkeypatch)

    def post(index: int):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("uczestnicy.csv", data, content_type="text/csv")
        return clients[index].post(url, {"file": upload, "job_key": f"key-{index}"}).status_code

    assert gate.race(post) == [302, 302]  # both answered with their report, neither with a 500
    records = sorted(SheetImport.objects.filter(project=project), key=lambda r: r.created)
    assert [r.created for r in records] == [0, PEOPLE]
    assert records[0].report["error"].startswith(JUST_IMPORTED)
    assert _people(coordinator.institution) == PEOPLE
    assert Participation.objects.filter(project=project).count() == PEOPLE
    page = clients[0].get(reverse("outcomes:sheet-import-report", args=[records[0].pk])).content.decode()
    assert JUST_IMPORTED in page


@pytest.mark.parametrize("with_pesel", [False, True], ids=["no-pesel", "pesel"])
def test_two_import_jobs_of_one_sheet_save_its_people_once(coordinator, monkeypatch, with_pesel, settings, tmp_path):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    project, data = _project(coordinator.institution), _sheet(with_pesel)
    jobs = [
        job_services.start_job(
            actor=coordinator.membership,
            kind=IMPORT,
            params={"project": project.pk, "filename": "uczestnicy.csv", "dry_run": False},
            upload=data,
        )
        for _ in (0, 1)
    ]
    gate = Gate(monkeypatch)
    assert sorted(gate.race(lambda index: run_job(jobs[index].pk))) == ["done", "failed"]
    for job in jobs:
        job.refresh_from_db()
    loser = next(job for job in jobs if job.status == "failed")
    assert loser.error.startswith(JUST_IMPORTED)  # not „an unexpected error”
    assert _people(coordinator.institution) == PEOPLE
    assert SheetImport.objects.filter(project=project).count() == 1  # the loser's import left nothing
