"""The API's edges (issue 24, point 6): whatever a client sends — a crafted cursor, a body nested a
hundred thousand deep, a broken multipart upload, a report's parameters missing or wrong — the answer is
a 4xx in the API's JSON error shape in the API's own words, never an HTML 500 or the CLI parser's text."""

from __future__ import annotations

import base64

import pytest

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(centre_a):
    client = TokenClient(token_for(centre_a, "coordinator"))
    client.raise_request_exception = False
    return client


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "cD0nIG9yIDE9MQ==",  # the issue's: base64 of "p=' or 1=1"
        _cursor("p=1e5"),
        _cursor("p=99999999999999999999999"),  # past the largest id: bigint overflow on PostgreSQL
        _cursor("p=-1"),
        _cursor("p=\u0661"),  # an Arabic-Indic digit: int() reads it, a database would not
        _cursor("o=5&p=x"),
        "not base64 at all",
    ],
)
def test_a_crafted_cursor_is_a_400_naming_the_cursor(client, centre_a, cursor):
    ParticipantFactory(institution=centre_a)
    body = assert_error(client.get("/api/v1/participants/", {"cursor": cursor}), 400, "invalid_cursor", "cursor")
    assert "int()" not in body["message"]["en"]


def test_the_cursors_the_api_gives_still_page(client, centre_a):
    for index in range(3):
        ParticipantFactory(institution=centre_a, last_name=f"Nowak{index}")
    first = client.get("/api/v1/participants/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [p["last_name"] for p in first["results"] + second["results"]] == ["Nowak0", "Nowak1", "Nowak2"]
    assert back["results"] == first["results"]


@pytest.mark.parametrize("depth", [100_000, 900, 40])
def test_a_body_nested_too_deep_is_refused_and_nothing_written(client, depth):
    body = '{"first_name": "Anna", "last_name": "Nowak", "groups": ' + "[" * depth + "]" * depth + "}"
    answer = client.generic("POST", "/api/v1/participants/", body, content_type="application/json")
    refused = assert_error(answer, 400, "too_deep")
    assert "32" in refused["message"]["en"]
    assert not Participant.objects.exists()


def test_a_body_within_the_depth_limit_is_read(client):
    answer = client.json("post", "/api/v1/participants/", {"first_name": "Anna", "last_name": "Nowak", "groups": [[]]})
    assert_error(answer, 400, "invalid_choice", "groups.0")  # read, then refused for its content


@pytest.mark.parametrize(
    ("content_type", "payload"),
    [
        ("multipart/form-data", b"garbage"),  # no boundary
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n1\r\n--xyz"),
        ("multipart/form-data; boundary=" + "x" * 100, b"--"),
    ],
)
def test_a_broken_multipart_upload_is_a_400_about_multipart(client, centre_a, content_type, payload):
    ProjectFactory(institution=centre_a)
    answer = client.generic("POST", "/api/v1/imports/participant-sheet/", payload, content_type=content_type)
    assert answer["Content-Type"] == "application/json"
    refused = assert_error(answer, 400, answer.json()["code"], answer.json()["field"])
    assert refused["code"] in {"malformed_multipart", "required"}
    assert "JSON" not in refused["message"]["en"]


# ---------------------------------------------------------------- reports


@pytest.mark.parametrize(
    ("report", "params", "status", "code", "field"),
    [
        ("indicators", {}, 400, "required", "project"),
        ("budget", {}, 400, "required", "project"),
        ("club-annual", {"year": "2020"}, 400, "required", "club"),
        ("club-annual", {"club": "KIS"}, 400, "required", "year"),
        ("centre-annual", {}, 400, "required", "year"),
        ("what-works", {"outcome": "zzz"}, 400, "invalid_choice", "outcome"),
        ("what-works", {"project": "P-1", "club": "KIS"}, 400, "one_scope", "club"),
        ("what-works", {"from": "2020-01-01", "to": "2019-01-01"}, 400, "period_reversed", "to"),
        ("indicators", {"project": "NOPE"}, 404, "not_found", "project"),
        ("club-annual", {"club": "NOPE", "year": "2020"}, 404, "not_found", "club"),
    ],
)
def test_report_refusals_speak_the_apis_own_words(client, centre_a, report, params, status, code, field):
    ProjectFactory(institution=centre_a, code="P-1")
    body = assert_error(client.get(f"/api/v1/reports/{report}/", params), status, code, field)
    text = body["message"]["pl"] + body["message"]["en"]
    assert "--" not in text and "argument" not in text and "NOPE" not in text


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/participations/", {"project": 10**30, "participant": 1, "start_on": "2011-03-01"}, "project"),
        (
            "/api/v1/households/",
            {
                "name": "Nowakowie",
                "members": [{"relation": "head", "participant": 57885291459169253843516179334823936}],
            },
            "members.0.participant",
        ),
        ("/api/v1/enrolments/", {"activity": 2**63, "participant": 1, "enrolled_on": "2011-03-01"}, "activity"),
    ],
)
def test_an_id_past_what_the_database_holds_is_a_400_not_an_overflow(client, path, body, field):
    """Found by schemathesis's stateful phase: an id of 35 digits in a household's members overflowed
    SQLite's integer (a 500); every id in a body is now at most the largest database id."""
    answer = client.json("post", path, body)
    refused = assert_error(answer, 400, "max_value", field)
    assert refused["row"] in (None, 1)


def test_a_version_past_what_the_database_holds_is_a_400(client, centre_a):
    person = ParticipantFactory(institution=centre_a)
    answer = client.json("patch", f"/api/v1/participants/{person.pk}/", {"version": 2**40})
    assert_error(answer, 400, "max_value", "version")


@pytest.mark.parametrize("path,param", [("/api/v1/messages/", "channel"), ("/api/v1/messages/", "status")])
def test_a_text_filter_with_a_nul_character_is_a_400_naming_the_filter(client, path, param):
    """Schemathesis sent `channel=@\\x00…`: PostgreSQL refuses NUL in any string, and the list answered 500."""
    assert_error(client.get(path, {param: "sms\x00"}), 400, "invalid", param)
