import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from integra.core.models import HistoryEntry
from integra.support import services
from integra.support.models import Attendance
from integra.support.queries import attendance_rates, attendance_sheet
from integra.support.tests.factories import SessionFactory

P, A, E = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED


def test_marks_are_saved_changed_and_recorded_in_history(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={anna.pk: P, jan.pk: A}, expected_version=1
    )
    services.record_attendance(actor=coordinator.membership, session=session, marks={jan.pk: E}, expected_version=2)
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {anna.pk: P, jan.pk: E}
    session.refresh_from_db()
    assert session.version == 3
    latest = HistoryEntry.objects.filter(object_id=session.pk, action="update").first()
    assert latest.changes == {"attendance": [{str(jan.pk): A}, {str(jan.pk): E}]}


def test_stale_attendance_list_is_refused_and_writes_nothing(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(actor=coordinator.membership, session=session, marks={anna.pk: P}, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(actor=coordinator.membership, session=session, marks={jan.pk: P}, expected_version=1)
    assert exc.value.code == "stale"
    assert Attendance.objects.count() == 1


def test_marking_someone_not_enrolled_writes_nothing(coordinator, workshop, enrol_people, project):
    (anna,) = (e.participant for e in enrol_people(workshop, "Śliwa"))
    stranger_activity_session = SessionFactory(activity__project=project, date=dt.date(2011, 3, 8))
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(
            actor=coordinator.membership, session=stranger_activity_session, marks={anna.pk: P}, expected_version=1
        )
    assert exc.value.code == "not_enrolled"
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=coordinator.membership,
            session=SessionFactory(activity=workshop),
            marks={anna.pk: "late"},
            expected_version=1,
        )
    assert Attendance.objects.count() == 0


def test_rate_is_present_over_sessions_with_attendance_taken(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    days = [dt.date(2011, 3, d) for d in (7, 8, 9, 10)]
    sessions = [SessionFactory(activity=workshop, date=day) for day in days]
    plan = [{anna.pk: P, jan.pk: P}, {anna.pk: P, jan.pk: A}, {anna.pk: E, jan.pk: A}]
    for session, marks in zip(sessions, plan, strict=False):
        services.record_attendance(actor=coordinator.membership, session=session, marks=marks, expected_version=1)
    # the fourth session has no attendance taken yet: it does not count
    assert attendance_rates(workshop) == {anna.pk: Decimal("66.67"), jan.pk: Decimal("33.33")}


def test_saving_25_people_costs_a_bounded_number_of_queries(
    coordinator, workshop, enrol_people, django_assert_max_num_queries
):
    people = [e.participant for e in enrol_people(workshop, *[f"Kowalczyk{i}" for i in range(25)])]
    session = SessionFactory(activity=workshop)
    marks = {p.pk: (P if i % 3 else A) for i, p in enumerate(people)}
    with django_assert_max_num_queries(10):
        services.record_attendance(actor=coordinator.membership, session=session, marks=marks, expected_version=1)
    assert Attendance.objects.filter(session=session, status=P).count() == 16
    changed = {p.pk: E for p in people}
    with django_assert_max_num_queries(10):
        services.record_attendance(actor=coordinator.membership, session=session, marks=changed, expected_version=2)
    assert Attendance.objects.filter(session=session, status=E).count() == 25


def test_sheet_lists_people_in_polish_order(coordinator, workshop, enrol_people):
    enrol_people(workshop, "Żak", "Łoś", "Lis", "Ślęzak", "Sowa")
    rows = attendance_sheet(SessionFactory(activity=workshop))
    assert [r["participant"].last_name for r in rows] == ["Lis", "Łoś", "Sowa", "Ślęzak", "Żak"]
