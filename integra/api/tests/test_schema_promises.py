"""The OpenAPI schema says what the server requires, and the server does what the schema says (issue 24,
point 6): a PATCH body's `version` (and a contract's `modified_on` and `reason`) are required, a report's
required parameters are marked so, id filters are integers from 1, and every request body refuses fields
it does not know (`additionalProperties: false`) — which the server does too, with 400 `unknown_field`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from integra.api.base import MAX_ID
from integra.api.tests import authz
from integra.api.tests.helpers import TokenClient, token_for

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch")
OBJECT_OF_PATH = {  # the first segment of a detail path → the object of authz.centre_objects whose id it takes
    "participants": "participant",
    "households": "household",
    "projects": "project",
    "recruitment": "application",
    "contracts": "contract",
    "activities": "activity",
    "sessions": "session",
    "follow-ups": "follow_up",
    "imports": "sheet_import",
    "jobs": "project",
    "consents": "consent",
}


@pytest.fixture
def schema(db) -> dict[str, Any]:
    return Client().get("/api/v1/schema/?format=json").json()


def _component(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _request_schemas(schema: dict[str, Any]):
    for path, item in schema["paths"].items():
        for method in WRITE_METHODS:
            operation = item.get(method)
            if not operation or "requestBody" not in operation:
                continue
            for media, content in operation["requestBody"]["content"].items():
                ref = content["schema"].get("$ref")
                if ref:
                    yield path, method, media, ref


def test_patch_bodies_require_the_version_they_lock_on(schema):
    required = {}
    for path, method, media, ref in _request_schemas(schema):
        if method == "patch" and media == "application/json":
            required[path] = set(_component(schema, ref).get("required", []))
    assert required, "the schema has PATCH operations"
    for path, names in required.items():
        if path.startswith(("/api/v1/projects/", "/api/v1/activities/")):
            continue  # projects and activities carry no version (the screens do not lock them either)
        assert "version" in names, path
    assert {"version", "modified_on", "reason"} <= required["/api/v1/contracts/{id}/"]


def test_every_request_body_refuses_unknown_fields_in_the_schema(schema):
    seen = set()
    for _path, _method, _media, ref in _request_schemas(schema):
        stack = [ref]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            component = _component(schema, name)
            assert component.get("additionalProperties") is False, name
            for prop in component.get("properties", {}).values():
                nested = prop.get("$ref") or prop.get("items", {}).get("$ref")
                if nested and _component(schema, nested).get("type") == "object":
                    stack.append(nested)
    assert {"HouseholdMemberWriteRequest", "AttendanceMarkRequest"} <= {n.rsplit("/", 1)[-1] for n in seen}


def test_every_integer_in_a_request_body_has_a_maximum(schema):
    """An integer without one reached the database as a number it cannot hold: a 500 (found by schemathesis)."""
    unbounded = []
    for _path, _method, _media, ref in _request_schemas(schema):
        stack, seen = [ref], set()
        while stack:
            name = stack.pop().rsplit("/", 1)[-1]
            if name in seen:
                continue
            seen.add(name)
            for prop_name, prop in _component(schema, name).get("properties", {}).items():
                for candidate in (prop, prop.get("items", {})):
                    if candidate.get("type") == "integer" and "maximum" not in candidate:
                        unbounded.append(f"{name}.{prop_name}")
                    if "$ref" in candidate:
                        stack.append(candidate["$ref"])
    assert unbounded == []


def test_report_parameters_say_which_are_required(schema):
    def parameters(operation_id: str) -> dict[str, bool]:
        operation = next(
            op for item in schema["paths"].values() for op in item.values() if op.get("operationId") == operation_id
        )
        return {p["name"]: p.get("required", False) for p in operation["parameters"] if p["in"] == "query"}

    assert parameters("report_club_annual") == {"club": True, "year": True}
    assert parameters("report_indicators") == {"project": True}
    assert parameters("report_what_works") == {
        "project": False,
        "club": False,
        "from": False,
        "to": False,
        "outcome": False,
    }


def test_id_filters_are_integers_from_one(schema):
    household = next(
        p for p in schema["paths"]["/api/v1/participants/"]["get"]["parameters"] if p["name"] == "household"
    )
    assert household["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def test_the_server_refuses_an_unknown_field_on_every_write(schema, centre_a):
    objects = authz.centre_objects(centre_a)
    client = TokenClient(token_for(centre_a, "administrator"))
    checked = []
    for path, method, media, _ref in _request_schemas(schema):
        segment = path.removeprefix("/api/v1/").split("/")[0]
        url = path.replace("{id}", str(objects[OBJECT_OF_PATH[segment]].pk)) if "{id}" in path else path
        if media == "multipart/form-data":
            answer = client.post(url, {"zz_unknown": "1"})
        elif media == "application/json":
            answer = client.generic(method.upper(), url, json.dumps({"zz_unknown": 1}), content_type="application/json")
        else:
            continue
        assert answer.status_code == 400, (method, url, answer.content)
        assert "unknown_field" in {e["code"] for e in answer.json()["errors"]}, (method, url, answer.content)
        checked.append((method, path))
    assert len(checked) >= 20
