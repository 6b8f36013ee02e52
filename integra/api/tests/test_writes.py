"""Writes of households and recruitment through the API: the screens' services, their history entries,
optimistic lock and refusals in the one error shape — and nothing written when a request is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.core.models import AccessLogEntry, HistoryEntry
from integra.institutions.tests.factories import MembershipFactory
from integra.people.models import Household, HouseholdMember
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory
from integra.recruitment import services as recruitment
from integra.recruitment.models import Application, Decision, ManualScore, NeedsAssessment, RecruitmentCall
from integra.recruitment.tests.factories import RecruitmentCallFactory

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, ...]:
    return (
        Household.objects.count(),
        HouseholdMember.objects.count(),
        HistoryEntry.objects.count(),
        Application.objects.count(),
        Decision.objects.count(),
        ManualScore.objects.count(),
        NeedsAssessment.objects.count(),
        Participation.objects.count(),
    )


def _api_history(obj, action) -> HistoryEntry:
    return HistoryEntry.objects.get(object_id=obj.pk, content_type__model=obj._meta.model_name, action=action)


# ---------------------------------------------------------------- households


def test_household_created_with_members_and_history_as_on_the_screen(centre_a):
    head = ParticipantFactory(institution=centre_a, first_name="Anna", last_name="Nowak")
    client = TokenClient(token_for(centre_a, "social_worker", name="Rejestr"))
    response = client.json(
        "post",
        "/api/v1/households/",
        {
            "name": "Nowakowie",
            "postal_code": "37-300",
            "in_social_work": True,
            "members": [
                {"relation": "head", "participant": head.pk},
                {"relation": "child", "first_name": "Ola", "last_name": "Nowak", "birth_date": "2015-04-01"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["version"] == 1 and data["in_social_work"] is True
    assert [(m["participant"], m["first_name"], m["relation"]) for m in data["members"]] == [
        (None, "Ola", "child"),
        (head.pk, "", "head"),
    ]
    household = Household.objects.get(pk=data["id"])
    head.refresh_from_db()
    assert head.household == household
    entry = _api_history(household, HistoryEntry.Action.CREATE)
    assert entry.actor.first_name == "API: Rejestr"
    assert sorted(entry.changes["members"][1]) == [["Anna Nowak", "head"], ["Ola Nowak", "child"]]
    assert AccessLogEntry.objects.filter(kind="api", subject_id=household.pk, subject_type="people.household").exists()


def test_household_patch_keeps_left_out_fields_replaces_members_and_refuses_a_stale_version(centre_a):
    head = ParticipantFactory(institution=centre_a, first_name="Jan", last_name="Kos")
    spouse = ParticipantFactory(institution=centre_a, first_name="Ewa", last_name="Kos")
    client = TokenClient(token_for(centre_a, "coordinator"))
    created = client.json(
        "post",
        "/api/v1/households/",
        {"name": "Kosowie", "street": "Rynek 1", "members": [{"relation": "head", "participant": head.pk}]},
    ).json()
    url = f"/api/v1/households/{created['id']}/"

    renamed = client.json("patch", url, {"version": 1, "name": "Rodzina Kosów"})
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["street"] == "Rynek 1" and renamed.json()["version"] == 2
    assert [m["participant"] for m in renamed.json()["members"]] == [head.pk]  # members left out stay

    added = client.json(
        "patch",
        url,
        {
            "version": 2,
            "members": [{"relation": "head", "participant": head.pk}, {"relation": "spouse", "participant": spouse.pk}],
        },
    )
    assert added.status_code == 200, added.content
    spouse.refresh_from_db()
    assert spouse.household_id == created["id"]
    entry = HistoryEntry.objects.filter(
        object_id=created["id"], content_type__model="household", action=HistoryEntry.Action.UPDATE
    ).latest("id")
    assert entry.changes["members"][1] == [["Ewa Kos", "spouse"], ["Jan Kos", "head"]]

    removed = client.json("patch", url, {"version": 3, "members": [{"relation": "head", "participant": head.pk}]})
    assert removed.status_code == 200 and len(removed.json()["members"]) == 1
    spouse.refresh_from_db()
    assert spouse.household_id is None

    before = _rows()
    stale = client.json("patch", url, {"version": 2, "name": "Inna"})
    assert_error(stale, 409, "stale")
    assert _rows() == before
    assert Household.objects.get(pk=created["id"]).name == "Rodzina Kosów"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"name": "X", "shoe_size": 1}, 400, "unknown_field", "shoe_size"),
        ({"name": ["X"]}, 400, "invalid", "name"),
        ({"name": "X", "in_social_work": "perhaps"}, 400, "invalid", "in_social_work"),
        ({"name": "  "}, 400, "blank", "name"),
        ({"name": "X", "postal_code": "37300"}, 400, "invalid", "postal_code"),
        ({"name": "X", "members": [{"relation": "child", "first_name": "Ola"}]}, 400, "invalid", "members"),
        (
            {"name": "X", "members": [{"relation": "aunt", "first_name": "Ola"}]},
            400,
            "invalid_choice",
            "members.0.relation",
        ),
        (
            {"name": "X", "members": [{"relation": "head", "first_name": "Ola", "age": 3}]},
            400,
            "unknown_field",
            "members.0.age",
        ),
    ],
)
def test_bad_household_input_is_refused_and_nothing_is_written(centre_a, body, status, code, field):
    client = TokenClient(token_for(centre_a, "social_worker"))
    before = _rows()
    assert_error(client.json("post", "/api/v1/households/", body), status, code, field)
    assert _rows() == before


def test_another_centres_participant_as_a_member_is_unknown_and_leaks_nothing(centre_a, centre_b):
    theirs = ParticipantFactory(institution=centre_b, last_name="Obcowska")
    ours = ParticipantFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "social_worker"))
    before = _rows()
    response = client.json(
        "post",
        "/api/v1/households/",
        {
            "name": "X",
            "members": [{"relation": "head", "participant": ours.pk}, {"relation": "child", "participant": theirs.pk}],
        },
    )
    assert_error(response, 400, "does_not_exist", "members.1.participant")
    assert "Obcowska" not in response.content.decode()
    assert _rows() == before
    their_household = HouseholdFactory(institution=centre_b)
    other = client.json("patch", f"/api/v1/households/{their_household.pk}/", {"version": 1, "name": "Y"})
    assert_error(other, 404, "not_found")
    assert Household.objects.get(pk=their_household.pk).name != "Y"


def test_a_member_of_another_household_is_refused_as_on_the_screen(centre_a):
    person = ParticipantFactory(institution=centre_a, first_name="Jan", last_name="Kos")
    client = TokenClient(token_for(centre_a, "social_worker"))
    assert (
        client.json(
            "post",
            "/api/v1/households/",
            {"name": "Pierwsi", "members": [{"relation": "head", "participant": person.pk}]},
        ).status_code
        == 201
    )
    before = _rows()
    response = client.json(
        "post", "/api/v1/households/", {"name": "Drudzy", "members": [{"relation": "head", "participant": person.pk}]}
    )
    body = assert_error(response, 400, "invalid", "members")
    assert "Pierwsi" in body["message"]["en"]
    assert _rows() == before


def test_household_writes_follow_the_screens_rule(centre_a):
    household = HouseholdFactory(institution=centre_a)
    for role in ("accountant", "specialist", "director", "auditor"):
        client = TokenClient(token_for(centre_a, role))
        assert_error(client.json("post", "/api/v1/households/", {"name": "X"}), 403, "forbidden")
        assert_error(
            client.json("patch", f"/api/v1/households/{household.pk}/", {"version": 1, "name": "X"}), 403, "forbidden"
        )
    assert Household.objects.count() == 1


# ---------------------------------------------------------------- recruitment


@pytest.fixture
def call(centre_a):
    project = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    return RecruitmentCallFactory(project=project, capacity=1, reserve_size=1)


def _apply(client, call, person, **extra):
    return client.json(
        "post",
        "/api/v1/recruitment/applications/",
        {"call": call.pk, "participant": person.pk, "applied_on": "2011-02-01", **extra},
    )


def test_application_registered_scored_and_decided_through_the_services(centre_a, call):
    hand = recruitment.add_criterion(
        actor=_actor(centre_a), call=call, kind="manual", rule="hand", label="Motywacja", points=3
    )
    first, second = ParticipantFactory(institution=centre_a), ParticipantFactory(institution=centre_a)
    worker = TokenClient(token_for(centre_a, "social_worker", name="Nabór"))
    created = _apply(worker, call, first, needs=["career_advisor", "course"], source="social_worker")
    assert created.status_code == 201, created.content
    application = Application.objects.get(pk=created.json()["id"])
    assert created.json()["status"] == "pending" and created.json()["rank"] == 1
    assert sorted(application.needs.values_list("need", flat=True)) == ["career_advisor", "course"]
    assert _api_history(application, HistoryEntry.Action.CREATE).actor.first_name == "API: Nabór"
    assert AccessLogEntry.objects.filter(
        kind="api", subject_id=application.pk, subject_type="recruitment.application"
    ).exists()
    second_id = _apply(worker, call, second).json()["id"]

    scored = worker.json(
        "post",
        f"/api/v1/recruitment/applications/{second_id}/score/",
        {"criterion": hand.pk, "points": 2, "justification": "Wysoka motywacja", "awarded_on": "2011-02-10"},
    )
    assert scored.status_code == 200, scored.content
    assert scored.json()["points"] == 2 and scored.json()["rank"] == 1
    score = ManualScore.objects.get(application_id=second_id)
    assert _api_history(score, HistoryEntry.Action.CREATE).changes["points"][1] == 2

    assert_error(
        worker.json("post", "/api/v1/recruitment/decisions/", {"call": call.pk, "decided_on": "2011-05-02"}),
        403,
        "forbidden",
    )
    coordinator = TokenClient(token_for(centre_a, "coordinator", name="Komisja"))
    before = _rows()
    assert_error(
        coordinator.json("post", "/api/v1/recruitment/decisions/", {"call": call.pk, "decided_on": "2011-05-02"}),
        400,
        "call_open",
        "close_call",
    )
    assert _rows() == before and RecruitmentCall.objects.get(pk=call.pk).status == "open"
    decided = coordinator.json(
        "post", "/api/v1/recruitment/decisions/", {"call": call.pk, "decided_on": "2011-05-02", "close_call": True}
    )
    assert decided.status_code == 201, decided.content
    assert RecruitmentCall.objects.get(pk=call.pk).status == "closed"
    assert sorted((d["application"], d["to_status"]) for d in decided.json()) == sorted(
        [(second_id, "qualified"), (application.pk, "reserve")]
    )
    assert Participation.objects.filter(participant_id=second.pk, project=call.project).exists()
    assert Decision.objects.count() == 2
    again = coordinator.json("post", "/api/v1/recruitment/decisions/", {"call": call.pk, "decided_on": "2011-05-03"})
    assert again.status_code == 201 and again.json() == []  # nothing changed, nothing recorded
    # The schema promises what the create answers: a plain list of decisions, not a page of them.
    answer = coordinator.json("get", "/api/v1/schema/?format=json").json()["paths"]["/api/v1/recruitment/decisions/"][
        "post"
    ]["responses"]["201"]["content"]["application/json"]["schema"]
    assert answer == {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}}

    assert_error(
        worker.json("post", f"/api/v1/recruitment/applications/{second_id}/tie-break/", {"tie_break": 1}),
        403,
        "forbidden",
    )
    tied = coordinator.json("post", f"/api/v1/recruitment/applications/{application.pk}/tie-break/", {"tie_break": 1})
    assert tied.status_code == 200 and tied.json()["tie_break"] == 1, tied.content
    assert HistoryEntry.objects.filter(
        object_id=application.pk, content_type__model="application", action=HistoryEntry.Action.UPDATE
    ).get().changes == {"tie_break": [None, 1]}
    before = _rows()
    assert_error(
        coordinator.json("post", f"/api/v1/recruitment/applications/{application.pk}/tie-break/", {"tie_break": 0}),
        400,
        "min_value",
        "tie_break",
    )
    assert _rows() == before

    withdrawn = coordinator.json(
        "post",
        f"/api/v1/recruitment/applications/{second_id}/withdraw/",
        {"reason": "Podjęła pracę", "decided_on": "2011-05-20"},
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert [(d["application"], d["to_status"]) for d in withdrawn.json()] == [
        (second_id, "withdrawn"),
        (application.pk, "qualified"),
    ]
    assert AccessLogEntry.objects.filter(kind="api", what__startswith="API v1 recruitment decisions").count() == 3


def _actor(centre):
    return MembershipFactory(institution=centre, role="coordinator")


@pytest.mark.parametrize(
    ("extra", "status", "code", "field"),
    [
        ({"mood": "good"}, 400, "unknown_field", "mood"),
        ({"applied_on": "1.02.2011"}, 400, "invalid", "applied_on"),
        ({"needs": ["astrology"]}, 400, "invalid_choice", "needs.0"),
        ({"applied_on": None}, 400, "null", "applied_on"),
        ({"applied_on": "2011-06-01"}, 400, "call_closed", "applied_on"),
    ],
)
def test_bad_application_input_is_refused_and_nothing_is_written(centre_a, call, extra, status, code, field):
    person = ParticipantFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "social_worker"))
    before = _rows()
    assert_error(_apply(client, call, person, **extra), status, code, field)
    wrong_type = client.json(
        "post",
        "/api/v1/recruitment/applications/",
        {"call": "first", "participant": person.pk, "applied_on": "2011-02-01"},
    )
    assert_error(wrong_type, 400, "invalid", "call")
    assert _rows() == before


def test_a_closed_call_a_duplicate_and_another_centres_rows_are_refused(centre_a, centre_b, call):
    person = ParticipantFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "social_worker"))
    coordinator = TokenClient(token_for(centre_a, "coordinator"))
    assert _apply(client, call, person).status_code == 201
    before = _rows()
    body = assert_error(_apply(client, call, person), 409, "duplicate")
    assert "already applied" in body["message"]["en"] and body["message"]["pl"] != body["message"]["en"]
    closed = RecruitmentCallFactory(project=call.project, status=RecruitmentCall.Status.CLOSED)
    assert_error(_apply(client, closed, person), 400, "call_closed")
    theirs = ParticipantFactory(institution=centre_b, last_name="Obcowska")
    refused = _apply(client, call, theirs)
    assert_error(refused, 400, "does_not_exist", "participant")
    assert "Obcowska" not in refused.content.decode()
    their_call = RecruitmentCallFactory(project=ProjectFactory(institution=centre_b), title="Nabór obcy")
    refused = _apply(client, their_call, person)
    assert_error(refused, 400, "does_not_exist", "call")
    assert "Nabór obcy" not in refused.content.decode()
    assert_error(
        coordinator.json("post", "/api/v1/recruitment/decisions/", {"call": their_call.pk, "decided_on": "2011-05-02"}),
        400,
        "does_not_exist",
        "call",
    )
    assert _rows() == before


def test_scoring_refusals_write_nothing(centre_a, centre_b, call):
    hand = recruitment.add_criterion(actor=_actor(centre_a), call=call, kind="manual", rule="hand", label="M", points=3)
    attribute = recruitment.add_criterion(
        actor=_actor(centre_a), call=call, kind="attribute", rule="woman", label="Kobieta", points=2
    )
    client = TokenClient(token_for(centre_a, "social_worker"))
    application_id = _apply(client, call, ParticipantFactory(institution=centre_a)).json()["id"]
    url = f"/api/v1/recruitment/applications/{application_id}/score/"
    body = {"criterion": hand.pk, "points": 2, "justification": "Uzasadnienie", "awarded_on": "2011-02-10"}
    other_call = RecruitmentCallFactory(project=ProjectFactory(institution=centre_b))
    theirs = recruitment.add_criterion(
        actor=_actor(centre_b), call=other_call, kind="manual", rule="hand", label="Obce", points=3
    )
    their_application = Application.objects.create(
        institution=centre_b,
        call=other_call,
        participant=ParticipantFactory(institution=centre_b),
        applied_on=dt.date(2011, 2, 1),
    )
    before = _rows()
    assert_error(client.json("post", url, {**body, "points": 4}), 400, "invalid", "points")
    assert_error(client.json("post", url, {**body, "justification": " "}), 400, "blank", "justification")
    assert_error(client.json("post", url, {**body, "criterion": attribute.pk}), 400, "invalid")
    assert_error(client.json("post", url, {**body, "criterion": theirs.pk}), 400, "does_not_exist", "criterion")
    assert_error(client.json("post", url, {**body, "extra": 1}), 400, "unknown_field", "extra")
    assert_error(
        client.json("post", f"/api/v1/recruitment/applications/{their_application.pk}/score/", body), 404, "not_found"
    )
    assert_error(
        client.json(
            "post",
            f"/api/v1/recruitment/applications/{application_id}/withdraw/",
            {"reason": "x", "decided_on": "2011-05-01"},
        ),
        403,
        "forbidden",
    )
    assert _rows() == before


def test_the_screen_refuses_an_application_to_a_closed_call_too(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    call = RecruitmentCallFactory(project=project)
    person = ParticipantFactory(institution=coordinator.institution)
    response = coordinator.client.post(
        f"/recruitment/{call.pk}/applications/add/",
        {"participant": person.pk, "applied_on": "2011-05-30", "source": "own"},
    )
    assert response.status_code == 200
    assert "applied_on" in response.context["form"].errors
    assert not Application.objects.exists()
