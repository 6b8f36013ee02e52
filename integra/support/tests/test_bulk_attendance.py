"""„Zaznacz wszystkich jako obecnych” fills only the empty rows, says what it did, and can be taken back."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.support import services
from integra.support.models import Attendance, Session
from integra.support.tests.factories import SessionFactory

P, A, E = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED


def _marks(session):
    return dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))


def test_fill_keeps_absent_and_excused_marks_and_counts_both(coordinator, workshop, enrol_people):
    anna, jan, ola, ewa = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając", "Łoś", "Żak"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={anna.pk: A, jan.pk: E}, expected_version=1
    )
    result = services.fill_unmarked(actor=coordinator.membership, session=session, status=P, expected_version=2)
    assert (result.filled, result.kept) == (2, 2)
    assert _marks(session) == {anna.pk: A, jan.pk: E, ola.pk: P, ewa.pk: P}
    assert result.entry.changes == {
        "attendance": [{str(ola.pk): None, str(ewa.pk): None}, {str(ola.pk): P, str(ewa.pk): P}]
    }
    assert result.entry.comment == "Osoby bez oznaczenia oznaczono jednym krokiem jako „obecny”"


def test_fill_on_a_fully_marked_list_changes_nothing(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={anna.pk: A, jan.pk: E}, expected_version=1
    )
    entries = HistoryEntry.objects.count()
    result = services.fill_unmarked(actor=coordinator.membership, session=session, status=P, expected_version=2)
    assert (result.filled, result.kept, result.entry) == (0, 2, None)
    assert _marks(session) == {anna.pk: A, jan.pk: E}
    assert HistoryEntry.objects.count() == entries
    assert Session.objects.get(pk=session.pk).version == 2


def test_marks_chosen_on_the_same_screen_win_over_the_fill(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    result = services.fill_unmarked(
        actor=coordinator.membership, session=session, status=P, marks={anna.pk: E}, expected_version=1
    )
    assert (result.filled, result.kept) == (1, 1)
    assert _marks(session) == {anna.pk: E, jan.pk: P}


def test_undo_restores_exactly_the_list_before_and_is_recorded(coordinator, workshop, enrol_people):
    anna, jan, ola = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając", "Łoś"))
    session = SessionFactory(activity=workshop)
    services.record_attendance(actor=coordinator.membership, session=session, marks={anna.pk: A}, expected_version=1)
    result = services.fill_unmarked(actor=coordinator.membership, session=session, status=P, expected_version=2)
    assert _marks(session) == {anna.pk: A, jan.pk: P, ola.pk: P}
    services.undo_attendance_change(
        actor=coordinator.membership, session=session, entry_id=result.entry.pk, expected_version=3
    )
    assert _marks(session) == {anna.pk: A}
    undo = HistoryEntry.objects.filter(object_id=session.pk).first()
    assert undo.changes == {"attendance": [{str(jan.pk): P, str(ola.pk): P}, {str(jan.pk): None, str(ola.pk): None}]}
    assert undo.comment.startswith("Cofnięto: ")
    assert undo.actor == coordinator.membership.user


def test_undo_after_a_later_change_is_refused_and_writes_nothing(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    result = services.fill_unmarked(actor=coordinator.membership, session=session, status=P, expected_version=1)
    services.record_attendance(actor=coordinator.membership, session=session, marks={jan.pk: A}, expected_version=2)
    entries = HistoryEntry.objects.count()
    for version in (2, 3):
        with pytest.raises(ValidationError) as exc:
            services.undo_attendance_change(
                actor=coordinator.membership, session=session, entry_id=result.entry.pk, expected_version=version
            )
        assert exc.value.code == "nothing_to_undo"
    assert _marks(session) == {anna.pk: P, jan.pk: A}
    assert HistoryEntry.objects.count() == entries


@time_machine.travel(dt.datetime(2011, 3, 6, 23, 30, tzinfo=dt.UTC), tick=False)
def test_a_session_not_held_yet_in_warsaw_takes_no_marks(coordinator, workshop, enrol_people):
    """23:30 UTC on 6 March is 00:30 on 7 March in Warsaw: the session of 7 March may be marked, of 8 March not."""
    (anna,) = (e.participant for e in enrol_people(workshop, "Śliwa"))
    today = SessionFactory(activity=workshop, date=dt.date(2011, 3, 7))
    tomorrow = SessionFactory(activity=workshop, date=dt.date(2011, 3, 8), start_time=dt.time(12, 0))
    services.record_attendance(actor=coordinator.membership, session=today, marks={anna.pk: P}, expected_version=1)
    for call in (
        lambda: services.record_attendance(
            actor=coordinator.membership, session=tomorrow, marks={anna.pk: P}, expected_version=1
        ),
        lambda: services.fill_unmarked(actor=coordinator.membership, session=tomorrow, status=P, expected_version=1),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.code == "future"
        assert exc.value.messages == ["Obecność można zaznaczyć od dnia zajęć (08.03.2011); dziś jest 07.03.2011."]
    assert Attendance.objects.filter(session=tomorrow).count() == 0


def test_screen_says_how_many_were_filled_and_kept_and_offers_undo(coordinator, workshop, enrol_people):
    people = [e.participant for e in enrol_people(workshop, "Śliwa", "Zając", "Łoś", "Żak", "Kos", "Ryś", "Lis")]
    session = SessionFactory(activity=workshop)
    services.record_attendance(
        actor=coordinator.membership, session=session, marks={people[0].pk: A, people[1].pk: E}, expected_version=1
    )
    url = reverse("support:attendance", args=[session.pk])
    response = coordinator.client.post(url, {"version": 2, "all": "present"}, follow=True)
    html = response.content.decode()
    assert "5 osób bez oznaczenia oznaczono jako obecne. 2 wpisane już oznaczenia pozostawiono bez zmian." in html
    assert 'id="undo-fill"' in html
    assert _marks(session)[people[0].pk] == A and _marks(session)[people[1].pk] == E
    undone = coordinator.client.post(
        reverse("support:attendance-undo", args=[session.pk]),
        {"entry": HistoryEntry.objects.filter(object_id=session.pk).first().pk, "version": 3},
        follow=True,
    )
    assert "Cofnięto: lista obecności jest taka jak przedtem." in undone.content.decode()
    assert 'id="undo-fill"' not in undone.content.decode()
    assert _marks(session) == {people[0].pk: A, people[1].pk: E}
