"""List screens read a fixed number of queries however many rows they show (no query per row)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_project_list_of_thirty_projects(coordinator, django_assert_num_queries):
    for i in range(30):
        ProjectFactory(institution=coordinator.institution, code=f"POKL-{i:02d}")
    with django_assert_num_queries(9):
        page = coordinator.client.get(reverse("projects:project-list")).content.decode()
    assert page.count("POKL-") == 25  # one page of INTEGRA_PAGE_SIZE, the same on every list


def test_project_detail_with_thirty_participants(coordinator, django_assert_num_queries):
    project = ProjectFactory(institution=coordinator.institution)
    for i in range(30):
        ParticipationFactory(
            project=project,
            participant=ParticipantFactory(institution=coordinator.institution, last_name=f"Kowalska{i:02d}"),
        )
    with django_assert_num_queries(13):
        page = coordinator.client.get(reverse("projects:project-detail", args=[project.pk])).content.decode()
    assert page.count("Kowalska") == 25  # one page of INTEGRA_PAGE_SIZE
