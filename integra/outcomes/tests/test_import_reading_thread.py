"""The sheet import reads and checks rows on a thread of its own while the caller writes (issue 26, point 6)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import threading

import pytest
from django.db import DatabaseError
from django.utils import translation

from integra.core.pesel import generate
from integra.outcomes import importer
from integra.outcomes.importer import MSG_DATABASE, import_participants
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Participant
from integra.projects.tests.factories import ProjectFactory


class _InCallersThread:
    """The reading as it was before the thread: the same rows, read by the caller."""

    def __init__(self, table, positions, project) -> None:
        self.rows = importer._check_rows(table, positions, project)

    def __enter__(self):
        return self.rows

    def __exit__(self, *_exc) -> None:
        pass


def _sheet() -> bytes:
    """Twelve rows, every third refused by a rule of its own, one a duplicate of an earlier row's PESEL."""
    rows = []
    for number in range(12):
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=number)
        values = {"c5": generate(birth, "F", 3), "c8": birth.strftime("%d.%m.%Y")}
        if number % 3 == 1:
            values["c7"] = "Mężczyzna"
        if number == 8:
            values.update(c5=rows[0][4], c8=rows[0][7])
        rows.append(row(**values))
    return csv_file(rows)


def _project(institution):
    return ProjectFactory(institution=institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))


def test_the_report_is_the_one_read_in_the_callers_thread(coordinator, monkeypatch):
    project = _project(coordinator.institution)
    monkeypatch.setattr(importer, "CHUNK", 2)
    monkeypatch.setattr(importer._CheckedRows, "BATCH", 1)
    monkeypatch.setattr(importer._CheckedRows, "AHEAD", 1)
    seen: list[tuple[int, int]] = []
    threaded = import_participants(
        actor=None,
        project=project,
        data=_sheet(),
        filename="a.csv",
        dry_run=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    monkeypatch.setattr(importer, "_CheckedRows", _InCallersThread)
    alone = import_participants(actor=None, project=project, data=_sheet(), filename="a.csv", dry_run=True)
    assert dataclasses.asdict(threaded) == dataclasses.asdict(alone)
    assert [number for number, _reasons in threaded.problems] == [3, 6, 9, 10, 12]
    assert (threaded.created, threaded.rejected) == (7, 5)
    assert seen == [(12, 12)]


def test_refused_rows_are_worded_in_the_callers_language(coordinator):
    project = _project(coordinator.institution)
    with translation.override("en"):
        report = import_participants(
            actor=None, project=project, data=csv_file([row(c7="Mężczyzna")]), filename="a.csv", dry_run=True
        )
    assert report.problems == [(2, ["Płeć: “Mężczyzna” does not agree with the PESEL"])]


def test_a_write_that_fails_stops_the_reading_and_saves_nothing(coordinator, monkeypatch):
    project = _project(coordinator.institution)
    monkeypatch.setattr(importer, "CHUNK", 2)
    monkeypatch.setattr(importer._CheckedRows, "BATCH", 1)
    monkeypatch.setattr(importer._CheckedRows, "AHEAD", 1)
    written = importer._Writer.write

    def fail_second(self, rows):
        if self.report.created:
            raise DatabaseError("connection lost")
        written(self, rows)

    monkeypatch.setattr(importer._Writer, "write", fail_second)
    before = sys.getswitchinterval()
    report = import_participants(actor=None, project=project, data=_sheet(), filename="a.csv")
    assert report.error == str(MSG_DATABASE)
    assert Participant.objects.filter(institution=coordinator.institution).count() == 0
    assert not [t for t in threading.enumerate() if t.name == "sheet-rows"]
    assert sys.getswitchinterval() == before  # the process's own again, after a failure too


def test_the_gil_switch_interval_is_short_only_while_the_rows_are_read(coordinator, monkeypatch):
    project = _project(coordinator.institution)
    monkeypatch.setattr(importer, "CHUNK", 2)
    before = sys.getswitchinterval()
    during = []
    written = importer._Writer.write

    def note(self, rows):
        during.append(sys.getswitchinterval())
        written(self, rows)

    monkeypatch.setattr(importer._Writer, "write", note)
    import_participants(actor=None, project=project, data=_sheet(), filename="a.csv")
    # Every chunk written while rows are still read; the last one after the reading thread has ended.
    assert during[0] == min(before, importer._CheckedRows.SWITCH_INTERVAL)
    assert sys.getswitchinterval() == before


@pytest.mark.parametrize("fmt", ["csv"])
def test_a_file_that_breaks_half_way_is_refused_whole(coordinator, monkeypatch, fmt):
    project = _project(coordinator.institution)
    monkeypatch.setattr(importer, "CHUNK", 2)
    data = _sheet() + b"\xff\xfe broken\r\n"
    report = import_participants(actor=None, project=project, data=data, filename=f"a.{fmt}")
    assert report.error
    assert report.created == 0
    assert Participant.objects.filter(institution=coordinator.institution).count() == 0


def test_overlapping_imports_put_the_process_switch_interval_back_once_the_last_ends():
    """Two imports of one threaded app server, the first ending before the second: the interval stays short
    until the second ends, then is the process's own again (not the first's saved short value)."""
    before = sys.getswitchinterval()
    importer._short_switches(True, 0.0005)
    importer._short_switches(True, 0.0005)
    importer._short_switches(False, 0.0005)
    assert sys.getswitchinterval() == pytest.approx(0.0005)
    importer._short_switches(False, 0.0005)
    assert sys.getswitchinterval() == before
