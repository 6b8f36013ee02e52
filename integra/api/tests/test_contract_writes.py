"""Writes of social contracts through the API: the screens' services (create, change, sign, status), their
history entries, optimistic lock and refusals in the one error shape — nothing written when refused, and
the assessment and goals neither read nor written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.casework.models import ContractModification, ContractStatusChange, SocialContract
from integra.casework.tests.factories import SocialContractFactory
from integra.core.models import AccessLogEntry, HistoryEntry
from integra.core.roles import Role
from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contracts/"


def _rows() -> tuple[int, ...]:
    return (
        SocialContract.objects.count(),
        ContractModification.objects.count(),
        ContractStatusChange.objects.count(),
        HistoryEntry.objects.count(),
    )


def _entries(contract_id: int, action: str) -> list[HistoryEntry]:
    return list(
        HistoryEntry.objects.filter(
            object_id=contract_id, content_type__model="socialcontract", action=action
        ).order_by("id")
    )


@pytest.fixture
def worker(centre_a):
    return MembershipFactory(institution=centre_a, role=Role.SOCIAL_WORKER)


def _body(person, worker, **extra):
    return {
        "number": "KS/1/2011",
        "participant": person.pk,
        "social_worker": worker.pk,
        "start_on": "2011-05-01",
        "end_on": "2011-10-31",
        **extra,
    }


def test_contract_drawn_up_changed_signed_and_completed_through_the_services(centre_a, worker):
    person = ParticipantFactory(institution=centre_a)
    project = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    client = TokenClient(token_for(centre_a, "social_worker", name="Kontrakty"))

    created = client.json("post", URL, _body(person, worker, project=project.pk, next_review_on="2011-07-01"))
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["status"], data["version"], data["variant"], data["project"]) == ("draft", 1, "B", project.pk)
    assert "assessment" not in data and "main_goal" not in data
    contract = SocialContract.objects.get(pk=data["id"])
    assert (contract.participant, contract.social_worker, contract.number) == (person, worker, "KS/1/2011")
    [entry] = _entries(contract.pk, HistoryEntry.Action.CREATE)
    assert entry.actor.first_name == "API: Kontrakty"
    assert AccessLogEntry.objects.filter(
        kind="api", subject_type="casework.socialcontract", subject_id=contract.pk, what__contains="(token: Kontrakty)"
    ).exists()

    url = f"{URL}{contract.pk}/"
    extended = client.json(
        "patch", url, {"version": 1, "end_on": "2011-11-30", "modified_on": "2011-06-01", "reason": "Przedłużenie"}
    )
    assert extended.status_code == 200, extended.content
    assert (extended.json()["end_on"], extended.json()["start_on"], extended.json()["version"]) == (
        "2011-11-30",
        "2011-05-01",
        2,
    )
    modification = ContractModification.objects.get(contract=contract)
    assert (modification.reason, modification.modified_on) == ("Przedłużenie", dt.date(2011, 6, 1))
    assert modification.changes == {"end_on": ["2011-10-31", "2011-11-30"]}
    [update] = _entries(contract.pk, HistoryEntry.Action.UPDATE)
    assert (update.changes, update.comment) == ({"end_on": ["2011-10-31", "2011-11-30"]}, "Przedłużenie")

    signed = client.json("post", f"{url}sign/", {"signed_on": "2011-04-28"})
    assert signed.status_code == 200, signed.content
    assert (signed.json()["status"], signed.json()["signed_on"], signed.json()["version"]) == (
        "active",
        "2011-04-28",
        3,
    )
    completed = client.json("post", f"{url}status/", {"to_status": "completed", "changed_on": "2011-11-30"})
    assert completed.status_code == 200, completed.content
    assert (completed.json()["status"], completed.json()["status_changed_on"]) == ("completed", "2011-11-30")
    assert [
        (c.from_status, c.to_status) for c in ContractStatusChange.objects.filter(contract=contract).order_by("id")
    ] == [("draft", "active"), ("active", "completed")]
    assert [e.changes["status"] for e in _entries(contract.pk, HistoryEntry.Action.STATUS)] == [
        ["draft", "active"],
        ["active", "completed"],
    ]
    assert (
        AccessLogEntry.objects.filter(
            kind="api", subject_id=contract.pk, subject_type="casework.socialcontract"
        ).count()
        == 4
    )


def test_the_api_and_the_screen_leave_the_same_history(centre_a, social_worker):
    """The screen's change and status change, and the API's, on two like contracts: the same entries."""
    worker = social_worker.membership
    by_screen, by_api = (SocialContractFactory(institution=centre_a, social_worker=worker) for _ in range(2))
    change = {"start_on": "2011-05-01", "end_on": "2011-12-15", "modified_on": "2011-06-01", "reason": "Przedłużenie"}
    response = social_worker.client.post(
        reverse("casework:contract-edit", args=[by_screen.pk]), {"version": 1, **change}
    )
    assert response.status_code == 302, response.content
    response = social_worker.client.post(
        reverse("casework:contract-status", args=[by_screen.pk]),
        {"to_status": "terminated", "changed_on": "2011-06-02", "reason": "Rezygnacja"},
    )
    assert response.status_code == 302, response.content
    client = TokenClient(token_for(centre_a, "social_worker"))
    assert client.json("patch", f"{URL}{by_api.pk}/", {"version": 1, **change}).status_code == 200
    assert (
        client.json(
            "post",
            f"{URL}{by_api.pk}/status/",
            {"to_status": "terminated", "changed_on": "2011-06-02", "reason": "Rezygnacja"},
        ).status_code
        == 200
    )

    def trail(contract):
        return [
            (e.action, e.changes, e.comment)
            for e in HistoryEntry.objects.filter(object_id=contract.pk, content_type__model="socialcontract").order_by(
                "id"
            )
        ]

    assert trail(by_api) == trail(by_screen) != []
    by_screen.refresh_from_db()
    by_api.refresh_from_db()
    assert (by_api.status, by_api.end_on, by_api.version) == (by_screen.status, by_screen.end_on, by_screen.version)


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"assessment": "Trudna sytuacja"}, "unknown_field", "assessment"),
        ({"main_goal": "Praca"}, "unknown_field", "main_goal"),
        ({"start_on": "1.05.2011"}, "invalid", "start_on"),
        ({"participant": "Kowalska"}, "invalid", "participant"),
        ({"variant": "C"}, "invalid_choice", "variant"),
        ({"number": " "}, "blank", "number"),
        ({"end_on": "2011-04-01"}, "invalid", "end_on"),
        ({"project": 10**9}, "does_not_exist", "project"),
    ],
)
def test_bad_contract_input_is_refused_and_nothing_is_written(centre_a, worker, extra, code, field):
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = _rows()
    assert_error(
        client.json("post", URL, _body(ParticipantFactory(institution=centre_a), worker, **extra)), 400, code, field
    )
    assert _rows() == before


def test_a_taken_number_and_a_person_who_is_not_a_social_worker_are_refused(centre_a, worker):
    SocialContractFactory(institution=centre_a, number="KS/7/2011")
    person = ParticipantFactory(institution=centre_a)
    advisor = MembershipFactory(institution=centre_a, role=Role.SPECIALIST, specialty="career_advisor")
    client = TokenClient(token_for(centre_a, "social_worker"))
    before = _rows()
    body = assert_error(client.json("post", URL, _body(person, worker, number="KS/7/2011")), 400, "invalid", "number")
    assert "KS/7/2011" in body["message"]["pl"]
    assert_error(client.json("post", URL, _body(person, advisor)), 400, "invalid", "social_worker")
    assert _rows() == before


def test_another_centres_rows_are_unknown_and_leak_nothing(centre_a, centre_b, worker):
    theirs = ParticipantFactory(institution=centre_b, last_name="Obcowska")
    their_worker = MembershipFactory(institution=centre_b, role=Role.SOCIAL_WORKER)
    their_project = ProjectFactory(institution=centre_b, code="OBCY-1")
    their_contract = SocialContractFactory(institution=centre_b, number="KS/OBCY/1")
    ours = ParticipantFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "social_worker"))
    before = _rows()
    for body, field in (
        (_body(theirs, worker), "participant"),
        (_body(ours, their_worker), "social_worker"),
        (_body(ours, worker, project=their_project.pk), "project"),
    ):
        response = client.json("post", URL, body)
        assert_error(response, 400, "does_not_exist", field)
        assert not {"Obcowska", "OBCY"} & set(response.content.decode().split('"'))
    url = f"{URL}{their_contract.pk}/"
    for method, path, body in (
        ("patch", url, {"version": 1, "end_on": "2011-12-31", "modified_on": "2011-06-01", "reason": "X"}),
        ("post", f"{url}sign/", {"signed_on": "2011-04-01"}),
        ("post", f"{url}status/", {"to_status": "terminated", "changed_on": "2011-06-01", "reason": "X"}),
    ):
        response = client.json(method, path, body)
        assert_error(response, 404, "not_found")
        assert "KS/OBCY" not in response.content.decode()
    assert _rows() == before
    their_contract.refresh_from_db()
    assert (their_contract.status, their_contract.version) == ("draft", 1)


def test_changes_refused_by_the_service_or_the_lock_write_nothing(centre_a):
    contract = SocialContractFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "coordinator"))
    url = f"{URL}{contract.pk}/"
    change = {"version": 1, "end_on": "2011-12-31", "modified_on": "2011-06-01", "reason": "Przedłużenie"}
    before = _rows()
    assert_error(client.json("patch", url, {**change, "version": 2}), 409, "stale")
    assert_error(client.json("patch", url, {**change, "reason": " "}), 400, "blank", "reason")
    assert_error(
        client.json("patch", url, {k: v for k, v in change.items() if k != "version"}), 400, "required", "version"
    )
    assert_error(client.json("patch", url, {**change, "end_on": "2011-04-30"}), 400, "invalid", "end_on")
    assert_error(
        client.json("patch", url, {**change, "final_evaluation": "Dobrze"}), 400, "unknown_field", "final_evaluation"
    )
    assert_error(client.json("post", f"{url}sign/", {"signed_on": "2011-05-02"}), 400, "invalid", "signed_on")
    assert_error(client.json("post", f"{url}sign/", {"signed_on": None}), 400, "null", "signed_on")
    assert_error(
        client.json("post", f"{url}status/", {"to_status": "completed", "changed_on": "2011-06-01"}), 400, "invalid"
    )  # a draft is not completed
    assert_error(
        client.json("post", f"{url}status/", {"to_status": "terminated", "changed_on": "2011-06-01"}),
        400,
        "invalid",
        "reason",
    )  # terminating needs the reason
    assert_error(
        client.json("post", f"{url}status/", {"to_status": "ended", "changed_on": "2011-06-01"}),
        400,
        "invalid_choice",
        "to_status",
    )
    assert_error(
        client.json(
            "post",
            f"{url}status/",
            {"to_status": "terminated", "changed_on": "2011-06-01", "reason": "X", "final_evaluation": "Y"},
        ),
        400,
        "unknown_field",
        "final_evaluation",
    )
    assert _rows() == before
    contract.refresh_from_db()
    assert (contract.status, contract.version, contract.end_on) == ("draft", 1, dt.date(2011, 10, 31))


def test_contract_writes_follow_the_screens_rule(centre_a, worker):
    contract = SocialContractFactory(institution=centre_a)
    person = ParticipantFactory(institution=centre_a)
    clients = [
        TokenClient(token_for(centre_a, role)) for role in ("accountant", "specialist", "director", "auditor", "dpo")
    ]
    before = _rows()  # (creating a token is itself in the history)
    for client in clients:
        assert_error(client.json("post", URL, _body(person, worker)), 403, "forbidden")
        assert_error(
            client.json("patch", f"{URL}{contract.pk}/", {"version": 1, "modified_on": "2011-06-01", "reason": "X"}),
            403,
            "forbidden",
        )
        assert_error(client.json("post", f"{URL}{contract.pk}/sign/", {"signed_on": "2011-04-01"}), 403, "forbidden")
        assert_error(
            client.json(
                "post",
                f"{URL}{contract.pk}/status/",
                {"to_status": "terminated", "changed_on": "2011-06-01", "reason": "X"},
            ),
            403,
            "forbidden",
        )
    assert _rows() == before
