"""A decision that changes many people's status shows who changes first and waits for the call to close."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.recruitment import services
from integra.recruitment.models import Application, Decision, RecruitmentCall
from integra.recruitment.tests.factories import RecruitmentCallFactory

pytestmark = pytest.mark.django_db

NAMES = ("Łęcka Żaneta", "Ćwik Ola", "Nowak Jan", "Śliwa Ewa")


@pytest.fixture
def open_call(coordinator):
    """Four applications waiting for a decision; two places and one on the reserve list."""
    call = RecruitmentCallFactory(project__institution=coordinator.institution, capacity=2, reserve_size=1)
    for day, name in enumerate(NAMES, start=3):
        last, first = name.split(" ")
        services.register_application(
            actor=coordinator.membership,
            call=call,
            participant=ParticipantFactory(institution=coordinator.institution, first_name=first, last_name=last),
            applied_on=dt.date(2011, 1, day),
        )
    return call


def _unchanged(call):
    call.refresh_from_db()
    assert call.status == RecruitmentCall.Status.OPEN
    assert set(call.applications.values_list("status", flat=True)) == {Application.Status.PENDING}
    assert Decision.objects.count() == 0
    assert Participation.objects.count() == 0


def test_preview_lists_who_changes_and_how_and_writes_nothing(open_call):
    plan = services.preview_decisions(open_call)
    assert [(p.application.participant.last_name, p.from_status, p.to_status) for p in plan] == [
        ("Łęcka", "pending", "qualified"),
        ("Ćwik", "pending", "qualified"),
        ("Nowak", "pending", "reserve"),
        ("Śliwa", "pending", "rejected"),
    ]
    assert plan[3].reason == "Brak miejsc (poza listą rezerwową)."
    _unchanged(open_call)


def test_qualifying_an_open_call_is_refused_and_writes_nothing(coordinator, open_call):
    with pytest.raises(ValidationError) as exc:
        services.qualify_applicants(actor=coordinator.membership, call=open_call, decided_on=dt.date(2011, 5, 2))
    assert exc.value.error_dict["close_call"][0].code == "call_open"
    assert exc.value.messages[0].startswith("Nabór jest jeszcze otwarty (do 29.04.2011)")
    _unchanged(open_call)


def test_closing_in_the_same_step_closes_decides_and_records_it(coordinator, open_call):
    plan = services.preview_decisions(open_call)
    decisions = services.qualify_applicants(
        actor=coordinator.membership,
        call=open_call,
        decided_on=dt.date(2011, 5, 2),
        close_call=True,
        expected_plan=services.plan_signature(plan),
    )
    open_call.refresh_from_db()
    assert open_call.status == RecruitmentCall.Status.CLOSED
    assert len(decisions) == 4
    assert Participation.objects.count() == 2
    entry = HistoryEntry.objects.filter(object_id=open_call.pk, action="status").get()
    assert entry.changes == {"status": ["open", "closed"]}


def test_a_changed_list_since_the_confirmation_is_refused(coordinator, open_call):
    shown = services.plan_signature(services.preview_decisions(open_call))
    services.register_application(
        actor=coordinator.membership,
        call=open_call,
        participant=ParticipantFactory(institution=coordinator.institution, last_name="Adamczyk"),
        applied_on=dt.date(2011, 1, 3),
    )
    with pytest.raises(ValidationError) as exc:
        services.qualify_applicants(
            actor=coordinator.membership,
            call=open_call,
            decided_on=dt.date(2011, 5, 2),
            close_call=True,
            expected_plan=shown,
        )
    assert exc.value.code == "plan_changed"
    _unchanged(open_call)


@time_machine.travel(dt.datetime(2011, 5, 2, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_decision_dated_after_today_is_refused(coordinator, open_call):
    with pytest.raises(ValidationError) as exc:
        services.qualify_applicants(
            actor=coordinator.membership, call=open_call, decided_on=dt.date(2011, 5, 3), close_call=True
        )
    assert exc.value.messages == ["Data decyzji nie może być późniejsza niż dzisiejsza (02.05.2011)."]
    _unchanged(open_call)


def test_raising_places_after_decisions_on_an_open_call_asks_to_close_it(coordinator, open_call):
    services.qualify_applicants(
        actor=coordinator.membership, call=open_call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    RecruitmentCall.objects.filter(pk=open_call.pk).update(status=RecruitmentCall.Status.OPEN)  # an older call
    with pytest.raises(ValidationError) as exc:
        services.raise_capacity(
            actor=coordinator.membership, call=open_call, capacity=3, decided_on=dt.date(2011, 5, 3)
        )
    assert exc.value.error_dict["close_call"][0].code == "call_open"
    open_call.refresh_from_db()
    assert (open_call.capacity, Participation.objects.count()) == (2, 2)
    plan = services.preview_decisions(open_call, capacity=3)
    assert [(p.application.participant.last_name, p.to_status) for p in plan] == [
        ("Nowak", "qualified"),
        ("Śliwa", "reserve"),
    ]


@time_machine.travel(dt.datetime(2011, 5, 2, 12, 0, tzinfo=dt.UTC), tick=False)
def test_confirmation_screen_lists_people_then_refuses_an_open_call_then_decides(coordinator, open_call):
    url = reverse("recruitment:call-qualify", args=[open_call.pk])
    page = coordinator.client.get(url).content.decode()
    assert "Ta decyzja zmieni status 4 osób:" in page
    assert "Łęcka Żaneta" in page and "zakwalifikowany" in page and "lista rezerwowa" in page
    assert "Zamknij nabór" in page and 'value="2011-05-02"' in page
    signature = services.plan_signature(services.preview_decisions(open_call))
    refused = coordinator.client.post(url, {"decided_on": "2011-05-02", "plan": signature})
    assert refused.status_code == 200
    assert "Nabór jest jeszcze otwarty (do 29.04.2011)" in refused.content.decode()
    _unchanged(open_call)
    done = coordinator.client.post(
        url, {"decided_on": "2011-05-02", "plan": signature, "close_call": "on"}, follow=True
    ).content.decode()
    assert "Zapisano decyzję: zmienił się status 4 osób. Nabór został zamknięty." in done
    assert Participation.objects.count() == 2
