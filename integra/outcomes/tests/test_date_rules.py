"""An exit or a result that has not happened yet is refused: by the service, the screen, the API and the sheet."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.outcomes import services
from integra.outcomes.importer import import_participants
from integra.outcomes.models import Exit, FollowUp, Result
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.projects.models import Participation
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

FUTURE_EXIT = (
    "Data zakończenia udziału nie może być późniejsza niż dzisiejsza (30.09.2011): zakończenie zapisuje się "
    "w dniu, w którym nastąpiło."
)


@pytest.fixture(autouse=True)
def end_of_september():
    with time_machine.travel(dt.datetime(2011, 9, 30, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def participation(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    return ParticipationFactory(project=project, start_on=dt.date(2011, 3, 1))


def _rows():
    return Exit.objects.count(), FollowUp.objects.count(), Result.objects.count(), Participation.objects.count()


def test_an_exit_after_today_is_refused_by_service_screen_and_api(coordinator, participation):
    api = TokenClient(token_for(coordinator.institution, "coordinator", name="System"))
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        services.record_exit(
            actor=coordinator.membership, participation=participation, exit_on=dt.date(2011, 10, 1), reason="completed"
        )
    assert exc.value.messages == [FUTURE_EXIT]
    screen = coordinator.client.post(
        reverse("outcomes:exit-record", args=[participation.pk]), {"exit_on": "2011-10-01", "reason": "completed"}
    )
    assert FUTURE_EXIT in screen.content.decode()
    body = {"participation": participation.pk, "exit_on": "2011-10-01", "reason": "completed"}
    assert_error(api.json("post", "/api/v1/exits/", body), 400, "future", "exit_on")
    assert _rows() == before
    participation.refresh_from_db()
    assert participation.end_on is None
    services.record_exit(
        actor=coordinator.membership, participation=participation, exit_on=dt.date(2011, 9, 30), reason="completed"
    )
    assert Exit.objects.get().exit_on == dt.date(2011, 9, 30)


def test_a_result_after_today_is_refused(coordinator, participation):
    with pytest.raises(ValidationError) as exc:
        services.record_result(
            actor=coordinator.membership,
            participation=participation,
            kind="job_searching",
            achieved_on=dt.date(2011, 10, 3),
        )
    assert exc.value.messages == ["Data rezultatu nie może być późniejsza niż dzisiejsza (30.09.2011)."]
    assert Result.objects.count() == 0


def test_a_sheet_row_ending_after_today_is_refused_with_the_exit_rule(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    report = import_participants(
        actor=coordinator.membership,
        project=project,
        data=csv_file([row(c23="15.10.2011"), row(c3="Ewa", c4="Lis", c5="", c6="Tak", c23="30.09.2011")]),
        filename="uczestnicy.csv",
    )
    problems = dict(report.problems)
    assert problems[2] == [f"Data zakończenia udziału w projekcie: {FUTURE_EXIT}"]
    assert 3 not in problems
    assert Participation.objects.filter(project=project).count() == report.created
