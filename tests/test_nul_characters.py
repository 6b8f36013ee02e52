"""A NUL character in a query or a plain form is refused with 400 before any view runs (screens), or as the
parameter's `invalid` (the API): PostgreSQL refuses NUL in any string, and a search or report parameter passed
on to it answered 500 there. Found by Schemathesis on PostgreSQL (GET /api/v1/reports/budget/?project=%00…)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.api.tests.helpers import token_for
from integra.core.roles import Role
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("people:household-list", "q=Now%00ak"),
        ("people:participant-list", "page=1&x%00=1"),
        ("support:timetable", "room=%00"),
    ],
)
def test_a_screen_refuses_a_nul_in_its_query_with_the_400_page(coordinator, name, query):
    response = coordinator.client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 400
    assert "Błędne żądanie" in response.content.decode()


def test_a_plain_form_with_a_nul_is_refused_before_its_view(coordinator):
    response = coordinator.client.post(
        reverse("people:participant-list"), "q=Kowal%00ska", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_report_parameter_with_a_nul_is_the_apis_invalid(coordinator, client):
    project = ProjectFactory(institution=coordinator.institution)
    token = token_for(coordinator.institution, Role.COORDINATOR)
    for report in ("budget", "indicators"):
        response = client.get(
            f"/api/v1/reports/{report}/?project={project.code}%00", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 400, report
        assert response.json()["code"] == "invalid" and response.json()["field"] == "project"
