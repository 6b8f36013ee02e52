"""Exits, results and follow-ups: the rules of domain.md §6."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from integra.core.history import for_object
from integra.institutions.tests.factories import PartnerFactory
from integra.outcomes import services
from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participation(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    return ParticipationFactory(project=project, start_on=dt.date(2011, 3, 1))


def test_exit_ends_participation_and_schedules_follow_ups(coordinator, participation):
    item = services.record_exit(
        actor=coordinator.membership,
        participation=participation,
        exit_on=dt.date(2011, 8, 31),
        reason=ExitReason.LEFT_FOR_JOB,
    )
    participation.refresh_from_db()
    assert (participation.end_on, participation.status) == (dt.date(2011, 8, 31), "left")
    assert sorted(FollowUp.objects.filter(participation=participation).values_list("kind", "due_on")) == [
        ("3m", dt.date(2011, 11, 30)),
        ("6m", dt.date(2012, 2, 29)),
    ]
    assert for_object(item).first().actor == coordinator.user


def test_a_re_entrant_keeps_one_exit_moved_to_the_last_date(coordinator, participation):
    services.record_exit(
        actor=coordinator.membership,
        participation=participation,
        exit_on=dt.date(2011, 5, 31),
        reason=ExitReason.DROPPED_OUT,
    )
    services.record_exit(
        actor=coordinator.membership,
        participation=participation,
        exit_on=dt.date(2011, 11, 30),
        reason=ExitReason.COMPLETED,
    )
    assert list(Exit.objects.filter(participation=participation).values_list("exit_on", "reason")) == [
        (dt.date(2011, 11, 30), "completed")
    ]
    participation.refresh_from_db()
    assert participation.status == "completed"
    assert sorted(FollowUp.objects.filter(participation=participation).values_list("due_on", flat=True)) == [
        dt.date(2012, 2, 29),
        dt.date(2012, 5, 30),
    ]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2011, 2, 28), "Data zakończenia nie może być wcześniejsza niż rozpoczęcie udziału (01.03.2011)."),
        (dt.date(2012, 1, 1), "Data zakończenia nie może być późniejsza niż koniec projektu (31.12.2011)."),
    ],
)
def test_exit_outside_participation_is_refused_and_nothing_written(coordinator, participation, day, message):
    with pytest.raises(ValidationError) as info:
        services.record_exit(
            actor=coordinator.membership, participation=participation, exit_on=day, reason=ExitReason.OTHER
        )
    assert info.value.messages == [message]
    assert (Exit.objects.count(), FollowUp.objects.count()) == (0, 0)
    participation.refresh_from_db()
    assert participation.end_on is None


def test_job_searching_and_employment_on_one_day_exclude_each_other(coordinator, participation):
    services.record_result(
        actor=coordinator.membership,
        participation=participation,
        kind=ResultKind.EMPLOYMENT_CONTRACT,
        achieved_on=dt.date(2011, 9, 1),
        evidence="umowa 12/2011",
    )
    with pytest.raises(ValidationError) as info:
        services.record_result(
            actor=coordinator.membership,
            participation=participation,
            kind=ResultKind.JOB_SEARCHING,
            achieved_on=dt.date(2011, 9, 1),
        )
    assert info.value.messages == [
        "W dniu 01.09.2011 osoba ma już rezultat „umowa o pracę”: poszukiwanie pracy i zatrudnienie wykluczają się."
    ]
    services.record_result(
        actor=coordinator.membership,
        participation=participation,
        kind=ResultKind.JOB_SEARCHING,
        achieved_on=dt.date(2011, 9, 20),
    )
    assert list(Result.objects.values_list("kind", flat=True)) == ["employment_contract", "job_searching"]


def test_result_employer_of_another_centre_is_refused(coordinator, outsider, participation):
    employer = PartnerFactory(institution=outsider.institution)
    with pytest.raises(ValidationError):
        services.record_result(
            actor=coordinator.membership,
            participation=participation,
            kind=ResultKind.INTERNSHIP,
            achieved_on=dt.date(2011, 9, 1),
            employer=employer,
        )
    assert Result.objects.count() == 0


def test_outsider_cannot_record_on_another_centres_participation(outsider, participation):
    with pytest.raises(ValidationError):
        services.record_exit(
            actor=outsider.membership,
            participation=participation,
            exit_on=dt.date(2011, 8, 31),
            reason=ExitReason.OTHER,
        )
    assert Exit.objects.count() == 0


def test_follow_up_records_what_was_found(social_worker, participation):
    services.record_exit(
        actor=social_worker.membership,
        participation=participation,
        exit_on=dt.date(2011, 8, 31),
        reason=ExitReason.COMPLETED,
    )
    follow_up = FollowUp.objects.get(participation=participation, kind="3m")
    with pytest.raises(ValidationError):
        services.record_follow_up(
            actor=social_worker.membership,
            follow_up=follow_up,
            done_on=dt.date(2011, 8, 1),
            employed=True,
            improved_situation=True,
            today=dt.date(2011, 12, 5),
        )
    services.record_follow_up(
        actor=social_worker.membership,
        follow_up=follow_up,
        done_on=dt.date(2011, 12, 1),
        employed=True,
        improved_situation=None,
        note="umowa na czas określony",
        today=dt.date(2011, 12, 5),
    )
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.employed, follow_up.improved_situation) == (dt.date(2011, 12, 1), True, None)
