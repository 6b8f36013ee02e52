"""The attendance summary the dashboards read (`SessionMarks`) equals a recount of the marks after every kind of
write: services, screens, the API, bulk fills and their undo, bulk loads, anonymisation, rolled-back writes.

The root conftest.py also compares it with a recount after every database test of the suite, so a write path
added anywhere that bypassed it would fail the test that exercises it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.core.models import HistoryEntry
from integra.support import marks, services
from integra.support.models import Attendance, Session
from integra.support.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

P, A, E = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED


def _summary(session) -> tuple[int, int] | None:
    """(marks, present) the summary holds for the session, after checking the whole summary against a recount."""
    assert marks.differences() == {}
    return marks.stored().get(session.pk)


def test_marks_written_changed_filled_and_undone_through_the_services(coordinator, workshop, enrol_people):
    anna, jan, ola, ewa = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając", "Łoś", "Żak"))
    session, other = SessionFactory(activity=workshop), SessionFactory(activity=workshop, date=dt.date(2011, 3, 14))
    who = coordinator.membership
    assert _summary(session) is None  # no marks, no row

    services.record_attendance(actor=who, session=session, marks={anna.pk: P, jan.pk: A}, expected_version=1)
    assert _summary(session) == (2, 1)
    services.record_attendance(actor=who, session=session, marks={anna.pk: E, jan.pk: P}, expected_version=2)
    assert _summary(session) == (2, 1)  # both changed status: one present still
    services.record_attendance(actor=who, session=session, marks={anna.pk: P}, expected_version=3)
    assert _summary(session) == (2, 2)

    filled = services.fill_unmarked(actor=who, session=session, status=P, expected_version=4)
    assert filled.filled == 2 and _summary(session) == (4, 4)
    services.undo_attendance_change(actor=who, session=session, entry_id=filled.entry.pk, expected_version=5)
    assert _summary(session) == (2, 2)  # the undo deleted the two marks the fill wrote

    services.fill_unmarked(actor=who, session=other, status=A, marks={ola.pk: P}, expected_version=1)
    assert _summary(other) == (4, 1) and _summary(session) == (2, 2)
    assert Attendance.objects.filter(participant=ewa).count() == 1


def test_a_write_that_is_rolled_back_leaves_no_trace_in_the_summary(coordinator, workshop, enrol_people):
    anna, _jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(actor=coordinator.membership, session=session, marks={anna.pk: A}, expected_version=1)
    with transaction.atomic():
        services.fill_unmarked(actor=coordinator.membership, session=session, status=P, expected_version=2)
        assert _summary(session) == (2, 1)
        transaction.set_rollback(True)
    assert _summary(session) == (1, 0)


def test_the_attendance_screen_its_fill_and_its_undo(coordinator, workshop, enrol_people):
    people = [e.participant for e in enrol_people(workshop, "Śliwa", "Zając", "Łoś")]
    session = SessionFactory(activity=workshop)
    url = reverse("support:attendance", args=[session.pk])
    saved = coordinator.client.post(url, {"version": 1, f"status_{people[0].pk}": E})
    assert saved.status_code == 302 and _summary(session) == (1, 0)
    filled = coordinator.client.post(url, {"version": 2, "all": "present"})
    assert filled.status_code == 302 and _summary(session) == (3, 2)
    entry = HistoryEntry.objects.filter(object_id=session.pk, content_type__model="session").first()
    undone = coordinator.client.post(
        reverse("support:attendance-undo", args=[session.pk]), {"entry": entry.pk, "version": 3}
    )
    assert undone.status_code == 302 and _summary(session) == (1, 0)


def test_the_api_writes_marks_as_the_screen_does(centre_a, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    client = TokenClient(token_for(centre_a, "coordinator", name="Obecność"))
    url = f"/api/v1/sessions/{session.pk}/attendance/"
    body = {"version": 1, "marks": [{"participant": anna.pk, "status": P}, {"participant": jan.pk, "status": P}]}
    assert client.json("put", url, body).status_code == 200
    assert _summary(session) == (2, 2)
    body = {"version": 2, "marks": [{"participant": jan.pk, "status": A}]}
    assert client.json("put", url, body).status_code == 200
    assert _summary(session) == (2, 1)


def test_raw_writes_deletes_and_moves_of_marks_are_kept_by_the_database(coordinator, workshop, enrol_people):
    """Writes no service makes — a bulk insert, a queryset update and delete, a mark moved to another session —
    are kept too: the database keeps the summary, not the code that writes."""
    anna, jan, ola = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając", "Łoś"))
    one, two = SessionFactory(activity=workshop), SessionFactory(activity=workshop, date=dt.date(2011, 3, 14))
    Attendance.objects.bulk_create(
        [
            Attendance(institution_id=one.institution_id, session=one, participant=person, status=status)
            for person, status in ((anna, P), (jan, P), (ola, A))
        ]
    )
    assert _summary(one) == (3, 2)
    Attendance.objects.filter(session=one, participant=ola).update(status=P)
    assert _summary(one) == (3, 3)
    Attendance.objects.filter(session=one, participant=jan).update(session=two, status=E)
    assert (_summary(one), _summary(two)) == ((2, 2), (1, 0))
    Attendance.objects.filter(session=one).delete()
    assert (_summary(one), _summary(two)) == (None, (1, 0))
    Attendance.objects.get(session=two).delete()
    assert marks.stored() == {}


def test_anonymisation_keeps_the_marks_and_their_summary(coordinator, workshop, enrol_people):
    from integra.privacy.services import anonymise

    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={anna.pk: P, jan.pk: A}, expected_version=1
    )
    anonymise(anna, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert _summary(session) == (2, 1)


def test_the_bench_loader_writes_the_summary_with_its_copy(db):
    """`integra bench-data` loads marks in bulk (PostgreSQL: COPY with foreign-key triggers skipped)."""
    call_command("bench-data", "--centres", "2", "--participants", "60", "--seed", "3", "--quiet", stdout=io.StringIO())
    assert Attendance.objects.exists()
    assert marks.differences() == {}
    assert sum(n for n, _present in marks.stored().values()) == Attendance.objects.count()


def test_rebuild_summaries_finds_and_mends_a_summary_changed_behind_the_triggers(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={anna.pk: P, jan.pk: A}, expected_version=1
    )
    out = io.StringIO()
    call_command("rebuild-summaries", "--check", stdout=out)
    assert "equals a recount" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE support_sessionmarks SET present = 0")
    with pytest.raises(CommandError, match=r"differs from a recount: attendance summary for 1 sessions with marks$"):
        call_command("rebuild-summaries", "--check", stdout=io.StringIO())
    call_command("rebuild-summaries", stdout=out)
    assert "1 were wrong" in out.getvalue()
    assert _summary(session) == (2, 1)


def test_the_migration_counts_the_marks_written_before_it(coordinator, workshop, enrol_people):
    """The migration installs the triggers, then counts the marks already there."""
    migration = importlib.import_module("integra.support.migrations.0005_sessionmarks")
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    marks.drop_triggers()
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={anna.pk: P, jan.pk: P}, expected_version=1
    )
    assert marks.stored() == {}
    if connection.vendor == "postgresql":  # a migration starts with no foreign-key check pending; ALTER needs that
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migration.install(None, SimpleNamespace(connection=connection))
    assert _summary(session) == (2, 2)
    Session.objects.filter(pk=session.pk).update(room="Sala 9")  # a session's own change leaves its figures
    services.record_attendance(actor=coordinator.membership, session=session, marks={jan.pk: A}, expected_version=2)
    assert _summary(session) == (2, 1)  # the triggers are back
