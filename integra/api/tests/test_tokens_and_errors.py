"""Service-account tokens, the one error shape, limits and the access log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from integra.api.tests.helpers import TokenClient, token_for
from integra.core.models import AccessLogEntry, HistoryEntry
from integra.core.testing.factories import make_pesel
from integra.core.testing.otp import verified_login
from integra.institutions.models import ServiceAccount
from integra.institutions.services import hash_token
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"code", "message", "field", "row", "errors"}


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert body["field"] == field
    assert set(body["message"]) == {"pl", "en"} and body["message"]["pl"] and body["message"]["en"]
    assert body["errors"][0] == {k: body[k] for k in ("code", "message", "field", "row")}
    return body


def test_cli_prints_the_token_last_and_stores_only_its_hash(centre_a):
    out = io.StringIO()
    call_command(
        "api-token",
        "create",
        "--centre",
        centre_a.slug,
        "--role",
        "coordinator",
        "--name",
        "EmpatiaSync",
        "--expires",
        "2099-12-31",
        stdout=out,
    )
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("itg_") and " " not in token
    account = ServiceAccount.objects.get(name="EmpatiaSync")
    assert account.token_hash == hash_token(token) and token not in account.token_hash
    assert account.role == "coordinator" and account.expires_on == dt.date(2099, 12, 31)
    assert TokenClient(token).get("/api/v1/projects/").status_code == 200


def test_revoked_and_expired_tokens_are_refused(centre_a):
    token = token_for(centre_a, "coordinator", name="Old system")
    call_command("api-token", "revoke", "--centre", centre_a.slug, "--name", "Old system", stdout=io.StringIO())
    assert_error(TokenClient(token).get("/api/v1/projects/"), 401, "token_revoked")
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)):
        expiring = token_for(centre_a, "coordinator", name="Short", expires_on=dt.date(2030, 1, 31))
        assert TokenClient(expiring).get("/api/v1/projects/").status_code == 200
    with time_machine.travel(dt.datetime(2030, 2, 1, 12, tzinfo=dt.UTC)):
        response = TokenClient(expiring).get("/api/v1/projects/")
    assert_error(response, 401, "token_expired")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_error(TokenClient("itg_not-a-token").get("/api/v1/projects/"), 401, "token_invalid")
    assert_error(Client().get("/api/v1/projects/"), 401, "not_authenticated")


def test_a_token_sees_only_its_centre(centre_a, centre_b):
    mine, theirs = ParticipantFactory(institution=centre_a), ParticipantFactory(institution=centre_b)
    client = TokenClient(token_for(centre_a, "social_worker"))
    ids = [row["id"] for row in client.get("/api/v1/participants/").json()["results"]]
    assert ids == [mine.pk]
    body = assert_error(client.get(f"/api/v1/participants/{theirs.pk}/"), 404, "not_found")
    assert theirs.last_name not in str(body)


def test_sensitive_answers_follow_the_screens_rule(centre_a):
    person = ParticipantFactory(institution=centre_a, disability="yes")
    for role, visible in (("social_worker", True), ("accountant", False), ("auditor", False), ("coordinator", True)):
        data = TokenClient(token_for(centre_a, role)).get(f"/api/v1/participants/{person.pk}/").json()
        assert (data["sensitive"] is not None) is visible, role
        if visible:
            assert data["sensitive"]["disability"] == "yes"


def test_search_by_pesel_in_the_body_and_the_access_log_names_the_token(centre_a):
    person = ParticipantFactory(institution=centre_a, last_name="Wiśniewska")
    ParticipantFactory(institution=centre_a, last_name="Zając")
    client = TokenClient(token_for(centre_a, "coordinator", name="Kadry-Płace"))
    found = client.json("post", "/api/v1/participants/search/", {"pesel": person.pesel}).json()
    assert [row["id"] for row in found] == [person.pk]
    by_name = client.json("post", "/api/v1/participants/search/", {"surname": "Wiś"}).json()
    assert [row["id"] for row in by_name] == [person.pk]
    client.get(f"/api/v1/participants/{person.pk}/")
    entries = list(AccessLogEntry.objects.filter(kind=AccessLogEntry.Kind.API).order_by("id"))
    assert [e.what for e in entries] == ["API v1 participants search (token: Kadry-Płace)"] * 2 + [
        "API v1 participants (token: Kadry-Płace)"
    ]
    assert entries[-1].subject_id == person.pk and entries[-1].user.first_name == "API: Kadry-Płace"
    assert person.pesel not in str([e.what for e in entries])


def _new_person(**extra) -> dict:
    return {"first_name": "Ewa", "last_name": "Malinowska", "pesel": make_pesel(dt.date(1990, 5, 6), "F"), **extra}


def test_create_and_update_a_participant_through_the_service(centre_a):
    client = TokenClient(token_for(centre_a, "social_worker", name="Rejestr"))
    created = client.json("post", "/api/v1/participants/", _new_person(disability="yes"))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["birth_date"] == "1990-05-06" and data["sex"] == "F" and data["sensitive"]["disability"] == "yes"
    person = Participant.objects.get(pk=data["id"])
    entry = HistoryEntry.objects.get(
        object_id=person.pk, action=HistoryEntry.Action.CREATE, content_type__model="participant"
    )
    assert entry.actor.first_name == "API: Rejestr"
    changed = client.json("patch", f"/api/v1/participants/{person.pk}/", {"version": 1, "phone": "600 100 200"})
    assert changed.status_code == 200 and changed.json()["version"] == 2 and changed.json()["phone"] == "+48600100200"
    assert changed.json()["sensitive"]["disability"] == "yes"  # fields left out keep their values
    stale = client.json("patch", f"/api/v1/participants/{person.pk}/", {"version": 1, "phone": "700 800 900"})
    assert_error(stale, 409, "stale")
    person.refresh_from_db()
    assert person.phone == "+48600100200" and person.version == 2


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code", "field"),
    [
        (b"{not json", "application/json", 400, "malformed_json", None),
        ({"first_name": 7, "last_name": ["x"]}, None, 400, "invalid", "last_name"),
        ({**_new_person(), "shoe_size": 44}, None, 400, "unknown_field", "shoe_size"),
        (_new_person(pesel="90050600001"), None, 400, "pesel_checksum", "pesel"),
        (_new_person(birth_date="06.05.1990"), None, 400, "invalid", "birth_date"),
        (b"first_name=Ewa", "application/x-www-form-urlencoded", 415, "unsupported_media_type", None),
    ],
)
def test_bad_input_is_refused_in_the_error_shape_and_nothing_is_written(
    centre_a, body, content_type, status, code, field
):
    client = TokenClient(token_for(centre_a, "coordinator"))
    before = Participant.objects.count(), HistoryEntry.objects.count()
    if isinstance(body, dict):
        response = client.json("post", "/api/v1/participants/", body)
    else:
        response = client.post("/api/v1/participants/", data=body, content_type=content_type)
    error = assert_error(response, status, code, field if code != "invalid" else response.json()["field"])
    if code == "invalid":
        assert error["field"] in {"first_name", "last_name", "birth_date"}
    if code == "pesel_checksum":
        assert "cyfr" in error["message"]["pl"] and "check digit" in error["message"]["en"]
    assert (Participant.objects.count(), HistoryEntry.objects.count()) == before


def test_a_20_mb_body_is_refused_before_it_is_read(centre_a):
    client = TokenClient(token_for(centre_a, "coordinator"))
    big = b'{"first_name": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    assert_error(client.post("/api/v1/participants/", data=big, content_type="application/json"), 413, "too_large")
    assert Participant.objects.count() == 0


def test_a_date_outside_the_project_is_refused(centre_a):
    project = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    person = ParticipantFactory(institution=centre_a)
    client = TokenClient(token_for(centre_a, "coordinator"))
    response = client.json(
        "post", "/api/v1/participations/", {"project": project.pk, "participant": person.pk, "start_on": "2012-03-01"}
    )
    error = assert_error(response, 400, "outside_project")
    assert "01.01.2011" in error["message"]["pl"] and "31.12.2011" in error["message"]["en"]
    assert not Participation.objects.exists()


def test_another_centres_row_in_the_body_is_unknown(centre_a, centre_b):
    project = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    theirs = ParticipantFactory(institution=centre_b, last_name="Obca")
    response = TokenClient(token_for(centre_a, "coordinator")).json(
        "post", "/api/v1/participations/", {"project": project.pk, "participant": theirs.pk, "start_on": "2011-03-01"}
    )
    body = assert_error(response, 400, "does_not_exist", "participant")
    assert "Obca" not in str(body)
    assert not Participation.objects.exists()


def test_rights_follow_the_role(centre_a):
    participation = ParticipationFactory(project__institution=centre_a)
    accountant = TokenClient(token_for(centre_a, "accountant"))
    assert_error(accountant.json("post", "/api/v1/participants/", _new_person()), 403, "forbidden")
    assert_error(accountant.get("/api/v1/contracts/"), 403, "forbidden")
    assert accountant.get("/api/v1/expenses/").status_code == 200
    dpo = TokenClient(token_for(centre_a, "dpo"))
    assert dpo.get("/api/v1/participants/").status_code == 200
    assert_error(dpo.get(f"/api/v1/participations/{participation.pk}/"), 403, "forbidden")


@override_settings(INTEGRA_API_RATE="3/min")
def test_rate_limit_per_token_answers_429_with_retry_after(centre_a):
    cache.clear()
    first, second = (
        TokenClient(token_for(centre_a, "coordinator", name="A")),
        TokenClient(token_for(centre_a, "coordinator", name="B")),
    )
    assert [first.get("/api/v1/projects/").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/projects/")
    assert_error(refused, 429, "rate_limited")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert second.get("/api/v1/projects/").status_code == 200  # per token
    cache.clear()


def test_staff_session_needs_csrf_for_writes(coordinator):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, coordinator.user)
    assert client.get("/api/v1/participants/").status_code == 200
    refused = client.post("/api/v1/participants/", data=_new_person(), content_type="application/json")
    body = assert_error(refused, 403, "csrf_failed")  # what happened: the token, not the role (issue 24)
    assert "reload" in body["message"]["en"] and "odśwież" in body["message"]["pl"]
    assert Participant.objects.count() == 0
    client.get("/")  # a screen sets the CSRF cookie, as the browser has it
    token = client.cookies["csrftoken"].value
    allowed = client.post(
        "/api/v1/participants/", data=_new_person(), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 201, allowed.content


def test_two_requests_racing_to_the_same_unique_row_get_409_not_a_server_error(centre_a, monkeypatch):
    """The services check duplicates before writing; when two requests pass that check at once, the database's
    unique constraint refuses the second: 409 in the error shape, nothing written, no other person's data."""
    from integra.people import services as people_services

    token = token_for(centre_a, "social_worker")
    pesel = make_pesel(dt.date(1980, 1, 2), "F")
    first = TokenClient(token).json(
        "post",
        "/api/v1/participants/",
        {"first_name": "Anna", "last_name": "Pierwsza", "pesel": pesel, "sex": "F", "birth_date": "1980-01-02"},
    )
    assert first.status_code == 201, first.content
    # The other request's row is not visible yet when this one checks for a duplicate: first the model's own
    # constraint validation catches it, then (both checks passed at once) the database's unique index.
    monkeypatch.setattr(people_services, "_check_duplicate", lambda *args, **kwargs: None)
    counts = Participant.objects.count(), HistoryEntry.objects.count()
    second = {"first_name": "Anna", "last_name": "Druga", "pesel": pesel, "sex": "F", "birth_date": "1980-01-02"}
    for _stage in ("model validation", "database"):
        answer = TokenClient(token).json("post", "/api/v1/participants/", second)
        body = assert_error(answer, 409, "conflict")
        assert "participant_pesel_unique" not in answer.content.decode() and "Constraint" not in body["message"]["pl"]
        assert "Pierwsza" not in answer.content.decode() and pesel not in answer.content.decode()
        assert (Participant.objects.count(), HistoryEntry.objects.count()) == counts
        monkeypatch.setattr(Participant, "validate_constraints", lambda self, exclude=None: None)
