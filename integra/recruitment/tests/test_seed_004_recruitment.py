"""Seed 004 (Leżajsk 2011): 29 applications, 16 places, raised to 25; the reserve promoted in ranking order."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from integra.people.models import Answer
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory
from integra.recruitment import services
from integra.recruitment.models import Application, Decision, ManualScore, NeedsAssessment

pytestmark = pytest.mark.django_db

SURNAMES = [
    "Łukasiewicz",
    "Żółkiewska",
    "Ślusarczyk",
    "Nowak",
    "Kowalczyk",
    "Wiśniewska",
    "Dąbrowski",
    "Zieliński",
    "Szymańska",
    "Woźniak",
    "Kozłowska",
    "Jankowski",
    "Mazur",
    "Kwiatkowska",
    "Krawczyk",
    "Piotrowski",
    "Grabowska",
    "Pawłowski",
    "Michalska",
    "Król",
    "Wieczorek",
    "Jabłońska",
    "Wróbel",
    "Nowakowska",
    "Majewski",
    "Olszewska",
    "Stępień",
    "Malinowski",
    "Jaworska",
]


@pytest.fixture
def seed004(coordinator):
    centre = coordinator.institution
    project = ProjectFactory(institution=centre, code="CNA-2011", title="Czas na aktywność w gminie miejskiej Leżajsk")
    call = services.create_call(
        actor=coordinator.membership,
        project=project,
        title="Rekrutacja 2011",
        opens_on=dt.date(2011, 1, 3),
        closes_on=dt.date(2011, 4, 29),
        capacity=16,
        reserve_size=10,
        committee="Anna Kowalska\nJan Ślęzak",
    )
    actor = coordinator.membership
    services.add_criterion(actor=actor, call=call, kind="required", rule="lives_in_gmina", label="Mieszka w Leżajsku")
    services.add_criterion(
        actor=actor,
        call=call,
        kind="required",
        rule="working_age",
        label="Wiek 18–64",
        params={"min_age": 18, "max_age": 64},
    )
    services.add_criterion(actor=actor, call=call, kind="attribute", rule="woman", label="Kobieta", points=2)
    services.add_criterion(
        actor=actor, call=call, kind="attribute", rule="disability", label="Niepełnosprawność", points=3
    )
    services.add_criterion(
        actor=actor, call=call, kind="attribute", rule="long_term_unemployed", label="Długotrwale bezrobotny", points=2
    )
    hand = services.add_criterion(actor=actor, call=call, kind="manual", rule="hand", label="Ocena komisji", points=5)
    people = []
    for i, surname in enumerate(SURNAMES):
        woman = surname.endswith("a")
        person = ParticipantFactory(
            institution=centre,
            first_name="Zofia" if woman else "Józef",
            last_name=surname,
            sex="F" if woman else "M",
            birth_date=dt.date(1960 + i, 5, 1),
            gmina="Leżajsk" if i not in (3, 12) else "Nowa Sarzyna",  # Nowak and Mazur live outside the gmina
            disability=Answer.YES if i % 5 == 0 else Answer.NO,
            long_term_unemployed=i % 3 == 0,
        )
        people.append(person)
        services.register_application(
            actor=actor,
            call=call,
            participant=person,
            applied_on=dt.date(2011, 1, 3) + dt.timedelta(days=i % 4),
            source="social_worker" if i % 2 else "own",
            home_interview_on=dt.date(2011, 2, 1),
            questionnaire={"motywacja": "wysoka"},
            needs=["career_advisor", "psychologist"] if i % 2 else ["course"],
        )
    return call, hand, people


def expected_order(call, extra=None):
    """Ranking a committee member would draw up by hand from the recorded attributes."""
    extra = extra or {}
    rows = []
    for a in call.applications.select_related("participant"):
        p = a.participant
        if p.gmina != "Leżajsk":
            continue
        points = 2 * (p.sex == "F") + 3 * (p.disability == Answer.YES) + 2 * p.long_term_unemployed + extra.get(p.pk, 0)
        rows.append((-points, a.applied_on, a.tie_break if a.tie_break is not None else 10**9, a.pk, p.last_name))
    return [r[-1] for r in sorted(rows)]


def test_seed_004_recruitment_raise_capacity_and_promote_reserve(coordinator, seed004):
    call, hand, people = seed004
    actor = coordinator.membership
    assert call.applications.count() == 29
    assert NeedsAssessment.objects.filter(application__call=call).count() == 15 * 1 + 14 * 2
    # A hand-awarded score with a justification moves Król (index 19) up.
    services.award_points(
        actor=actor,
        application=call.applications.get(participant=people[19]),
        criterion=hand,
        points=5,
        justification="Samotnie wychowuje troje dzieci",
        awarded_on=dt.date(2011, 4, 30),
    )

    services.qualify_applicants(actor=actor, call=call, decided_on=dt.date(2011, 5, 2), close_call=True)
    order = expected_order(call, {people[19].pk: 5})
    ranked = list(
        call.applications.filter(rank__isnull=False).order_by("rank").values_list("participant__last_name", flat=True)
    )
    assert ranked == order
    assert len(order) == 27
    statuses = dict(call.applications.values_list("participant__last_name", "status"))
    assert [n for n in order if statuses[n] == "qualified"] == order[:16]
    assert [n for n in order if statuses[n] == "reserve"] == order[16:26]
    assert statuses[order[26]] == "rejected"
    assert statuses["Nowak"] == statuses["Mazur"] == "rejected"
    assert "Mieszka w Leżajsku" in call.applications.get(participant__last_name="Mazur").decision_reason
    assert Participation.objects.filter(project=call.project).count() == 16

    services.raise_capacity(actor=actor, call=call, capacity=25, decided_on=dt.date(2011, 6, 1))
    call.refresh_from_db()
    assert call.capacity == 25
    qualified = list(
        call.applications.filter(status="qualified").order_by("rank").values_list("participant__last_name", flat=True)
    )
    assert qualified == order[:25]
    participations = Participation.objects.filter(project=call.project)
    assert sorted(participations.values_list("participant__last_name", flat=True)) == sorted(order[:25])
    assert all(a.participation_id for a in call.applications.filter(status="qualified"))
    promoted = Decision.objects.filter(application__call=call, decided_on=dt.date(2011, 6, 1), to_status="qualified")
    assert sorted(promoted.values_list("application__participant__last_name", flat=True)) == sorted(order[16:25])
    assert set(promoted.values_list("from_status", flat=True)) == {"reserve"}
    # Every decision change is in the history: the first decision of each of 29 applications, 9 promotions,
    # and the one beyond the reserve list moved onto it once places were freed.
    assert Decision.objects.filter(application__call=call).count() == 29 + 9 + 1
    assert all(d.decided_by_id == coordinator.user.pk for d in Decision.objects.all())


def test_capacity_below_qualified_is_refused_and_nothing_changes(coordinator, seed004):
    call, _, _ = seed004
    services.qualify_applicants(
        actor=coordinator.membership, call=call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    decisions = Decision.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.raise_capacity(actor=coordinator.membership, call=call, capacity=10, decided_on=dt.date(2011, 6, 1))
    assert "(16)" in str(exc.value)
    call.refresh_from_db()
    assert call.capacity == 16
    assert Decision.objects.count() == decisions


def test_hand_score_without_justification_is_refused(coordinator, seed004):
    call, hand, _people = seed004
    with pytest.raises(ValidationError):
        services.award_points(
            actor=coordinator.membership,
            application=call.applications.first(),
            criterion=hand,
            points=3,
            justification="  ",
            awarded_on=dt.date(2011, 4, 30),
        )
    assert ManualScore.objects.count() == 0


def test_committee_tie_break_decides_equal_applications(coordinator, seed004):
    call, _, _ = seed004
    services.qualify_applicants(
        actor=coordinator.membership, call=call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    ranked = list(call.applications.filter(rank__isnull=False).order_by("rank"))
    first, second = next(
        (a, b) for a, b in itertools.pairwise(ranked) if (a.points, a.applied_on) == (b.points, b.applied_on)
    )
    services.record_tie_break(actor=coordinator.membership, application=second, tie_break=1)
    services.record_tie_break(actor=coordinator.membership, application=first, tie_break=2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.rank == first.rank - 1


def test_withdrawal_promotes_the_best_of_the_reserve(coordinator, seed004):
    call, _, _ = seed004
    services.qualify_applicants(
        actor=coordinator.membership, call=call, decided_on=dt.date(2011, 5, 2), close_call=True
    )
    best_reserve = call.applications.filter(status=Application.Status.RESERVE).order_by("rank").first()
    leaving = call.applications.filter(status=Application.Status.QUALIFIED).order_by("rank").first()
    services.withdraw_application(
        actor=coordinator.membership, application=leaving, reason="Podjęła pracę", decided_on=dt.date(2011, 5, 20)
    )
    best_reserve.refresh_from_db()
    assert best_reserve.status == Application.Status.QUALIFIED
    assert call.applications.filter(status=Application.Status.QUALIFIED).count() == 16
