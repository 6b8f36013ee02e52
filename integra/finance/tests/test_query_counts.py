"""The list of project budgets reads every project's status in a fixed number of queries (no query per project)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from integra.finance import queries
from integra.finance.tests.factories import expense, line, seed_004_budget
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_thirty_project_budgets_cost_the_same_queries_as_one(accountant, coordinator, django_assert_num_queries):
    projects = [ProjectFactory(institution=accountant.institution, code=f"POKL-{i:02d}") for i in range(30)]
    for project in projects[:3]:
        budget = seed_004_budget(coordinator.membership, project)
        expense(coordinator.membership, project, line(budget, "1.1"), D("1234.56"))
        ParticipationFactory(project=project)
    with django_assert_num_queries(13):
        page = accountant.client.get(reverse("finance:project-list")).content.decode()
    assert page.count('href="/finance/projects/') == 30
    assert page.count("385 365,31 zł") == 3 and page.count("1 234,56 zł") == 3


def test_bulk_statuses_match_the_status_of_each_project(coordinator):
    projects = [ProjectFactory(institution=coordinator.institution) for _ in range(3)]
    budget = seed_004_budget(coordinator.membership, projects[0])
    expense(coordinator.membership, projects[0], line(budget, "2.1"), D("100.00"))
    ParticipationFactory(project=projects[0])
    bulk = queries.budget_statuses(projects)
    for project in projects:
        one = queries.budget_status(project)
        assert bulk[project.pk].version == one.version
        assert bulk[project.pk].participants == one.participants
        assert [(r.line.number, r.planned, r.spent) for r in bulk[project.pk].rows] == [
            (r.line.number, r.planned, r.spent) for r in one.rows
        ]
    assert bulk[projects[0].pk].spent.total == D("100.00")
    assert bulk[projects[0].pk].planned.total == D("385365.31")
    assert bulk[projects[1].pk].version is None
