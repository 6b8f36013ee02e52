"""Schemathesis over every operation of the API's own OpenAPI schema, with a token of each role.

Each generated request is sent once per role (the same case, nine tokens); the checks are the issue's:
no server error, and every response — status code, content type, headers, body — as the schema says.
The examples per operation are kept few so the suite stays fast; every operation is covered.
Then the stateful phase: short sequences of calls along the schema's OpenAPI `links` (a create's answer
→ the created row, the import → its job → its report), with the same checks.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from integra.api.tests import authz
from integra.api.tests.helpers import token_for
from integra.core.testing.authz import ROLES
from integra.core.testing.factories import make_pesel
from integra.institutions.tests.factories import InstitutionFactory
from integra.jobs.runner import run_job
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.projects.models import Project

EXAMPLES = 3
STATEFUL_EXAMPLES = 10  # sequences
STATEFUL_STEPS = 10  # calls per sequence at most
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class DjangoApp:
    """Django's WSGI handler that keeps the test's database connection open (as django.test.Client does)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = list(response)
            response.close()
            return body
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: Any) -> dict[str, str]:
    centre = InstitutionFactory(slug="fuzz-a")
    authz.centre_objects(centre)
    authz.centre_objects(InstitutionFactory(slug="fuzz-b"))
    return {role: token_for(centre, role) for role in ROLES}


@override_settings(INTEGRA_API_RATE="100000/min")
def test_every_operation_for_every_role(tokens: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", DjangoApp())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50
    failures: list[str] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            for role in ROLES:
                response = case.call(headers={"Authorization": f"Bearer {tokens[role]}"})
                case.validate_response(response, checks=CHECKS)

        try:
            run()
        except (Exception, FailureGroup) as exc:  # FailureGroup: one operation's failures; go on with the others
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert failures == [], "\n\n".join(failures[:10])


def _linked_operations(raw: dict[str, Any]) -> set[str]:
    """operationIds of the operations with links in their answers and of those the links lead to."""
    linked = set()
    for item in raw.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                for link in response.get("links", {}).values():
                    linked |= {operation["operationId"], link["operationId"]}
    return linked


def _grounded(case: Any, project_id: int) -> None:
    """Random bodies seldom pass the services' rules, and a link starts only from a create that succeeded:
    a valid PESEL for a new person, a real sheet of the centre's project for the import. The rest of each
    body stays generated."""
    if case.method == "POST" and case.path == "/api/v1/participants/" and isinstance(case.body, dict):
        case.body["pesel"] = make_pesel()
    elif case.method == "POST" and case.path == "/api/v1/imports/participant-sheet/":
        case.body = {"project": project_id, "dry_run": "true", "file": csv_file([row()])}


@override_settings(INTEGRA_API_RATE="100000/min")
def test_linked_operations_statefully(tokens: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", DjangoApp())
    linked = _linked_operations(schema.raw_schema)
    if not linked:
        pytest.skip("the schema has no links")
    schema = schema.include(operation_id=sorted(linked))  # the chains only: every sequence can follow a link
    token = tokens["administrator"]  # the role that may make every write the links start from
    project_id = Project.objects.get(institution__slug="fuzz-a").pk
    followed: list[str] = []

    class Linked(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            super().before_call(case)
            _grounded(case, project_id)
            if case.method == "GET" and case.path == "/api/v1/jobs/{id}/":
                with contextlib.suppress(TypeError, ValueError):
                    run_job(int(case.path_parameters["id"]))  # the worker's turn, before the poll

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            if response.status_code < 300 and case.path.endswith("{id}/"):
                followed.append(f"{case.method} {case.path}")

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Linked.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
    )
    assert followed, "no link was followed: the stateful phase tested nothing"
